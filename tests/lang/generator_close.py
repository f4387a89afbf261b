# generator close(): GeneratorExit runs finally; closed generators are exhausted
def worker():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")
w = worker()
print(next(w))
w.close()
print(next(w, "closed"))
w.close()
def catcher():
    try:
        yield "a"
    except GeneratorExit:
        print("got GeneratorExit")
        raise
c = catcher()
next(c)
c.close()
unstarted = worker()
unstarted.close()
print("unstarted close prints nothing")
def bad():
    try:
        yield 1
    except GeneratorExit:
        yield 2
b = bad()
next(b)
try:
    b.close()
except RuntimeError as e:
    print(type(e).__name__, e)
print(issubclass(GeneratorExit, Exception), issubclass(GeneratorExit, BaseException))
