import stackless

# Four endless spinners driven by a host loop: run(100) returns the victim
# removed from the queue, insert() appends it, so the victims come round
# robin.  (Expectations written from STACKLESS.md section 3: the greenlet
# model stops counting ticks in other tasklets once one has been preempted,
# so it cannot run this program.)
counters = [0, 0, 0, 0]

def spin(i):
    while True:
        counters[i] += 1

ts = [stackless.tasklet(spin)(i) for i in range(4)]
order = []
for k in range(40):
    t = stackless.run(100)
    order.append(ts.index(t))
    t.insert()

print("every spinner interrupted", sorted(set(order)) == [0, 1, 2, 3])
print("round robin", order[:8] == [0, 1, 2, 3, 0, 1, 2, 3])
print("all progressed", all(c > 0 for c in counters))
print("all alive", all(t.alive for t in ts), stackless.getruncount())
for t in ts:
    t.remove()
print("removed", any(t.scheduled for t in ts), stackless.getruncount())
for t in ts:
    t.kill()
print("all dead", not any(t.alive for t in ts), stackless.getruncount())

# expect: every spinner interrupted True
# expect: round robin True
# expect: all progressed True
# expect: all alive True 5
# expect: removed False 1
# expect: all dead True 1
