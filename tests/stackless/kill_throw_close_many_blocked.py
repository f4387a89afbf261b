import stackless

# 300 receivers and 200 senders block on channels; some are killed, some get
# an exception thrown in, the channels are closed; balances, run count and
# liveness are checked at every step.
rx = stackless.channel()
tx = stackless.channel()
log = {"finally": 0, "caught": 0, "received": 0, "sent": 0}

class Stop(Exception):
    pass

def receiver():
    try:
        rx.receive()
        log["received"] += 1
    except Stop:
        log["caught"] += 1
    finally:
        log["finally"] += 1

def sender(i):
    try:
        tx.send(i)
        log["sent"] += 1
    except Stop:
        log["caught"] += 1
    finally:
        log["finally"] += 1

rs = [stackless.tasklet(receiver)() for i in range(300)]
ss = [stackless.tasklet(sender)(i) for i in range(200)]
stackless.run()
print("start", rx.balance, tx.balance, stackless.getruncount())

for t in rs[:100]:
    t.kill()
print("killed 100 receivers", rx.balance, stackless.getruncount(), log["finally"])

for t in rs[100:150]:
    t.throw(Stop, pending=True)
print("pending throws", rx.balance, stackless.getruncount(), sum(1 for t in rs if t.blocked))
stackless.run()
print("after run", log["caught"], log["finally"], stackless.getruncount())

for t in ss[::2]:
    t.throw(Stop)
print("threw into 100 senders", tx.balance, log["caught"], log["finally"])

rx.close()
tx.close()
print("closed", rx.closing, rx.closed, tx.closing, tx.closed)
for i in range(150):
    rx.send(i)
print("rx drained", rx.balance, rx.closed, log["received"])
values = list(tx)
print("tx drained", len(values), values[:3], tx.balance, tx.closed)
stackless.run()
print("log", log["received"], log["sent"], log["caught"], log["finally"])
print("all dead", not any(t.alive for t in rs + ss), stackless.getruncount())
try:
    rx.send(0)
except ValueError as e:
    print("ValueError", e)

# expect: start -300 200 1
# expect: killed 100 receivers -200 1 100
# expect: pending throws -150 51 150
# expect: after run 50 150 1
# expect: threw into 100 senders 100 150 250
# expect: closed True False True False
# expect: rx drained 0 True 150
# expect: tx drained 100 [1, 3, 5] 0 True
# expect: log 150 100 150 500
# expect: all dead True 1
# expect: ValueError Send/receive operation on a closed channel
