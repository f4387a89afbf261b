# CPython's exact ValueError messages
cases = [
    lambda: int("x"),
    lambda: int(""),
    lambda: int("1.5"),
    lambda: int("12", 2),
    lambda: float("abc"),
    lambda: float(""),
    lambda: [1, 2].remove(3),
    lambda: [1, 2].index(9),
    lambda: "abc".index("z"),
    lambda: (1, 2).index(5),
    lambda: "a,b".split(""),
    lambda: range(1, 2, 0),
    lambda: chr(-5),
    lambda: "{:d}".format(1.5),
    lambda: max([]),
    lambda: min((), key=len),
]
for c in cases:
    try:
        c()
        print("no error?")
    except ValueError as e:
        print(type(e).__name__ + ":", e)
def unpack(values, n):
    if n == 2:
        a, b = values
    else:
        a, b, c = values
for vals, n in [([1, 2, 3], 2), ((1, 2), 3), ([], 2), ("abcd", 3), ([1], 2)]:
    try:
        unpack(vals, n)
    except ValueError as e:
        print(type(e).__name__ + ":", e)
try:
    a, *b, c = [1]
except ValueError as e:
    print(type(e).__name__ + ":", e)
try:
    x, y = 5
except TypeError as e:
    print(type(e).__name__ + ":", e)
