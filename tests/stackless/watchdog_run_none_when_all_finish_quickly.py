import stackless

ch = stackless.channel()
log = []

def producer():
    for i in range(3):
        ch.send(i)
    log.append("producer done")

def consumer():
    total = 0
    for i in range(3):
        total += ch.receive()
    log.append("consumer total %d" % total)

def quick(n):
    log.append("quick %d" % n)

stackless.tasklet(producer)()
stackless.tasklet(consumer)()
stackless.tasklet(quick)(1)
stackless.tasklet(quick)(2)
r = stackless.run(100000)
print("run returned", r)
for line in log:
    print(line)
print("runcount", stackless.getruncount(), ch.balance)
print("empty queue", stackless.run(100), stackless.run(1, totaltimeout=True))

# A tasklet that blocks does not make run(N) return a victim either.
def blocker():
    log.append("blocker received %s" % ch.receive())

b = stackless.tasklet(blocker)()
print("blocked", stackless.run(100000), b.blocked, ch.balance)
ch.send("x")
print(log[-1], b.alive, stackless.getruncount())

# expect: run returned None
# expect: quick 1
# expect: quick 2
# expect: consumer total 3
# expect: producer done
# expect: runcount 1 0
# expect: empty queue None None
# expect: blocked None True -1
# expect: blocker received x False 1
