import stackless

def handler(typ, val, tb):
    print("handler sees", val)
    raise KeyError("from handler")

def bad():
    raise ValueError("v")

stackless.set_error_handler(handler)
stackless.tasklet(bad)()
try:
    stackless.run()
except KeyError as e:
    print("run raised KeyError", e)
except ValueError as e:
    print("run raised ValueError", e)
stackless.set_error_handler(None)

# expect: handler sees v
# expect: run raised KeyError 'from handler'
