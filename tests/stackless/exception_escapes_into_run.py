import stackless

def bad():
    print("bad raises")
    raise ValueError("oops")

def other(n):
    print("other", n)

stackless.tasklet(other)(1)
stackless.tasklet(bad)()
stackless.tasklet(other)(2)
try:
    stackless.run()
except ValueError as e:
    print("run raised", e)
stackless.run()
print("end")

# expect: other 1
# expect: bad raises
# expect: run raised oops
# expect: other 2
# expect: end
