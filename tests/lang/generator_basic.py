# generator functions: laziness, state between yields, return ends iteration
def countdown(n):
    print("start")
    while n > 0:
        yield n
        n -= 1
    print("end")
g = countdown(3)
print("created", type(g).__name__)
print(next(g))
print(next(g))
print(list(g))
print(next(g, "exhausted"))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(15)])
def take(n, it):
    for i, v in enumerate(it):
        if i >= n:
            return
        yield v
print(list(take(5, fib())), list(take(0, fib())))
def early():
    yield 1
    return
    yield 2
print(list(early()))
def gen_with_locals():
    total = 0
    for x in range(5):
        total += x
        yield total
print(list(gen_with_locals()), sum(gen_with_locals()))
def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x
def squares(it):
    for x in it:
        yield x * x
print(list(squares(evens(range(10)))))
g1 = countdown(2)
g2 = countdown(2)
print(next(g1), next(g2), next(g1), g1 is iter(g1))
def two_yields_one_line():
    x = yield 1
    yield x
print(list(two_yields_one_line()))
