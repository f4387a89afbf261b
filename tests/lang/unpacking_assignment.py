# tuple/list unpacking in assignment, swaps, chained assignment
a, b = 1, 2
print(a, b)
a, b = b, a
print(a, b)
[c, d] = "xy"
print(c, d)
(e, f), g = [1, 2], 3
print(e, f, g)
x = y = z = [0]
x.append(1)
print(y, z is x)
p, q, r = range(3)
print(p, q, r)
k1, k2 = {"first": 1, "second": 2}
print(k1, k2)
for (n, (lo, hi)) in [("a", (1, 2)), ("b", (3, 4))]:
    print(n, lo + hi)
lst = [0, 0, 0]
i = 0
i, lst[i] = 1, 9
print(i, lst)
class Holder:
    pass
obj = Holder()
obj.a, obj.b = "A", "B"
print(obj.a, obj.b)
m = {}
m["x"], m["y"] = 10, 20
print(m)
t = 1,
print(t, len(t))
(single,) = [42]
print(single)
a, b, c = (i * i for i in range(3))
print(a, b, c)
