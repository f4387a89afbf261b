# min, max (key, default, multiple args), sum (start), abs
print(min(3, 1, 2), max(3, 1, 2), min([4, 5, 0]), max("hello"), min("b", "a", "c"))
print(max(["aa", "b", "cccc"], key=len), min(["aa", "b", "cccc"], key=len), max([-3, 2, -5], key=abs))
print(max([], default="empty"), min([], default=None), max([1], default=9))
print(max([1, 3, 3], key=lambda x: 0), min([(2, "b"), (1, "z"), (1, "a")]))
print(max(1, 2.5), min(-0.0, 0), max(True, 0), max({"x": 1, "y": 0}), min({3, 1, 2}))
print(sum([1, 2, 3]), sum([1, 2, 3], 10), sum([0.1] * 10), sum([]), sum(range(101)), sum([[1], [2]], []))
print(sum(x * x for x in range(4)), sum((1, 2.5)), sum([True, True, False]))
print(abs(-5), abs(5), abs(-2.5), abs(0), abs(-0.0), abs(True))
try:
    max([])
except ValueError as e:
    print(type(e).__name__, e)
try:
    min()
except TypeError as e:
    print(type(e).__name__, e)
try:
    sum(["a", "b"], "")
except TypeError as e:
    print(type(e).__name__, e)
try:
    sum([1, "a"])
except TypeError as e:
    print(type(e).__name__, e)
try:
    abs("x")
except TypeError as e:
    print(type(e).__name__, e)
