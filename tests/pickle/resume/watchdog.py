# Paused by the watchdog: stackless.run(500) interrupts a tasklet in the
# middle of a computation loop and returns it; it is pickled there (between
# two instructions) and process 2 runs it to the end. The loop counters and
# accumulators must be intact: the sums are those of an uninterrupted loop,
# sum(i*i for i < 2000) = 2664667000 and 1000 odd numbers.
# usage: spindle watchdog.py whole | start STATE | resume STATE
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


def crunch(n, progress, out):
    total = 0
    odd = 0
    i = 0
    while i < n:
        if i % 2:
            odd += 1
        total += i * i
        i += 1
        progress[0] = i
    out.append((total, odd, i))
    print("crunch done", total, odd, i)


def phase1():
    progress = [0]
    out = []
    t = stackless.tasklet(crunch)(2000, progress, out)
    victim = stackless.run(500)
    print("checkpoint", victim is t, t.paused, t.alive, t.blocked, 0 < progress[0] < 2000, out)
    return [t, progress, out]


def phase2(t, progress, out):
    print("phase 2", t.paused, t.scheduled, progress[0] < 2000)
    t.insert()
    print("again", stackless.run(), progress, out, t.alive)


if MODE == "whole":
    phase2(*phase1())
elif MODE == "start":
    save(phase1())
else:
    phase2(*load())

# expect-doc: tasklets=1 channels=0
# expect: checkpoint True True True False True []
# expect: phase 2 True False True
# expect: crunch done 2664667000 1000 2000
# expect: again None [2000] [(2664667000, 1000, 2000)] False
