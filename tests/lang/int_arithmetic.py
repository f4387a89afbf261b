# Integer arithmetic with Python floor semantics
for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (6, 3)]:
    print(a, b, a + b, a - b, a * b, a // b, a % b, a / b, divmod(a, b))
print(2 ** 10, 2 ** 0, (-2) ** 3, -2 ** 2, 2 ** -1, 10 ** 18)
print(2 ** 62, -2 ** 62 * 2, 9223372036854775807)
print(-(-5), +5, -0, abs(-12))
print(1_000_000 + 1, 0x1F, 0o17, 0b1011, 0xff_ff)
print(17 // 5 * 5 + 17 % 5)
print(3 * 4 + 2 ** 3 ** 2 // 8 - 1)
print(int("42") + int("-17"), int("  12  "), int("ff", 16), int("0b101", 0), int("777", 8))
print(int(3.9), int(-3.9), int(-0.5), int("1_000"))
print(7 % 1, -1 % 7, 1000000007 * 1000000007 % 998244353)
x = 1
for i in range(60):
    x = x * 2
print(x, x - 1 + x)
print(round(7 / 2), 10 / 5, type(10 / 5).__name__, 10 // 5, type(10 // 5).__name__)
