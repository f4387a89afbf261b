import stackless

# 100,000 tasklets block at once: half on their own channels, half on one
# shared channel.  Then all are released by sends and counted.
N = 100000
HALF = N // 2
own = [stackless.channel() for i in range(HALF)]
shared = stackless.channel()
got = [0, 0]

def on_own(i):
    v = own[i].receive()
    got[0] += v

def on_shared():
    v = shared.receive()
    got[1] += v

ts = []
for i in range(HALF):
    ts.append(stackless.tasklet(on_own)(i))
    ts.append(stackless.tasklet(on_shared)())
stackless.run()
print("blocked", sum(1 for t in ts if t.blocked), "shared balance", shared.balance)
print("own balances", all(c.balance == -1 for c in own), "runcount", stackless.getruncount())

for i in range(HALF):
    own[i].send(1)
shared.preference = 1
for i in range(HALF):
    shared.send(2)
print("shared balance", shared.balance, "runcount", stackless.getruncount())
stackless.run()
print("received", got[0], got[1])
print("alive", sum(1 for t in ts if t.alive), "runcount", stackless.getruncount())

# expect: blocked 100000 shared balance -50000
# expect: own balances True runcount 1
# expect: shared balance 0 runcount 50001
# expect: received 50000 100000
# expect: alive 0 runcount 1
