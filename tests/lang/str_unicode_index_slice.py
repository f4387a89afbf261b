# strings index and slice by code point, including non-ASCII
s = "héllo"
print(s, len(s), s[0], s[1], s[-1], s[1:3], s[::-1], s[::2])
j = "日本語テキスト"
print(j, len(j), j[0], j[2], j[-2:], j[1:4], j[::-1])
mixed = "aé日€😀z"
print(len(mixed), [c for c in mixed], mixed[4], mixed[3:5])
print([ord(c) for c in mixed])
print(chr(233), chr(26085), chr(128512), chr(65) + chr(0x20AC))
print("é" in s, "日本" in j, "x" in j, s.upper(), "ÉCOLE".lower())
print(repr("tab\there"), repr("quote'"), repr('dq"'), repr("both'\""), repr("nl\n"), repr("é日"))
print(s + j, s * 2, "-" * 10)
print(s.find("l"), j.find("語"), j.index("テ"), mixed.count("z"))
print("%s|%5s|%-5s|" % ("日", "é", "ü"))
print(f"{'日本':>6}|{'é':^5}|")
print("\u00e9" == "é", "\u65e5", "\x41\x42", "\U0001F600" == "😀")
print(sorted("bécà"), max("日本"), min("héllo"))
print("abc"[5:], "abc"[-10:2], "abc"[1:1])
