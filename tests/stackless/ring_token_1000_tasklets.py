import stackless

N = 1000
PASSES = 10000
chans = [stackless.channel() for i in range(N)]
done = stackless.channel()
count = [0]

def node(i):
    inp = chans[i]
    out = chans[(i + 1) % N]
    while True:
        tok = inp.receive()
        if tok < 0:
            if tok < -1:
                out.send(tok + 1)
            return
        count[0] += 1
        if tok + 1 >= PASSES:
            done.send(tok + 1)
        else:
            out.send(tok + 1)

ts = [stackless.tasklet(node)(i) for i in range(N)]
stackless.run()
chans[0].send(0)
final = done.receive()
print("final", final, count[0])
chans[final % N].send(-N)
stackless.run()
print("alive", sum(1 for t in ts if t.alive))

# expect: final 10000 10000
# expect: alive 0
