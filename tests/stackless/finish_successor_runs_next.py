import stackless

def short():
    print("short ends")

def other(name):
    print(name)

def starter():
    print("starter runs t")
    t.run()
    print("starter resumed")

stackless.tasklet(other)("x")
stackless.tasklet(starter)()
t = stackless.tasklet(short)()
stackless.tasklet(other)("y")
stackless.run()
print("end")

# expect: x
# expect: starter runs t
# expect: short ends
# expect: y
# expect: starter resumed
# expect: end
