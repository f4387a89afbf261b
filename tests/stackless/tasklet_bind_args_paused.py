import stackless

def f(x, y=0):
    print("f", x, y)

t = stackless.tasklet(f, (1,), {"y": 2})
print(t.alive, t.scheduled, t.paused)
print(stackless.getruncount())
stackless.run()
print("nothing ran")
t.insert()
print(t.scheduled, t.paused)
stackless.run()
print(t.alive)

# expect: True False True
# expect: 1
# expect: nothing ran
# expect: True False
# expect: f 1 2
# expect: False
