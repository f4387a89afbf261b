# importing a missing module or name raises ImportError (ModuleNotFoundError)
try:
    import _no_such_module_here
except ImportError as e:
    print(type(e).__name__, e, isinstance(e, ImportError))
try:
    from _shapes import NoSuchName
except ImportError as e:
    print(type(e).__name__)
print(issubclass(ModuleNotFoundError, ImportError))
