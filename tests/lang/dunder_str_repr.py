# __str__ and __repr__: print, str(), repr(), containers use repr
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return "Point(%r, %r)" % (self.x, self.y)
    def __str__(self):
        return "(%s, %s)" % (self.x, self.y)
class OnlyRepr:
    def __repr__(self):
        return "<OnlyRepr>"
p = Point(1, "a")
print(p)
print(str(p), repr(p))
print([p, Point(2.5, None)])
print({"k": p}, (p,))
print(OnlyRepr(), str(OnlyRepr()), [OnlyRepr()])
print("%s %r" % (p, p), "{} {!r}".format(p, p), f"{p} {p!r}")
print(str(p) + "!", len(repr(p)))
class Bad:
    def __str__(self):
        return 42
try:
    str(Bad())
except TypeError as e:
    print(type(e).__name__, e)
