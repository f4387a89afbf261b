import stackless

results = {}
workers = []

def work(name, n):
    total = 0
    i = 0
    while i < n:
        total += i % 7
        i += 1
    results[name] = total

for name, n in (("a", 30000), ("b", 5000), ("c", 20000), ("d", 10)):
    workers.append(stackless.tasklet(work)(name, n))

interrupts = 0
while True:
    t = stackless.run(100)
    if t is None:
        break
    interrupts += 1
    ok = t.alive and t.paused and not t.scheduled
    if not ok:
        print("bad victim state", t.alive, t.paused, t.scheduled)
    t.insert()

print(interrupts > 10)
for name in sorted(results):
    print(name, results[name])
print("runcount", stackless.getruncount(), any(t.alive for t in workers))

# expect: True
# expect: a 89995
# expect: b 14995
# expect: c 59997
# expect: d 24
# expect: runcount 1 False
