import stackless

def f():
    print("f parks")
    r = stackless.schedule_remove("unused")
    print("f resumed", r)

t = stackless.tasklet(f)()
print("run returned", stackless.run())
print(t.paused, stackless.getruncount())
t.tempval = "hello"
t.insert()
stackless.run()
print(t.alive)

# expect: f parks
# expect: run returned None
# expect: True 1
# expect: f resumed hello
# expect: False
