# float repr: shortest round-trip repr, exponent form, special values
vals = [0.1, 0.5, 1.0, 2.0, -3.25, 0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1e15, 123456789012345678.0,
        1.5e-07, 1e-05, 0.0001, 0.001, 1e22, 1e-300, 5e-324, 1.7976931348623157e308,
        100.0, 1234.5678, 3.14159, 0.0, -0.0, 10.0 ** 20, 2.5e-3]
for v in vals:
    print(repr(v), str(v))
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, float("-inf"), float("  1.5  "), float("1e3"), float(7))
print([0.1, inf, -0.0], (nan,), {"f": 1.0})
print(float("Infinity"), float("-nan"), float("nan") == float("nan"))
print(1e16 + 1, 9007199254740993.0, 0.1 * 3, 1.1 * 1.1)
