# Values survive pickle.dumps/loads with their types, shared references and
# cycles (checked against CPython's pickle: only results are printed).
import pickle

def rt(v):
    return pickle.loads(pickle.dumps(v))

for v in [None, True, False, 0, -5, 2**62, -2**62 * 2, 1.5, 1e300, -0.0, float("inf"), -float("inf"),
          "héllo ☃", "", [1, [2, [3]]], (1, (2,)), (), {"a": 1, 2: "b", (1, 2): [3]},
          {1, 2, 3}, frozenset({"x"}), range(1, 10, 2), slice(1, None, 2)]:
    w = rt(v)
    print(repr(w), type(w).__name__, w == v or v != v)

nan = rt(float("nan"))
print(nan != nan, repr(nan))
print(str(rt(-0.0)))

shared = [1, 2]
pair = rt([shared, shared])
print(pair[0] is pair[1], pair)

cyc = []
cyc.append(cyc)
c2 = rt(cyc)
print(c2[0] is c2, len(c2))

d = {}
d["self"] = d
d2 = rt(d)
print(d2["self"] is d2)

class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def norm1(self):
        return abs(self.x) + abs(self.y)

p = rt(Point(3, -4))
print(type(p).__name__, p.x, p.y, p.norm1())

class Node:
    pass

a, b = Node(), Node()
a.other, b.other = b, a
a2 = rt(a)
print(a2.other.other is a2)

e = rt(ValueError("bad", 42))
print(type(e).__name__, e.args, str(e))

def area(w, h=2):
    return w * h

f = rt(area)
print(f(3), f(3, 5))
print(rt({"f": area, "k": [area]})["k"][0](7))

# Reference cycles are not collected yet: break them so nothing leaks.
cyc.clear()
c2.clear()
d.clear()
d2.clear()
a.other = b.other = a2.other.other = a2.other = None
