# exceptions unwind through several frames and run finally blocks
def level3(x):
    print("level3 start")
    if x < 0:
        raise ValueError("negative: %d" % x)
    return x * 2
def level2(x):
    try:
        return level3(x) + 1
    finally:
        print("level2 cleanup")
def level1(x):
    r = level2(x)
    print("level1 got", r)
    return r
print(level1(5))
try:
    level1(-1)
except ValueError as e:
    print("main caught", e)
def recurse(n):
    if n == 0:
        raise LookupError("bottom")
    try:
        recurse(n - 1)
    finally:
        print("unwinding", n)
try:
    recurse(3)
except LookupError as e:
    print("caught", e)
def catches_and_returns():
    try:
        level3(-7)
    except ValueError as e:
        return "converted: " + str(e)
print(catches_and_returns())
def gen():
    yield 1
    raise IndexError("from generator")
try:
    for v in gen():
        print("got", v)
except IndexError as e:
    print("caught", e)
