# bitwise operators on ints, including negatives
for a, b in [(12, 10), (-12, 10), (255, -1), (0, 7)]:
    print(a & b, a | b, a ^ b, ~a, a << 2, a >> 2)
print(1 << 62, (1 << 62) - 1 + (1 << 62) == 9223372036854775807, -1 >> 10, -1024 >> 3, 5 >> 10)
print(0b1010 == 10, 0xff, 0o10, -0b101, -0xff, 0b0)
print(0b1010 ^ 0b0110, 0xF0 | 0x0F, 0xFF & ~0x0F, True & False, True | False, True ^ True)
x = 0
for bit in [0, 3, 5]:
    x |= 1 << bit
print(x, [(x >> i) & 1 for i in range(7)])
x &= ~(1 << 3)
x ^= 0b11
x <<= 1
x >>= 2
print(x)
print(-7 & 0xFF, (-7) % 256, 6 & 3 == 2, 1 | 2 ^ 3 & 4)
try:
    1 << -1
except ValueError as e:
    print(type(e).__name__, e)
try:
    1.0 & 1
except TypeError as e:
    print(type(e).__name__, e)
