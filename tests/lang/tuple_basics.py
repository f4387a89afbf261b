# tuples: packing, count/index, comparison, hashing, nested unpacking
t = 1, 2, 3
print(t, type(t).__name__, len(t), (1,), (), tuple([4, 5]), tuple("ab"))
print(t.count(2), (1, 1, 2, 1).count(1), t.index(3), ("a", "b", "a").index("a", 1))
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 99), (1, 2) == (1, 2), (1,) == [1])
print(hash((1, 2)) == hash((1, 2)), hash((1, (2, 3))) == hash((1, (2, 3))))
d = {(0, 0): "origin", (1, 2): "p"}
print(d[(0, 0)], d[1, 2], (1, 2) in d)
(a, b), c = (1, 2), 3
print(a, b, c)
for i, (x, y) in enumerate([(1, "a"), (2, "b")]):
    print(i, x, y)
((p, q), (r, s)) = ((1, 2), (3, 4))
print(p + s, q * r)
print(t + (4,), t * 2, t[::-1], 2 in t, max(t), sum(t))
nested = (1, [2, 3])
nested[1].append(4)
print(nested)
try:
    t[0] = 9
except TypeError as e:
    print(type(e).__name__, e)
try:
    hash((1, [2]))
except TypeError as e:
    print(type(e).__name__, e)
try:
    t.index(7)
except ValueError as e:
    print(type(e).__name__, e)
print(tuple(x * x for x in range(4)), (1, 2) + (), (((1,),),))
