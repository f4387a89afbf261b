# scalars.json: src/g_scalars.py's tuple of scalars.
import pickle, math, sys
v = pickle.loads(open(sys.path[0] + "/../scalars.json").read())
expected = (None, True, False, 0, 1, -1, 9223372036854775807, -9223372036854775807 - 1,
            0.0, -0.0, 1.5, -2.25e-300, 1e300, 5e-324, float("nan"), float("inf"), float("-inf"),
            "", "ascii", "quote \" backslash \\ newline \n tab \t nul \x00 del \x7f",
            "h\u00e9llo \u2713 \u65e5\u672c \U0001f600")
print(type(v).__name__, len(v) == len(expected))
for i in range(len(expected)):
    a, b = v[i], expected[i]
    same = type(a) is type(b) and (a == b or (a != a and b != b))
    if isinstance(b, float) and same:
        same = math.copysign(1.0, a) == math.copysign(1.0, b)
    if not same:
        print("item", i, "differs:", repr(a), repr(b))
print(v[0] is None, v[1] is True, v[2] is False)
print(repr(v[9]), math.isnan(v[14]), v[15] > 1e308, v[16] < -1e308)
print(len(v[20]), v[20][-1] == "\U0001f600", ord(v[19][-1]))

# expect: tuple True
# expect: True True True
# expect: -0.0 True True True
# expect: 12 True 127
