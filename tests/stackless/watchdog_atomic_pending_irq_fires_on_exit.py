import stackless

# The watchdog expires inside the atomic section; the interrupt is held
# pending and fires as soon as the section is left, long before a fresh
# slice of 1000 ticks could expire.
state = {"inside": 0, "after": 0, "atomic_done": False}

def worker():
    with stackless.atomic():
        while state["inside"] < 20000:
            state["inside"] += 1
        state["atomic_done"] = True
    while True:
        state["after"] += 1

t = stackless.tasklet(worker)()
v = stackless.run(1000)
print("victim", v is t, state["atomic_done"], state["inside"])
print("fired right after atomic", state["after"] < 5)
print("atomic flag restored", t.atomic)
t.kill()
print("dead", t.alive)

# set_atomic(False) with an interrupt pending also fires it at once.
state["after"] = 0

def worker2():
    old = stackless.getcurrent().set_atomic(True)
    i = 0
    while i < 20000:
        i += 1
    stackless.getcurrent().set_atomic(old)
    while True:
        state["after"] += 1

t = stackless.tasklet(worker2)()
v = stackless.run(1000)
print("victim2", v is t, state["after"] < 5, t.atomic)
t.kill()

# A tasklet that stays atomic is never preempted: run(N) returns None.
def atomic_all():
    stackless.getcurrent().set_atomic(True)
    i = 0
    while i < 20000:
        i += 1
    print("atomic tasklet finished", i)

t = stackless.tasklet(atomic_all)()
print("run returns", stackless.run(100), t.alive)

# expect: victim True True 20000
# expect: fired right after atomic True
# expect: atomic flag restored False
# expect: dead False
# expect: victim2 True True False
# expect: atomic tasklet finished 20000
# expect: run returns None False
