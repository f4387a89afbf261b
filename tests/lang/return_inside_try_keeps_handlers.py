# Code after a `return` inside try/finally or with is still protected.
class CM:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        print("exit", a[0].__name__ if a[0] else None)
        return False

def a(flag):
    try:
        if flag:
            return 0
        raise ValueError("x")
    finally:
        print("finally runs")

def b(flag):
    with CM():
        if flag:
            return 1
        raise KeyError("k")

def c(flag):
    for i in range(3):
        try:
            if flag:
                return i
            if i == 1:
                raise IndexError(i)
        except IndexError as e:
            print("caught inside", e)
    return -1

for f in (a, b):
    for flag in (True, False):
        try:
            print(f.__name__, flag, f(flag))
        except Exception as e:
            print(f.__name__, flag, "raised", type(e).__name__)
print(c(True), c(False))
