import stackless

def f():
    pass

t = stackless.tasklet()
try:
    t.bind(42)
except TypeError as e:
    print("TypeError", e)
try:
    stackless.getcurrent().bind(f)
except RuntimeError as e:
    print("RuntimeError", e)
t = stackless.tasklet(f)()
try:
    t.bind(f)
except RuntimeError as e:
    print("RuntimeError", e)
try:
    stackless.tasklet()()
except RuntimeError as e:
    print("RuntimeError", e)
stackless.run()
try:
    stackless.getcurrent().remove()
except RuntimeError as e:
    print("RuntimeError", e)

# expect: TypeError tasklet function must be a callable or None
# expect: RuntimeError can't (re)bind the current tasklet
# expect: RuntimeError tasklet is scheduled
# expect: RuntimeError the tasklet was not bound to a function
# expect: RuntimeError The current tasklet cannot be removed.
