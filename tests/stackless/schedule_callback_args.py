import stackless

names = {}

def cb(prev, nxt):
    print("switch", names.get(id(prev)), "->", names.get(id(nxt)))

def f(n):
    print(n, "runs")
    stackless.schedule()
    print(n, "ends")

names[id(stackless.getmain())] = "main"
a = stackless.tasklet(f)("a")
b = stackless.tasklet(f)("b")
names[id(a)] = "a"
names[id(b)] = "b"
print(stackless.set_schedule_callback(cb))
stackless.run()
print(stackless.set_schedule_callback(None) is cb)
print(stackless.schedule() is stackless.getcurrent())

# expect: None
# expect: switch main -> a
# expect: a runs
# expect: switch a -> b
# expect: b runs
# expect: switch b -> a
# expect: a ends
# expect: switch a -> b
# expect: b ends
# expect: switch b -> main
# expect: True
# expect: True
