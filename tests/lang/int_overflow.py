# Known failure in Spindle (64-bit ints): CPython has arbitrary precision
print(2 ** 64)
print(9223372036854775807 + 1)
print(-9223372036854775808 - 1)
print(10 ** 30 // 7)
f = 1
for i in range(1, 31):
    f *= i
print(f)
print(3 ** 100 % 1000000007)
