# StopIteration carries a generator's return value
def g():
    yield 1
    return "the value"
it = g()
print(next(it))
try:
    next(it)
except StopIteration as e:
    print(type(e).__name__, repr(e.value), e.args)
def no_return():
    yield 1
it = no_return()
next(it)
try:
    next(it)
except StopIteration as e:
    print(repr(e.value), e.args)
e = StopIteration(42)
print(e.value, e.args)
print(StopIteration().value)
def raising_inside():
    yield 1
    raise StopIteration("bad")
try:
    list(raising_inside())
except RuntimeError as err:
    print(type(err).__name__, err)
print(list(g()), [x for x in g()])
