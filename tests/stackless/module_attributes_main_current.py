import stackless

m = stackless.getmain()
print(m is stackless.getcurrent(), m is stackless.main, stackless.current is m)
print(m.is_main, m.is_current, m.alive, m.scheduled, m.blocked, m.paused)
print(stackless.runcount, stackless.getruncount())

def f():
    c = stackless.getcurrent()
    print("in f", c.is_main, c.is_current, m.is_current, stackless.main is m)
    print("runcount", stackless.getruncount())

t = stackless.tasklet(f)()
print(t.is_main, t.is_current, t.next is m, t.prev is m, m.next is t)
stackless.run()
print(stackless.getruncount(), m.next is m)

# expect: True True True
# expect: True True True True False False
# expect: 1 1
# expect: False False True True True
# expect: in f False True False True
# expect: runcount 1
# expect: 1 True
