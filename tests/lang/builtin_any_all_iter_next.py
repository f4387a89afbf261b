# any, all (short-circuit), iter, next (with default)
print(any([]), all([]), any([0, "", None]), all([1, "x", [0]]), any([0, 2]), all([1, 0]))
def noisy(v):
    print("check", v)
    return v
print(any(noisy(x) for x in [0, 1, 2]))
print(all(noisy(x) for x in [1, 0, 2]))
it = iter([10, 20])
print(next(it), next(it), next(it, "default"), next(it, None))
try:
    next(it)
except StopIteration as e:
    print(type(e).__name__, e.args)
s = iter("ab")
print(next(s), list(s))
d = iter({"k1": 1, "k2": 2})
print(next(d), next(d))
lst = [1, 2, 3]
i1, i2 = iter(lst), iter(lst)
print(next(i1), next(i1), next(i2), iter(i1) is i1)
r = iter(range(2, 5))
print(list(r), list(r))
try:
    next([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
