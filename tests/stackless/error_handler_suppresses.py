import stackless

def handler(typ, val, tb):
    print("handler", typ.__name__, val, stackless.getcurrent() is t)

def bad():
    raise ValueError("v")

def other():
    print("other runs")

print(stackless.set_error_handler(handler))
t = stackless.tasklet(bad)()
stackless.tasklet(other)()
stackless.run()
print("run returned normally", t.alive)
print(stackless.set_error_handler(None) is handler)

# expect: None
# expect: handler ValueError v True
# expect: other runs
# expect: run returned normally False
# expect: True
