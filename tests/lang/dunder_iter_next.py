# iterator protocol: __iter__ and __next__, StopIteration, for loops
class Countdown:
    def __init__(self, start):
        self.n = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(5)))
c = Countdown(2)
for x in c:
    print("x", x)
print(list(c))
class Range2:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        i = 0
        while i < self.n:
            yield i
            i += 1
r = Range2(3)
print(list(r), list(r), sum(r), [a * b for a in r for b in r])
it = iter(Countdown(3))
print(next(it), next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration as e:
    print(type(e).__name__, e.args)
a, b, c = Countdown(3)
print(a, b, c)
print(sorted(Countdown(4)), max(Countdown(6)), dict(zip(Countdown(2), "ab")))
class NotIterable:
    pass
try:
    iter(NotIterable())
except TypeError as e:
    print(type(e).__name__, e)
try:
    for q in 5:
        pass
except TypeError as e:
    print(type(e).__name__, e)
