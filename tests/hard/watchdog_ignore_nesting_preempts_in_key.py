import stackless

# run(N, ignore_nesting=True) preempts tasklets spinning inside key
# functions of sorted() (native code on their stacks): a hard switch.
# run() returns the victim; re-inserting it continues inside the key
# function, and sorted() ends with the right result. Only tick-independent
# facts are printed.
flags = {"go": False, "in_key": False}

def spin_key(x):
    flags["in_key"] = True
    while not flags["go"]:
        pass
    flags["in_key"] = False
    return -x

def worker(out):
    out.append(sorted([1, 3, 2], key=spin_key))

out = []
t = stackless.tasklet(worker)(out)
v = stackless.run(50, ignore_nesting=True)
print("victim", v is t, t.alive, t.paused, flags["in_key"], out)
v = None
# Still spinning: it is preempted again after being re-inserted.
t.insert()
v = stackless.run(50, ignore_nesting=True)
print("again", v is t, flags["in_key"], out)
flags["go"] = True
t.insert()
print("run after go", stackless.run(1000, ignore_nesting=True), t.alive, out)

# A round-robin host over spinners inside nested native code (a key
# function calling map() consumed by list()), each doing a fixed amount of
# work; preempted many times inside the callbacks, all finish correctly.
inside = {"hits": 0}
busy = {}

def work(name, x):
    busy[name] = True
    total = 0
    for i in range(3000):
        total += i % 7
    busy[name] = False
    return total + x

def spinner(name, items, results):
    results[name] = sorted(items, key=lambda x: sum(map(lambda y: work(name, y), [x, -x])) + x)

results = {}
for name, items in (("a", [3, 1, 2]), ("b", [9, 8]), ("c", [5])):
    stackless.tasklet(spinner)(name, items, results)
preemptions = 0
while stackless.getruncount() > 1:
    v = stackless.run(200, ignore_nesting=True)
    if v is not None:
        preemptions += 1
        if any(busy.values()):
            inside["hits"] += 1
        v.insert()
print("results", sorted(results.items()))
print("preempted", preemptions > 10, "inside callbacks", inside["hits"] > 10)
print("end", stackless.getruncount())

# expect: victim True True True True []
# expect: again True True []
# expect: run after go None False [[3, 2, 1]]
# expect: results [('a', [1, 2, 3]), ('b', [8, 9]), ('c', [5])]
# expect: preempted True inside callbacks True
# expect: end 1
