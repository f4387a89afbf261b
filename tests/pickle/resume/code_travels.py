# Code travels in the pickle: the tasklet runs a function of the module
# _travel, which process 2 never imports (the driver runs process 2 from a
# copy of this script in an empty directory, so _travel.py is not there).
# The loader recreates the module from the pickle and the carried code
# resumes inside the while loop with its counters.
# usage: spindle code_travels.py whole | start STATE | resume STATE
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


def phase1():
    import _travel
    ch = stackless.channel()
    out = []
    t = stackless.tasklet(_travel.accumulate)(ch, out)
    stackless.run()
    ch.send(5)
    ch.send(7)
    stackless.run()
    print("checkpoint", t.blocked, out)
    return [t, ch, out]


def phase2(t, ch, out):
    print("phase 2", "_travel" in sys.modules, t.blocked, ch.balance)
    ch.send(30)
    ch.send(None)
    stackless.run()
    print("after", out, t.alive)


if MODE == "whole":
    phase2(*phase1())
elif MODE == "start":
    save(phase1())
else:
    if "_travel" in sys.modules:
        print("_travel was imported before the load")
    phase2(*load())

# expect-doc: tasklets=1 channels=1
# expect: checkpoint True [(1, 5), (2, 12)]
# expect: phase 2 True True -1
# expect: after [(1, 5), (2, 12), (3, 42), 'closed at 42'] False
