import stackless

# The watchdog never interrupts a tasklet while native code is on its stack
# (nesting_level > 0): the interrupt stays pending until the key function
# and sorted() have returned; the tasklet is preempted later, in the loop.
# With ignore_nesting (on run() or on the tasklet) it is interrupted inside
# the key function instead: a hard switch; run() returns it with
# nesting_level 1 and restorable False, and re-inserting it continues there.
#
# Expectations written by hand: the reference model (stackless-model)
# cannot see native frames, so it preempts inside the key function even
# without ignore_nesting and cannot report nesting_level; this file is not
# checked with --model. Only tick-independent facts are printed.
state = {"keys": 0, "levels": set(), "sorted": None, "after": 0, "in_key": False}

def heavy_key(x):
    state["in_key"] = True
    state["levels"].add(stackless.getcurrent().nesting_level)
    i = 0
    while i < 20000:
        i += 1
    state["keys"] += 1
    state["in_key"] = False
    return -x

def worker():
    state["sorted"] = sorted([3, 1, 2], key=heavy_key)
    while True:
        state["after"] += 1

t = stackless.tasklet(worker)()
v = stackless.run(100)
print("victim", v is t, t.alive, t.scheduled, t.nesting_level, t.restorable)
print("keys done", state["keys"], state["levels"], state["sorted"], state["in_key"])
t.kill()
print("killed", t.alive, stackless.getruncount())

# The same with run(100, ignore_nesting=True): stopped inside heavy_key.
def reset():
    state.update(keys=0, levels=set(), sorted=None, after=0, in_key=False)

reset()
t = stackless.tasklet(worker)()
v = stackless.run(100, ignore_nesting=True)
print("ignore_nesting victim", v is t, t.alive, t.paused, t.nesting_level, t.restorable,
      "in key", state["in_key"], "keys", state["keys"])
# Resumed without a watchdog: it finishes sorted() and spins in the loop,
# so the next run() uses a timeout again (default: deferred no more).
t.insert()
v = stackless.run(100)
print("resumed", v is t, state["keys"], state["sorted"], t.nesting_level, t.restorable)
t.kill()

# With the tasklet's own flag: set_ignore_nesting(True).
reset()
t = stackless.tasklet(worker)()
print("old flag", t.set_ignore_nesting(True), t.ignore_nesting)
v = stackless.run(100)
print("flag victim", v is t, t.nesting_level, t.restorable, "in key", state["in_key"], "keys", state["keys"])
t.set_ignore_nesting(False)
t.insert()
v = stackless.run(100)
print("flag resumed", v is t, state["keys"], state["sorted"], t.nesting_level)
t.kill()
print("end", stackless.getruncount())

# expect: victim True True False 0 True
# expect: keys done 3 {1} [3, 2, 1] False
# expect: killed False 1
# expect: ignore_nesting victim True True True 1 False in key True keys 0
# expect: resumed True 3 [3, 2, 1] 0 True
# expect: old flag False True
# expect: flag victim True 1 False in key True keys 0
# expect: flag resumed True 3 [3, 2, 1] 0
# expect: end 1
