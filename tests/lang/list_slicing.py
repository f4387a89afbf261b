# slicing with steps, slice assignment, del on slices
a = list(range(10))
print(a[2:5], a[:3], a[7:], a[-3:], a[:-7], a[::3], a[1::2], a[::-1], a[8:2:-2], a[-1:-4:-1])
print(a[100:], a[-100:2], a[5:2], a[::-3], a[2:8][::2])
s = "abcdefgh"
print(s[1:6:2], s[::-1], s[-2::-2], s[:0], s[3:3])
t = (0, 1, 2, 3, 4)
print(t[1:3], t[::2], t[::-1], t[4:0:-1])
b = list(range(6))
b[1:3] = ["x", "y", "z"]; print(b)
b[::2] = [10, 20, 30, 40][:len(b[::2])]; print(b)
b[:] = [1, 2]; print(b)
b[1:1] = [7, 8]; print(b)
b[-1:] = []; print(b)
b[len(b):] = [99]; print(b)
c = list(range(10))
del c[1]; print(c)
del c[::2]; print(c)
del c[1:3]; print(c)
del c[-1]; print(c)
del c[:]; print(c)
try:
    d = [1, 2, 3, 4]
    d[::2] = [1, 2, 3]
except ValueError as e:
    print(type(e).__name__, e)
print(a[1:4][::-1], a[-1::-4], "".join(reversed("abc"))[::2])
