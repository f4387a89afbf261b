# range: start/stop/step, negative steps, len, indexing, membership, equality
print(list(range(5)), list(range(2, 6)), list(range(0, 10, 3)), list(range(10, 0, -3)), list(range(5, 5)))
print(list(range(-3)), list(range(-5, -1)), list(range(3, -3, -2)))
r = range(0, 20, 4)
print(r, len(r), r[1], r[-1], r[1:3], 8 in r, 9 in r, r.index(12), r.count(4))
print(range(3), range(1, 5), range(0, 10, 2), len(range(10, 0, -3)), len(range(0)))
print(range(0, 3) == range(3), range(0) == range(5, 5), list(reversed(range(3))), sum(range(1, 11)))
print(range(10)[::2], list(range(10)[::-3]), max(range(7)), min(range(3, 9)))
try:
    range(0, 10, 0)
except ValueError as e:
    print(type(e).__name__, e)
try:
    range(3)[5]
except IndexError as e:
    print(type(e).__name__, e)
try:
    range(1.5)
except TypeError as e:
    print(type(e).__name__, e)
