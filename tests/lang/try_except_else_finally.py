# try/except/else/finally execution order
def attempt(x):
    try:
        print("try", x)
        r = 10 // x
    except ZeroDivisionError:
        print("except")
        return "error"
    else:
        print("else", r)
        return r
    finally:
        print("finally", x)
print(attempt(2))
print(attempt(0))
try:
    pass
finally:
    print("finally with no exception")
try:
    try:
        raise KeyError("inner")
    finally:
        print("inner finally runs before outer except")
except KeyError as e:
    print("outer caught", e)
for i in range(3):
    try:
        if i == 1:
            continue
        print("loop body", i)
    finally:
        print("loop finally", i)
try:
    int("x")
except (TypeError, ValueError):
    print("caught by tuple")
except Exception:
    print("not this one")
try:
    raise IndexError("first matching clause wins")
except LookupError as e:
    print("LookupError clause:", type(e).__name__, e)
except IndexError:
    print("never")
e = "before"
try:
    raise ValueError("v")
except ValueError as e:
    print("bound", e)
try:
    print(e)
except NameError as ne:
    print("as-target deleted after except:", ne)
