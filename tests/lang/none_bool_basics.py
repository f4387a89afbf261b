# None and bool: identity, truthiness, bool is an int subclass
x = None
print(x, x is None, x is not None, repr(x))
print(True, False, not True, not None)
print(True + True, True * 10, False - 1, True / 2)
print(int(True), str(False), repr(True))
print(isinstance(True, int), type(True).__name__, type(None).__name__)
print(True == 1, False == 0, 1 == 1.0 == True)
for v in [0, 1, -1, 0.0, 2.5, "", "a", [], [0], (), (None,), {}, {"k": 1}, None, set()]:
    print(repr(v), bool(v))
print(bool(), int(), float(), str() == "", list(), tuple(), dict())
def nothing():
    pass
print(nothing())
print(None == None, None == 0, None == False, None != "")
