import stackless

def f():
    try:
        print("f start")
        stackless.schedule_remove()
        print("never")
    finally:
        print("finally never runs")

t = stackless.tasklet(f)()
stackless.run()
print(t.alive, t.paused)
r = t.bind(None)
print(r is t, t.alive, t.paused, t.scheduled)
try:
    t.insert()
except RuntimeError as e:
    print("RuntimeError", e)
print("end")

# expect: f start
# expect: True True
# expect: True False False False
# expect: RuntimeError You cannot run an unbound(dead) tasklet
# expect: end
