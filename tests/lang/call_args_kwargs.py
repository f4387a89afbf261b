# calls: positional, keyword, *args, **kwargs, unpacking at call site
def f(a, b, c=3, *args, d=4, **kw):
    return (a, b, c, args, d, kw)
print(f(1, 2))
print(f(1, 2, 30, 40, 50))
print(f(b=2, a=1))
print(f(1, 2, d=9, e=10, g=11))
print(f(*[1, 2, 3, 4]))
print(f(*(1,), **{"b": 2, "zz": 0}))
print(f(1, *[2, 3], *(4,), d=5, **{"x": 1}, **{"y": 2}))
def g(*args):
    return len(args), args
print(g(), g(1), g(*"abc"), g(*range(3), 9))
def h(**kwargs):
    return sorted(kwargs.items())
print(h(), h(b=1, a=2), h(**{"k": "v"}))
def order(**kw):
    return list(kw)
print(order(z=1, a=2, m=3))
def show(x, y):
    print("x =", x, "y =", y)
show(y="Y", x="X")
args = (1,)
kwargs = {"y": 2}
show(*args, **kwargs)
print(print("inner") is None)
