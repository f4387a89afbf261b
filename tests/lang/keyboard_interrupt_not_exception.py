# KeyboardInterrupt derives from BaseException, so `except Exception` misses it
def run():
    try:
        raise KeyboardInterrupt
    except Exception:
        return "caught as Exception"
try:
    run()
except KeyboardInterrupt as e:
    print("escaped except Exception:", type(e).__name__, repr(e))
try:
    raise KeyboardInterrupt("with message")
except BaseException as e:
    print(type(e).__name__, e, isinstance(e, Exception), isinstance(e, BaseException))
try:
    try:
        raise KeyboardInterrupt
    finally:
        print("finally still runs")
except KeyboardInterrupt:
    print("then caught")
