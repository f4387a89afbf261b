# built-in exception hierarchy via issubclass and except clauses
pairs = [
    (ValueError, Exception), (TypeError, Exception), (KeyError, LookupError), (IndexError, LookupError),
    (LookupError, Exception), (ZeroDivisionError, ArithmeticError), (OverflowError, ArithmeticError),
    (ArithmeticError, Exception), (AttributeError, Exception), (NameError, Exception),
    (RecursionError, RuntimeError), (NotImplementedError, RuntimeError), (RuntimeError, Exception),
    (StopIteration, Exception), (AssertionError, Exception), (KeyboardInterrupt, Exception),
    (KeyboardInterrupt, BaseException), (Exception, BaseException), (SystemExit, Exception),
    (SystemExit, BaseException), (KeyError, IndexError), (ZeroDivisionError, ValueError), (bool, int),
]
for sub, sup in pairs:
    print(sub.__name__, "<", sup.__name__, issubclass(sub, sup))
def classify(exc):
    try:
        raise exc
    except ArithmeticError:
        return "arith"
    except LookupError:
        return "lookup"
    except Exception:
        return "exception"
    except BaseException:
        return "base"
for exc in [ZeroDivisionError, OverflowError("o"), KeyError("k"), IndexError, ValueError, KeyboardInterrupt, RecursionError]:
    print(classify(exc))
print(isinstance(KeyError(), LookupError), isinstance(StopIteration(), Exception), isinstance(ValueError(), (TypeError, ArithmeticError)))
try:
    int(float("inf"))
except OverflowError as e:
    print(type(e).__name__, e)
try:
    raise NotImplementedError
except RuntimeError as e:
    print(type(e).__name__, repr(e))
