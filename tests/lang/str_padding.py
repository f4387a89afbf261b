# str.center / ljust / rjust / zfill
print("[" + "abc".center(9) + "]", "[" + "abc".center(8, "*") + "]", "[" + "abcd".center(9, "-") + "]")
print("[" + "ab".ljust(5) + "]", "[" + "ab".rjust(5) + "]", "[" + "ab".ljust(5, ".") + "]", "[" + "ab".rjust(5, "0") + "]")
print("[" + "toolong".center(3) + "]", "[" + "x".ljust(0) + "]")
print("42".zfill(5), "-42".zfill(5), "+7".zfill(4), "abc".zfill(6), "12345".zfill(3), "".zfill(2))
for name, score in [("alice", 93), ("bob", 7), ("charlotte", 100)]:
    print(name.ljust(10, ".") + str(score).rjust(4))
print("日本".center(6, "*"), "é".rjust(3, "~"))
