# bare raise re-raises the current exception; raising classes vs instances
def handler():
    try:
        raise ValueError("original")
    except ValueError:
        print("logging and re-raising")
        raise
try:
    handler()
except ValueError as e:
    print("outer got", type(e).__name__, e)
try:
    raise KeyError
except KeyError as e:
    print("class raised:", type(e).__name__, e.args, repr(str(e)))
try:
    try:
        1 / 0
    except ZeroDivisionError:
        try:
            raise TypeError("nested")
        except TypeError:
            pass
        raise
except ZeroDivisionError as e:
    print("re-raised the right one:", e)
try:
    raise
except RuntimeError as e:
    print(type(e).__name__, e)
try:
    raise 42
except TypeError as e:
    print(type(e).__name__, e)
