# Exceptions: built-in classes with args, a user subclass with attributes,
# __cause__ and __context__ with suppress_context, tracebacks.
def make():
    class AppError(ValueError):
        def __init__(self, code, msg):
            super().__init__(msg)
            self.code = code
    plain = KeyError("missing")
    try:
        try:
            {}["k"]
        except KeyError as e:
            raise AppError(7, "bad thing") from e
    except AppError as e:
        chained = e
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise RuntimeError("while handling")
    except RuntimeError as e:
        implicit = e
    return [plain, chained, implicit, StopIteration(42), OSError(2, "No such file"), AppError]
