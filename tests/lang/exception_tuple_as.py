# except (A, B) as e, isinstance checks on the caught exception
def risky(kind):
    if kind == "key":
        return {}["k"]
    if kind == "index":
        return [][0]
    if kind == "zero":
        return 1 / 0
    if kind == "type":
        return "a" + 1
    return "ok"
for kind in ["key", "index", "zero", "type", "none"]:
    try:
        print(risky(kind))
    except (KeyError, IndexError) as e:
        print("lookup:", type(e).__name__, isinstance(e, LookupError), repr(e))
    except (ZeroDivisionError, TypeError) as e:
        print("other:", type(e).__name__, isinstance(e, ArithmeticError), e)
errs = (ValueError, TypeError)
try:
    raise TypeError("from a tuple variable")
except errs as e:
    print(type(e).__name__, e, isinstance(e, errs), isinstance(e, (KeyError, Exception)))
