# str.split / rsplit / join / splitlines
print("a b  c\t d\n".split())
print("a,b,,c".split(","))
print("a,b,,c".split(",", 1))
print("a,b,,c".rsplit(",", 1))
print("  lead and trail  ".split())
print("one two three four".split(None, 2))
print("one two three four".rsplit(None, 2))
print("x--y--z".split("--"))
print("".split(), "".split(","), "abc".split("abc"))
print("a b c".rsplit(" "), "a.b.c".rsplit(".", maxsplit=1))
print("-".join(["a", "b", "c"]), "".join([]), ", ".join("xyz"), "/".join(("only",)))
print("line1\nline2\r\nline3\n".splitlines())
print("a\n\nb".splitlines(), "no newline".splitlines(), "".splitlines())
print("k=v=w".partition("="), "k=v=w".rpartition("="), "abc".partition("x"), "abc".rpartition("x"))
words = "the quick brown fox".split()
print(" ".join(reversed(words)), " ".join(w.capitalize() for w in words))
try:
    "a".split("")
except ValueError as e:
    print(type(e).__name__, e)
try:
    ",".join(["a", 1])
except TypeError as e:
    print(type(e).__name__, e)
