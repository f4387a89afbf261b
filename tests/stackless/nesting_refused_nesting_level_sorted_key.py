import stackless

# nesting_level counts native calls between the tasklet's frames: 0 at top
# level and in plain Python calls, 1 inside a key function of sorted(),
# 2 when sorted() is nested in another native callback.
seen = []

def key(x):
    seen.append(stackless.getcurrent().nesting_level)
    return x

def nested_key(x):
    sorted([1, 2], key=key)
    seen.append(("outer", stackless.getcurrent().nesting_level))
    return x

def plain():
    return stackless.getcurrent().nesting_level

print("top", stackless.getcurrent().nesting_level, plain())
sorted([2, 1], key=key)
print("in key", seen)
seen.clear()
sorted([1, 2], key=nested_key)
print("nested", seen)
print("top again", stackless.getcurrent().nesting_level)

def worker():
    me = stackless.getcurrent()
    levels = []
    sorted([0, 1], key=lambda x: levels.append(me.nesting_level) or x)
    print("tasklet", me.nesting_level, levels)
    stackless.schedule()
    print("tasklet resumed", me.nesting_level)

t = stackless.tasklet(worker)()
stackless.schedule()
print("switched-out tasklet", t.nesting_level, "main", stackless.getcurrent().nesting_level)
stackless.run()

# expect: top 0 0
# expect: in key [1, 1]
# expect: nested [2, 2, ('outer', 1), 2, 2, ('outer', 1)]
# expect: top again 0
# expect: tasklet 0 [1, 1]
# expect: switched-out tasklet 0 main 0
# expect: tasklet resumed 0
