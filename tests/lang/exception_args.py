# e.args, str() and repr() of exceptions with 0, 1 and many arguments
for e in [ValueError(), ValueError("one"), ValueError("a", 2), KeyError("k"), KeyError(), KeyError(1, 2),
          IndexError(5), Exception(None), RuntimeError(""), TypeError(["list"])]:
    print(type(e).__name__, e.args, repr(str(e)), repr(e))
try:
    {}["missing"]
except KeyError as e:
    print(e.args, str(e), repr(e))
try:
    [].pop()
except IndexError as e:
    print(e.args)
e = Exception("x", "y")
a, b = e.args
print(a, b, len(e.args), e.args[0])
