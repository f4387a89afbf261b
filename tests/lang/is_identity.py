# is / is not compare identity, never printing ids
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c, id(a) == id(b), id(a) != id(c))
print(None is None, type(None) is type(None), True is True, type(1) is int, type("") is not str)
x = None
print(x is None, x is not None)
def f():
    pass
g = f
print(f is g, f() is None)
class K:
    pass
k1, k2 = K(), K()
print(k1 is k2, k1 is not k2, type(k1) is type(k2) is K)
t = (1, 2)
u = t
print(t is u, t[0] is t[0])
s = "a"
print(s is s, s is not None)
print([i is j for i, j in zip(a, b)])
e = {}
print(e.setdefault("k", a) is a, e["k"] is b)
