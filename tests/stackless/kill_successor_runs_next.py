import stackless

def f(name):
    try:
        print(name, "start")
        stackless.schedule()
        print(name, "again")
    finally:
        print(name, "finally")

a = stackless.tasklet(f)("a")
b = stackless.tasklet(f)("b")
c = stackless.tasklet(f)("c")
stackless.schedule()
print("main: kill b")
b.kill()
print("kill returned")
stackless.run()
print("end")

# expect: a start
# expect: b start
# expect: c start
# expect: main: kill b
# expect: b finally
# expect: c again
# expect: c finally
# expect: kill returned
# expect: a again
# expect: a finally
# expect: end
