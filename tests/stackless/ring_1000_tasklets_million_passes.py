import stackless

# A token goes round a ring of 1000 tasklets 1000 times: 1,000,000 passes.
N = 1000
ROUNDS = 1000
chans = [stackless.channel() for i in range(N)]
done = stackless.channel()
count = [0]

def node(i):
    inp = chans[i]
    out = chans[(i + 1) % N]
    last = i == N - 1
    while True:
        tok = inp.receive()
        if tok is None:
            if not last:
                out.send(None)
            return
        count[0] += 1
        if last:
            tok += 1
            if tok == ROUNDS:
                done.send(tok)
                continue
        out.send(tok)

ts = [stackless.tasklet(node)(i) for i in range(N)]
stackless.run()
chans[0].send(0)
rounds = done.receive()
print("rounds", rounds, "passes", count[0])
chans[0].send(None)
stackless.run()
print("alive", sum(1 for t in ts if t.alive), "runcount", stackless.getruncount())

# expect: rounds 1000 passes 1000000
# expect: alive 0 runcount 1
