# augmented assignment on names, list items, attributes, dict entries
x = 10
x += 5; print(x)
x -= 3; print(x)
x *= 2; print(x)
x //= 5; print(x)
x %= 3; print(x)
x **= 3; print(x)
x /= 4; print(x)
y = 6
y <<= 2; y >>= 1; y |= 1; y &= 0b1111; y ^= 2; print(y)
s = "ab"
s += "cd"; s *= 2; print(s)
lst = [1, 2, 3]
lst[0] += 100
lst[-1] *= 10
print(lst)
class Box:
    pass
b = Box()
b.count = 0
for _ in range(5):
    b.count += 2
print(b.count)
d = {"n": 1}
d["n"] += 41
d.setdefault("m", []).append(1)
d["m"] += [2]
print(d)
calls = []
def key():
    calls.append("key")
    return 0
arr = [5]
arr[key()] += 1
print(arr, calls)
t = (1, 2)
t += (3,)
print(t)
nested = [[1], [2]]
nested[1][0] -= 7
print(nested)
try:
    tup = ([1],)
    tup[0] += [2]
except TypeError as e:
    print(type(e).__name__, e, tup)
