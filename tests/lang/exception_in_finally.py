# an exception raised in finally replaces the one in flight
def f():
    try:
        raise ValueError("from try")
    finally:
        raise KeyError("from finally")
try:
    f()
except Exception as e:
    print(type(e).__name__, e, type(e.__context__).__name__)
def g():
    try:
        return "try value"
    finally:
        print("finally runs before return completes")
print(g())
def h():
    try:
        try:
            raise TypeError("t")
        finally:
            print("inner finally")
    except TypeError as e:
        print("caught", e)
    finally:
        print("outer finally")
h()
def k():
    for i in range(3):
        try:
            if i == 1:
                raise RuntimeError("loop %d" % i)
        except RuntimeError as e:
            print("handled", e)
        finally:
            print("finally", i)
k()
