import stackless

# Every operation that would switch tasklets is refused inside a native
# callback (here: a key function of sorted()), before any state changes.
ch = stackless.channel()
log = []

def receiver():
    log.append(("received", ch.receive()))

def idle():
    log.append("idle ran")

r = stackless.tasklet(receiver)()
stackless.run()
p = stackless.tasklet(idle)()
q = stackless.tasklet(idle, ())

def snapshot():
    return (ch.balance, stackless.getruncount(), r.blocked, r.alive, p.scheduled, p.alive,
            q.paused, len(log))

ops = [
    ("send", lambda: ch.send("x")),
    ("send_exception", lambda: ch.send_exception(ValueError, "x")),
    ("schedule", lambda: stackless.schedule()),
    ("schedule_remove", lambda: stackless.schedule_remove()),
    ("run", lambda: stackless.run()),
    ("tasklet.run", lambda: p.run()),
    ("tasklet.switch", lambda: p.switch()),
    ("kill", lambda: p.kill()),
    ("throw", lambda: r.throw(ValueError("x"))),
    ("paused tasklet run", lambda: q.run()),
    ("paused tasklet switch", lambda: q.switch()),
]
before = snapshot()
for name, op in ops:
    try:
        sorted([1, 2], key=lambda x: op())
        print(name, "not refused")
    except RuntimeError as e:
        ok = str(e).startswith("cannot switch tasklets here: native code is on the stack")
        print(name, "refused", ok, snapshot() == before)

# Operations that do not switch are allowed in the same place.
def key_send(x):
    if x == 1:
        ch.send("y")
    return x

def key_remove(x):
    if x == 1:
        p.remove()
    return x

ch.preference = 0
print(sorted([2, 1], key=key_send))
print("send without switch", ch.balance, r.blocked, r.scheduled, stackless.getruncount())
print(sorted([2, 1], key=key_remove))
print("remove", p.scheduled, p.paused, stackless.getruncount())
stackless.run()
print("after run", log, r.alive, p.paused, q.paused)
p.kill()
q.kill()
print("end", p.alive, q.alive, ch.balance, stackless.getruncount(), log)

# expect: send refused True True
# expect: send_exception refused True True
# expect: schedule refused True True
# expect: schedule_remove refused True True
# expect: run refused True True
# expect: tasklet.run refused True True
# expect: tasklet.switch refused True True
# expect: kill refused True True
# expect: throw refused True True
# expect: paused tasklet run refused True True
# expect: paused tasklet switch refused True True
# expect: [1, 2]
# expect: send without switch 0 False True 3
# expect: [1, 2]
# expect: remove False True 2
# expect: after run [('received', 'y')] False True True
# expect: end False False 0 1 [('received', 'y')]
