import stackless

def f():
    r = stackless.schedule()
    print("default is current:", r is stackless.getcurrent())
    r = stackless.schedule(42)
    print("retval:", r)

def g():
    print("g runs")
    stackless.schedule()
    print("g again")

stackless.tasklet(f)()
stackless.tasklet(g)()
stackless.run()
print("alone:", stackless.schedule("x"))

# expect: g runs
# expect: default is current: True
# expect: g again
# expect: retval: 42
# expect: alone: x
