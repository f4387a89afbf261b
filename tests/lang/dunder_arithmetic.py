# arithmetic dunders: __add__ __sub__ __mul__ __radd__ __neg__, NotImplemented fallbacks
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        if isinstance(o, Vec):
            return Vec(self.x + o.x, self.y + o.y)
        return NotImplemented
    def __radd__(self, o):
        if o == 0:
            return self
        return NotImplemented
    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __eq__(self, o):
        return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __repr__(self):
        return "Vec(%d, %d)" % (self.x, self.y)
a, b = Vec(1, 2), Vec(10, 20)
print(a + b, b - a, a * 3, 3 * a, -a, a == Vec(1, 2), a != b)
print(sum([a, b, Vec(100, 100)]))
v = Vec(0, 0)
v += a
v -= Vec(5, 5)
print(v)
try:
    a + 1
except TypeError as e:
    print(type(e).__name__, e)
try:
    "s" - a
except TypeError as e:
    print(type(e).__name__, e)
class Meters:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return Meters(self.v + (o.v if isinstance(o, Meters) else o))
    def __radd__(self, o):
        print("radd called with", o)
        return Meters(o + self.v)
    def __iadd__(self, o):
        print("iadd")
        self.v += o
        return self
m = Meters(5)
print((m + 3).v, (2 + m).v, (m + m).v)
m += 1
print(m.v)
