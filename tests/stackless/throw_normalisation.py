import stackless

def victim():
    while True:
        try:
            stackless.schedule_remove()
        except Exception as e:
            print("victim got", type(e).__name__, e.args)

t = stackless.tasklet(victim)()
stackless.run()
t.throw(ValueError)
t.throw(ValueError, "msg")
t.throw(KeyError, ("a", "b"))
t.throw(IndexError("inst"))
try:
    t.throw(IndexError("inst"), "v")
except TypeError as e:
    print("TypeError", e)
t.raise_exception(ValueError, 1, 2)
print("main end", t.paused)
t.kill()
print(t.alive)

# expect: victim got ValueError ()
# expect: victim got ValueError ('msg',)
# expect: victim got KeyError ('a', 'b')
# expect: victim got IndexError ('inst',)
# expect: TypeError instance exception may not have a separate value
# expect: victim got ValueError (1, 2)
# expect: main end True
# expect: False
