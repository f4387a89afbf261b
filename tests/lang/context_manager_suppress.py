# __exit__ receives exception info and can suppress it by returning True
class Suppress:
    def __init__(self, *types):
        self.types = types
    def __enter__(self):
        return self
    def __exit__(self, exc_type, exc, tb):
        print("exit got", exc_type.__name__ if exc_type else None, repr(exc), tb is not None)
        return exc_type is not None and issubclass(exc_type, self.types)
with Suppress(ZeroDivisionError):
    print("before")
    1 / 0
    print("not reached")
print("after suppressed")
with Suppress(KeyError, IndexError):
    [][1]
print("after index error")
try:
    with Suppress(KeyError):
        raise ValueError("not suppressed")
except ValueError as e:
    print("propagated", e)
with Suppress(Exception):
    pass
class Transform:
    def __enter__(self):
        return self
    def __exit__(self, t, v, tb):
        if t is KeyError:
            raise RuntimeError("converted") from v
try:
    with Transform():
        {}["k"]
except RuntimeError as e:
    print(type(e).__name__, e, type(e.__cause__).__name__)
def f():
    for i in range(3):
        with Suppress(ValueError):
            if i == 1:
                raise ValueError(i)
            print("iteration", i)
    return "done"
print(f())
