# __call__ makes instances callable
class Adder:
    def __init__(self, n):
        self.n = n
        self.calls = 0
    def __call__(self, x, *more, scale=1):
        self.calls += 1
        return (x + self.n + sum(more)) * scale
add5 = Adder(5)
print(add5(1), add5(1, 2, 3), add5(0, scale=10), add5.calls)
print(list(map(Adder(100), [1, 2, 3])))
class Pipeline:
    def __init__(self, *steps):
        self.steps = steps
    def __call__(self, v):
        for s in self.steps:
            v = s(v)
        return v
p = Pipeline(Adder(1), str, lambda s: s * 3, len)
print(p(4))
class NotCallable:
    pass
try:
    NotCallable()()
except TypeError as e:
    print(type(e).__name__, e)
