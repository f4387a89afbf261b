# str.format: positional, indexed, named, attribute and index fields, specs
print("{} + {} = {}".format(1, 2, 3))
print("{0}{1}{0}".format("ab", "cd"))
print("{name} is {age}".format(name="Ann", age=30))
print("{0[1]} {0[0]} {d[k]} {d[k2]}".format(["a", "b"], d={"k": "v", "k2": 2}))
class Pt:
    def __init__(self):
        self.x, self.y = 1, 2
print("({p.x}, {p.y})".format(p=Pt()))
print("[{:>8}] [{:<8}] [{:^8}] [{:*^8}]".format("r", "l", "c", "s"))
print("{:.3f} {:08.2f} {:+d} {:,} {:x} {:#b} {:e}".format(3.14159, 2.5, 5, 10 ** 6, 255, 5, 1234.5))
print("{0:>{1}} {2:{3}.{4}f}".format("w", 6, 1.23456, 9, 2))
print("{0!r} {1!s} {0!r:>8}".format("q", "s"))
print("{{}} {{{0}}}".format("braces"))
print("{a}-{b}-{a}".format(**{"a": 1, "b": 2}), "{}{}".format(*"xy"))
print("{0} {0:5} {0:<5}|".format(7))
try:
    "{} {}".format(1)
except IndexError as e:
    print(type(e).__name__, e)
try:
    "{missing}".format(present=1)
except KeyError as e:
    print(type(e).__name__, e)
try:
    "{:d}".format("s")
except ValueError as e:
    print(type(e).__name__, e)
try:
    "{} {0}".format(1)
except ValueError as e:
    print(type(e).__name__, e)
