# CPython's exact TypeError messages for wrong argument counts and keywords
def f(x):
    return x
def g(a, b):
    return a + b
def h(a, b=1, *, c):
    return a
def nullary():
    return 0
class K:
    def m(self, x):
        return x
    def __init__(self, v):
        self.v = v
calls = [
    lambda: f(),
    lambda: g(1),
    lambda: g(),
    lambda: g(1, 2, 3),
    lambda: f(1, 2),
    lambda: nullary(1),
    lambda: f(y=1),
    lambda: f(1, x=2),
    lambda: g(1, 2, c=3),
    lambda: h(1),
    lambda: h(1, 2, 3, c=4),
    lambda: K(1).m(),
    lambda: K(1).m(1, 2),
    lambda: K(),
    lambda: K(1, 2),
    lambda: len(),
    lambda: len(1, 2),
    lambda: f(**{"x": 1, "z": 2}),
]
for c in calls:
    try:
        c()
        print("no error?")
    except TypeError as e:
        print(type(e).__name__ + ":", e)
