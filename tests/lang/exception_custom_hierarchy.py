# user-defined exception hierarchies, custom __init__ and __str__
class AppError(Exception):
    pass
class DbError(AppError):
    def __init__(self, table, code):
        super().__init__("db failure on %s" % table)
        self.table = table
        self.code = code
class NotFound(DbError):
    def __str__(self):
        return "not found: %s (code %d)" % (self.table, self.code)
class Weird(AppError):
    def __init__(self):
        pass
for exc in [AppError("generic"), DbError("users", 1), NotFound("orders", 404), Weird()]:
    try:
        raise exc
    except NotFound as e:
        print("NotFound:", e, e.args, e.code)
    except DbError as e:
        print("DbError:", e, e.args, e.table)
    except AppError as e:
        print("AppError:", type(e).__name__, repr(str(e)), e.args)
print(issubclass(NotFound, AppError), issubclass(AppError, DbError), isinstance(NotFound("t", 1), Exception))
print(repr(AppError("x")), repr(AppError()), repr(AppError(1, "two")), str(AppError(1, "two")))
try:
    raise NotFound("items", 7)
except Exception as e:
    print(isinstance(e, DbError), isinstance(e, (KeyError, AppError)), type(e).__name__)
class WithDefault(ValueError):
    def __init__(self, msg="default message"):
        super().__init__(msg)
try:
    raise WithDefault
except ValueError as e:
    print(type(e).__name__, e)
