import stackless

def f(x):
    print("f", x)

def g(x):
    print("g", x)

t = stackless.tasklet(f)(1)
stackless.run()
print(t.alive)
try:
    t.setup(2)
except RuntimeError as e:
    print("RuntimeError", e)
t.bind(g)
t(3)
stackless.run()
t.bind(f, (4,))
print(t.paused)
t.insert()
stackless.run()
t2 = stackless.tasklet(f)(5)
try:
    t2(6)
except RuntimeError as e:
    print("RuntimeError", e)
stackless.run()

# expect: f 1
# expect: False
# expect: RuntimeError the tasklet was not bound to a function
# expect: g 3
# expect: True
# expect: f 4
# expect: RuntimeError tasklet is alive
# expect: f 5
