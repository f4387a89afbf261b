import stackless

print(issubclass(TaskletExit, SystemExit))
print(issubclass(TaskletExit, Exception))

def f():
    try:
        print("f start")
        stackless.schedule()
        print("never")
    except Exception:
        print("not an Exception")
    except TaskletExit as e:
        print("caught TaskletExit")
    print("f continues")

t = stackless.tasklet(f)()
stackless.schedule()
t.kill(pending=True)
print("after kill", t.alive, t.scheduled)
stackless.schedule()
print("end", t.alive)

# expect: True
# expect: False
# expect: f start
# expect: after kill True True
# expect: caught TaskletExit
# expect: f continues
# expect: end False
