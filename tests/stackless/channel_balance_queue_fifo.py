import stackless

ch = stackless.channel()
print(ch.balance, ch.queue)

def r(n):
    print("r%d got" % n, ch.receive())

ts = [stackless.tasklet(r)(i) for i in range(3)]
stackless.run()
print("balance", ch.balance)
print(ch.queue is ts[0])
print(ts[0].blocked, ts[0].scheduled, ts[0].paused)
print(ts[0].next is ts[1], ts[1].prev is ts[0], ts[1].next is ts[2])
print(ts[0].prev is None, ts[2].next is None)
ch.preference = 1
for i in range(3):
    ch.send(i * 10)
print("balance", ch.balance, ch.queue)
stackless.run()

def s(n):
    ch.send(n)
    print("s%d done" % n)

for i in range(2):
    stackless.tasklet(s)(i)
stackless.run()
print("balance", ch.balance)
while ch.balance > 0:
    print("got", ch.receive())
stackless.run()
print("balance", ch.balance)

# expect: 0 None
# expect: balance -3
# expect: True
# expect: True True False
# expect: True True True
# expect: True True
# expect: balance 0 None
# expect: r0 got 0
# expect: r1 got 10
# expect: r2 got 20
# expect: balance 2
# expect: s0 done
# expect: got 0
# expect: s1 done
# expect: got 1
# expect: balance 0
