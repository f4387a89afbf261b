# Inside `for` over a generator: one tasklet blocked inside the generator's
# body, one blocked in the for body with the generator suspended at its
# yield, and a partly consumed generator on its own. The generators'
# locals (counters, accumulators) survive the trip.
# usage: spindle generator_for.py whole | start STATE | resume STATE
import sys
import stackless
import pickle

MODE = sys.argv[1]


def save(obj):
    f = open(sys.argv[2], "w")
    f.write(pickle.dumps(obj))
    f.close()


def load():
    f = open(sys.argv[2])
    text = f.read()
    f.close()
    return pickle.loads(text)


def numbers(limit, ch):
    acc = 0
    for n in range(1, limit + 1):
        acc += n
        if ch is not None and n == 2:
            acc += ch.receive()        # suspended inside the generator's body
        yield n, acc


def consume(name, ch, gen_ch):
    seen = []
    for n, acc in numbers(4, gen_ch):
        seen.append(acc)
        if ch is not None and n == 3:
            seen.append(ch.receive())  # suspended in the for body
    print(name, seen)


def phase1():
    ch_gen = stackless.channel()
    ch_for = stackless.channel()
    t1 = stackless.tasklet(consume)("gen", None, ch_gen)
    t2 = stackless.tasklet(consume)("for", ch_for, None)
    g = numbers(5, None)
    print("first", next(g), next(g))
    stackless.run()
    print("checkpoint", ch_gen.balance, ch_for.balance, t1.blocked, t2.blocked)
    return [t1, t2, ch_gen, ch_for, g]


def phase2(t1, t2, ch_gen, ch_for, g):
    print("rest of g", list(g))
    ch_gen.send(100)
    ch_for.send("x")
    stackless.run()
    print("done", t1.alive, t2.alive)


if MODE == "whole":
    phase2(*phase1())
elif MODE == "start":
    save(phase1())
else:
    phase2(*load())

# expect-doc: tasklets=2 channels=2
# expect: first (1, 1) (2, 3)
# expect: checkpoint -1 -1 True True
# expect: rest of g [(3, 6), (4, 10), (5, 15)]
# expect: gen [1, 103, 106, 110]
# expect: for [1, 3, 6, 'x', 10]
# expect: done False False
