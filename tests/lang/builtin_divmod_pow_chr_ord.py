# divmod, pow (2 and 3 args), chr, ord
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(-17, -5), divmod(0, 3))
print(divmod(7.5, 2), divmod(-7.5, 2), divmod(1, 0.3))
print(pow(2, 10), pow(2, -2), pow(-2, 3), pow(2.0, 3), pow(9, 0.5), pow(0, 0))
print(pow(3, 200, 13), pow(2, 100, 1000000007), pow(7, 0, 5), pow(-3, 3, 7), pow(5, 3, 1))
print(chr(65), chr(97), chr(48), chr(233), chr(0x65E5), chr(0x1F600), repr(chr(10)), repr(chr(0)))
print(ord("A"), ord("z"), ord("0"), ord(" "), ord("é"), ord("日"), ord("😀"))
print("".join(chr(ord(c) + 1) for c in "HAL"), [ord(c) - ord("a") for c in "abcz"])
for bad in [lambda: divmod(1, 0), lambda: pow(0, -1), lambda: divmod(1.0, 0)]:
    try:
        bad()
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
for bad in [lambda: ord("ab"), lambda: ord(""), lambda: chr(-1), lambda: chr(0x110000), lambda: pow(2, 3, 0)]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
