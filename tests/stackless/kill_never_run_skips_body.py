import stackless

def f():
    print("body")

t = stackless.tasklet(f)()
print(t.alive, t.scheduled)
t.kill()
print(t.alive, t.scheduled)
stackless.run()
t2 = stackless.tasklet(f)()
stackless.run()
print(t2.alive)
t2.kill()
t2.throw(TaskletExit)
print("dead kill no-op")
try:
    t2.throw(ValueError)
except RuntimeError as e:
    print("RuntimeError", e)

# expect: True True
# expect: False False
# expect: body
# expect: False
# expect: dead kill no-op
# expect: RuntimeError You cannot throw to a dead tasklet
