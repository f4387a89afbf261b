import stackless

N = 10000
chans = [stackless.channel() for i in range(N + 1)]

def link(i):
    v = chans[i].receive()
    chans[i + 1].send(v + 1)

ts = [stackless.tasklet(link)(i) for i in range(N)]
stackless.run()
print("blocked", sum(1 for t in ts if t.blocked))

def starter():
    chans[0].send(0)

stackless.tasklet(starter)()
print("result", chans[N].receive())
stackless.run()
print("all dead", all(not t.alive for t in ts))

# expect: blocked 10000
# expect: result 10000
# expect: all dead True
