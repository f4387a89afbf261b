# objects with __eq__/__hash__ as dict keys and set members
class Key:
    def __init__(self, name):
        self.name = name
    def __eq__(self, other):
        return isinstance(other, Key) and self.name.lower() == other.name.lower()
    def __hash__(self):
        return hash(self.name.lower())
    def __repr__(self):
        return "Key(%s)" % self.name
d = {Key("Alpha"): 1}
d[Key("ALPHA")] = 2
d[Key("beta")] = 3
print(d, len(d), Key("alpha") in d, d[Key("BETA")])
s = {Key("x"), Key("X"), Key("y")}
print(len(s), Key("Y") in s)
class EqOnly:
    def __eq__(self, other):
        return True
try:
    {EqOnly(): 1}
except TypeError as e:
    print(type(e).__name__, e)
print(EqOnly() == 5, EqOnly() != 5)
class Plain:
    pass
p = Plain()
q = Plain()
print(p == p, p == q, p != q, {p: "p"}[p], hash(p) == hash(p))
class Coord:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, o):
        return (self.x, self.y) == (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y))
grid = {Coord(0, 0): "origin", Coord(1, 2): "point"}
print(grid[Coord(1, 2)], Coord(0, 0) in grid, Coord(5, 5) in grid, Coord(1, 2) == Coord(1, 2))
print(hash(Coord(3, 4)) == hash(Coord(3, 4)), hash(7), hash(1) == hash(1.0), hash(True), hash(2.0) == hash(2))
