import stackless

def f(x):
    print("f", x)

t = stackless.tasklet(f)
print(t.alive, t.scheduled, t.paused)
print(stackless.getruncount())
r = t(1)
print(r is t, t.alive, t.scheduled, t.paused)
print(stackless.getruncount())
stackless.run()
print(t.alive, stackless.getruncount())

# expect: False False False
# expect: 1
# expect: True True True False
# expect: 2
# expect: f 1
# expect: False 1
