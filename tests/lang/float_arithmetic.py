# float arithmetic, mixing with ints, floor division and modulo of floats
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2)
print(1 + 2.0, 3 * 0.5, 2 ** 0.5, 2.0 ** -2, 9 ** 0.5, (-8) ** 2.0)
print(divmod(7.5, 2), divmod(-7.5, 2))
inf = float("inf")
nan = float("nan")
print(inf + 1, inf - inf, inf * 0, -inf * -1, 1 / inf, inf > 1e308)
print(nan == nan, nan != nan, nan < 1, nan > 1, nan is nan)
print(0.0 == -0.0, -0.0, 0.0 * -1, abs(-0.0), -0.0 + 0.0)
print(1.0 == 1, 1.5 > 1, 2 < 2.5, 0.1 + 0.2 == 0.3, round(0.1 + 0.2, 10) == 0.3)
print(float(10 ** 15), 10 ** 15 / 1, 1e300 * 1e10, -1e300 * 1e10)
print(int(2.5e9), int(-1e3), 7 / 2, -7 / 2, 1 / 8)
print(max(1, 2.0), min(1.0, 1), 4 // 1.5, 4 % 1.5)
total = 0.0
for i in range(10):
    total += 0.1
print(total, total == 1.0)
