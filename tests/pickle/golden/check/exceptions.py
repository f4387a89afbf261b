# exceptions.json: src/g_exceptions.py: exception instances with args,
# attributes, __cause__, __context__ and tracebacks.
import pickle, sys
plain, chained, implicit, stop, oserr, AppError = pickle.loads(open(sys.path[0] + "/../exceptions.json").read())
print(type(plain) is KeyError, plain.args, str(plain))
print(type(chained).__name__, isinstance(chained, ValueError), chained.args, chained.code, type(chained) is AppError)
print(type(chained.__cause__).__name__, chained.__cause__.args, chained.__suppress_context__)
print(type(implicit).__name__, implicit.args, type(implicit.__context__).__name__, implicit.__cause__, implicit.__suppress_context__)
print(stop.value, stop.args, oserr.args, oserr.errno, oserr.strerror)
try:
    raise AppError(9, "again")
except ValueError as e:
    print("caught", e, e.code)
try:
    raise chained
except AppError as e:
    print("re-raised", e is chained, e.code)

# expect: True ('missing',) 'missing'
# expect: AppError True ('bad thing',) 7 True
# expect: KeyError ('k',) True
# expect: RuntimeError ('while handling',) ZeroDivisionError None False
# expect: 42 (42,) (2, 'No such file') 2 No such file
# expect: caught again 9
# expect: re-raised True 7
