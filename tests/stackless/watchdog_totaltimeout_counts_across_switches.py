import stackless

# Each tasklet yields after a few bytecodes.  Every real switch restarts the
# time slice, so run(200) never interrupts them; with totaltimeout=True the
# slice is not restarted and run() returns a victim.
done = []

def yielder(name, n):
    for i in range(n):
        stackless.schedule()
    done.append(name)

a = stackless.tasklet(yielder)("a", 300)
b = stackless.tasklet(yielder)("b", 300)
print("plain", stackless.run(200), sorted(done))

done.clear()
a = stackless.tasklet(yielder)("a", 300)
b = stackless.tasklet(yielder)("b", 300)
v = stackless.run(200, totaltimeout=True)
print("total", v is a or v is b, v.alive, v.scheduled, done)
other = b if v is a else a
print("other still queued", other.scheduled, stackless.getruncount())
v.insert()
interrupts = 1
while True:
    v = stackless.run(200, totaltimeout=True)
    if v is None:
        break
    interrupts += 1
    v.insert()
print("finished", sorted(done), interrupts > 2, stackless.getruncount())

# expect: plain None ['a', 'b']
# expect: total True True False []
# expect: other still queued True 2
# expect: finished ['a', 'b'] True 1
