import stackless

def f(name):
    print(name)

t1 = stackless.tasklet(f)("t1")
t2 = stackless.tasklet(f)("t2")
t3 = stackless.tasklet(f)("t3")
t2.run()
print("main back", t1.alive, t2.alive, t3.alive)
stackless.schedule()
print("main end", t1.alive)

# expect: t2
# expect: t3
# expect: main back True False False
# expect: t1
# expect: main end False
