# yield from: delegation, return value of the subgenerator, send passthrough
def inner():
    x = yield "inner-1"
    print("inner received", x)
    yield "inner-2"
    return "inner-result"
def outer():
    result = yield from inner()
    print("outer got", result)
    yield "outer-done"
    return "outer-result"
g = outer()
print(next(g))
print(g.send("sent!"))
print(next(g))
try:
    next(g)
except StopIteration as s:
    print("final", s.value)
def flatten(x):
    if isinstance(x, list):
        for item in x:
            yield from flatten(item)
    else:
        yield x
print(list(flatten([1, [2, [3, [4, []]], 5], [[6]]])))
def chain(*its):
    for it in its:
        yield from it
print(list(chain("ab", [1, 2], range(3), (x for x in "z"))))
def sub():
    yield 1
    return 10
def total():
    a = yield from sub()
    b = yield from sub()
    return a + b
def runner():
    r = yield from total()
    yield "sum=%d" % r
print(list(runner()))
