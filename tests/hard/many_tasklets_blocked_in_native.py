import stackless

# 300 tasklets, each blocked inside native code at the same time (six
# kinds of native callers), on one shared channel and on a channel of its
# own; released in two waves (shared first in FIFO order, then the private
# channels in reverse creation order); every result is checked.
N = 300
shared = stackless.channel()
private = [stackless.channel() for i in range(N)]
results = {}

class Show:
    def __init__(self, i):
        self.i = i
    def __str__(self):
        return str(shared.receive() + private[self.i].receive())

class Key:
    def __init__(self, i):
        self.i = i
    def __hash__(self):
        return 1
    def __eq__(self, other):
        # called on the stored key (i == -1) with the looked-up one
        i = max(self.i, other.i)
        return shared.receive() == private[i].receive()

class Counter:
    def __init__(self, i):
        self.i = i
    def __iter__(self):
        yield shared.receive()
        yield private[self.i].receive()

def gen(i):
    yield shared.receive()
    yield private[i].receive()

def work(i):
    kind = i % 6
    if kind == 0:
        box = []
        sorted([i], key=lambda x: box.append(shared.receive() + private[i].receive()))
        r = box[0]
    elif kind == 1:
        r = list(map(lambda x: shared.receive() * private[i].receive(), [i]))[0]
    elif kind == 2:
        r = int(str(Show(i)))
    elif kind == 3:
        d = {Key(-1): "yes"}
        r = d.get(Key(i), "no")
    elif kind == 4:
        r = sum(Counter(i))
    else:
        r = list(gen(i))
    results[i] = r

tasklets = [stackless.tasklet(work)(i) for i in range(N)]
stackless.run()
print("blocked", shared.balance, all(t.blocked for t in tasklets), len(results))
# Wave 1: the shared channel, in FIFO order (tasklet i gets i).
for i in range(N):
    shared.send(i)
print("wave 1", shared.balance, sum(p.balance for p in private), len(results))
# Wave 2: private channels in reverse order; tasklet i gets pv(i).
def pv(i):
    # 2 * i, but i for every other dict lookup (so that it finds the key)
    return i if i % 12 == 3 else 2 * i

for i in range(N - 1, -1, -1):
    private[i].send(pv(i))
print("wave 2", sum(p.balance for p in private), len(results), any(t.alive for t in tasklets))

ok = 0
for i in range(N):
    kind = i % 6
    if kind in (0, 2, 4):
        expected = i + pv(i)
    elif kind == 1:
        expected = i * pv(i)
    elif kind == 3:
        expected = "yes" if i == pv(i) else "no"
    else:
        expected = [i, pv(i)]
    if results[i] == expected:
        ok += 1
    else:
        print("wrong", i, results[i], expected)
print("correct", ok, "of", N)
print("samples", [results[i] for i in range(10)], results[N - 1])
print("lookups found", sum(1 for i in range(3, N, 6) if results[i] == "yes"))
print("end", stackless.getruncount())

# expect: blocked -300 True 0
# expect: wave 1 0 -300 0
# expect: wave 2 0 300 False
# expect: correct 300 of 300
# expect: samples [0, 2, 6, 'yes', 12, [5, 10], 18, 98, 24, 'no'] [299, 598]
# expect: lookups found 25
# expect: end 1
