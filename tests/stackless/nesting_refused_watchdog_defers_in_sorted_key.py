import stackless

# The watchdog never interrupts a tasklet while native code is on its stack
# (nesting_level > 0): the interrupt stays pending until the key function
# and sorted() have returned; the tasklet is preempted later, in the loop.
state = {"keys": 0, "levels": set(), "sorted": None, "after": 0}

def heavy_key(x):
    state["levels"].add(stackless.getcurrent().nesting_level)
    i = 0
    while i < 20000:
        i += 1
    state["keys"] += 1
    return -x

def worker():
    state["sorted"] = sorted([3, 1, 2], key=heavy_key)
    while True:
        state["after"] += 1

t = stackless.tasklet(worker)()
v = stackless.run(100)
print("victim", v is t, t.alive, t.scheduled, t.nesting_level)
print("keys done", state["keys"], state["levels"], state["sorted"])
t.kill()
print("killed", t.alive, stackless.getruncount())

# expect: victim True True False 0
# expect: keys done 3 {1} [3, 2, 1]
# expect: killed False 1
