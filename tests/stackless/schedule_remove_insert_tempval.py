import stackless

parked = []

def worker(n):
    parked.append(stackless.getcurrent())
    r = stackless.schedule_remove()
    print("worker", n, "resumed with", r)

for i in range(3):
    stackless.tasklet(worker)(i)
stackless.run()
print("parked", len(parked), [t.paused for t in parked])
for i, t in enumerate(reversed(parked)):
    t.tempval = "result%d" % i
    t.insert()
stackless.run()
print("alive", [t.alive for t in parked])

# expect: parked 3 [True, True, True]
# expect: worker 2 resumed with result0
# expect: worker 1 resumed with result1
# expect: worker 0 resumed with result2
# expect: alive [False, False, False]
