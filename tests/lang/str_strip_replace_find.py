# str.strip family, replace, find/rfind/index/count, startswith/endswith
s = "  \thello world \n"
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print("xxhixx".strip("x"), "abcHELLOcba".strip("abc"), "xxhi".lstrip("x"), "hixx".rstrip("x"))
print("aaa".replace("a", "b"), "aaa".replace("a", "b", 2), "abc".replace("", "-"), "hello".replace("l", ""))
t = "banana"
print(t.find("an"), t.rfind("an"), t.find("x"), t.rfind("x"), t.find("a", 2), t.find("a", 2, 3))
print(t.index("n"), t.rfind("n"), t.count("a"), t.count("an"), t.count(""), "aaaa".count("aa"))
print(t.startswith("ban"), t.startswith("nan", 2), t.endswith("na"), t.endswith(("x", "na")), t.startswith(("a", "b")))
try:
    t.index("z")
except ValueError as e:
    print(type(e).__name__, e)
print("Mississippi".replace("ss", "SS").lower().count("ss"))
print("a-b_c d".replace("-", " ").replace("_", " ").split())
print("  x  ".strip() == "x", "".strip() == "", "abc".strip("") == "abc")
