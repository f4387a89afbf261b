# rich comparisons: sorted() uses __lt__, reflected comparisons, NotImplemented
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))
        self.s = s
    def __lt__(self, other):
        return self.parts < other.parts
    def __le__(self, other):
        return self.parts <= other.parts
    def __eq__(self, other):
        return isinstance(other, Version) and self.parts == other.parts
    def __repr__(self):
        return "V" + self.s
vs = [Version(s) for s in ["1.10", "1.2", "0.9.9", "1.2.0", "1.2"]]
print(sorted(vs))
print(sorted(vs, reverse=True))
print(max(vs), min(vs))
a, b = Version("1.0"), Version("2.0")
print(a < b, a > b, a <= b, a >= b, a == b, a != b, a == Version("1.0"), a != Version("1.0"))
class OnlyLt:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        print("lt", self.v, other.v)
        return self.v < other.v
x, y = OnlyLt(1), OnlyLt(2)
print(y > x)
class Money:
    def __init__(self, c):
        self.c = c
    def __gt__(self, other):
        return self.c > other.c
    def __ge__(self, other):
        return self.c >= other.c
    def __ne__(self, other):
        return "custom ne"
print(Money(5) > Money(3), Money(2) >= Money(2), Money(1) != Money(1), Money(1) == Money(1))
try:
    OnlyLt(1) <= OnlyLt(2)
except TypeError as e:
    print(type(e).__name__, e)
