import stackless

# nesting_level counts native calls between the tasklet's frames: 0 at top
# level and in plain Python calls, 1 inside a key function of sorted(),
# 2 when sorted() is nested in another native callback. A tasklet switched
# out inside native code keeps that level (seen from another tasklet).
#
# Expectations written by hand from that rule: the reference model
# (stackless-model) cannot see native frames and always reports 0, so this
# file is not checked with --model.
seen = []

def level():
    return stackless.getcurrent().nesting_level

def key(x):
    seen.append(level())
    return x

def nested_key(x):
    sorted([1, 2], key=key)
    seen.append(("outer", level()))
    return x

def plain():
    return level()

print("top", level(), plain())
sorted([2, 1], key=key)
print("in key", seen)
seen.clear()
sorted([1, 2], key=nested_key)
print("nested", seen)
print("top again", level())

# Other native callers: map() consumed by list(), __str__ by print(), a
# generator driven by list() (1) or by a for loop (0), dict lookups.
class Show:
    def __str__(self):
        return "str level %d" % level()

class K:
    def __hash__(self):
        seen.append(("hash", level()))
        return 1
    def __eq__(self, other):
        seen.append(("eq", level()))
        return True

def gen():
    for i in range(2):
        yield level()

seen.clear()
print("map", list(map(lambda x: level(), [0, 0])))
print(Show())
print("gen list", list(gen()), "gen for", [x for x in gen()])
print("sum gen", sum(gen()))
{K(): 1}[K()]
print("dict", seen)
seen.clear()
sorted([1], key=lambda x: seen.extend(map(lambda y: level(), [x])))
print("map in key", seen)

# Switched out inside native code: the level is saved with the tasklet.
ch = stackless.channel()

def worker_key(x):
    return ch.receive()

def worker1():
    return sorted([0, 1], key=worker_key)

def worker2():
    return sorted([0], key=lambda x: sorted([x], key=worker_key))

def worker_soft():
    return ch.receive()

t1 = stackless.tasklet(worker1)()
t2 = stackless.tasklet(worker2)()
t0 = stackless.tasklet(worker_soft)()
stackless.run()
print("blocked", t1.blocked, t2.blocked, t0.blocked)
print("levels", t1.nesting_level, t2.nesting_level, t0.nesting_level, "main", level())
print("restorable", t1.restorable, t2.restorable, t0.restorable, stackless.getcurrent().restorable)
for v in range(4):
    ch.send(v)
print("after", t1.alive, t2.alive, t0.alive, t1.nesting_level, t2.nesting_level)

# A tasklet that schedule()s inside a key function is runnable (not
# blocked) and still at level 1 while switched out.
def scheduler_in_key():
    sorted([0], key=lambda x: stackless.schedule())

t = stackless.tasklet(scheduler_in_key)()
t.run()
print("scheduled in key", t.scheduled, t.blocked, t.nesting_level, t.restorable)
stackless.run()
print("done", t.alive, t.nesting_level, t.restorable)

# expect: top 0 0
# expect: in key [1, 1]
# expect: nested [2, 2, ('outer', 1), 2, 2, ('outer', 1)]
# expect: top again 0
# expect: map [1, 1]
# expect: str level 1
# expect: gen list [1, 1] gen for [0, 0]
# expect: sum gen 2
# expect: dict [('hash', 1), ('hash', 1), ('eq', 1)]
# expect: map in key [2]
# expect: blocked True True True
# expect: levels 1 2 0 main 0
# expect: restorable False False True True
# expect: after False False False 0 0
# expect: scheduled in key True False 1 False
# expect: done False 0 True
