import stackless

def a():
    print("a start")
    tb.switch()
    print("a resumed")

def b():
    print("b start", ta.paused, ta.scheduled)
    ta.insert()
    stackless.schedule()
    print("b end")

ta = stackless.tasklet(a)()
tb = stackless.tasklet(b)()
stackless.run()
print("done", ta.alive, tb.alive)

# expect: a start
# expect: b start True False
# expect: a resumed
# expect: b end
# expect: done False False
