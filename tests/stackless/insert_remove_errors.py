import stackless

ch = stackless.channel()

def r():
    ch.receive()

def f(n):
    print("f", n)

t = stackless.tasklet(r)()
stackless.run()
try:
    t.insert()
except RuntimeError as e:
    print("RuntimeError", e)
try:
    t.remove()
except RuntimeError as e:
    print("RuntimeError", e)
a = stackless.tasklet(f)(1)
b = stackless.tasklet(f)(2)
print(a.insert() is a, stackless.getruncount())
print(a.remove() is a, a.paused, stackless.getruncount())
print(a.remove() is a)
a.insert()
stackless.run()
t.kill()
print("end")

# expect: RuntimeError You cannot run a blocked tasklet
# expect: RuntimeError You cannot remove a blocked tasklet.
# expect: True 3
# expect: True True 2
# expect: True
# expect: f 2
# expect: f 1
# expect: end
