# A call chain 50 frames deep (recursion), blocked in a receive at the
# bottom, with different locals at every level; after the resume every
# level returns through its own locals: the result is
# bottom + 50*50 + sum(l*l + 3*l + 3 for l in 1..49) = bottom + 46747.
# usage: spindle deep_recursion.py whole | start STATE | resume STATE
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


def descend(level, ch, trail):
    tag = "L%02d" % level
    square = level * level
    parts = [level, level * 2]
    if level == 50:
        bottom = ch.receive()
        return bottom + square
    below = descend(level + 1, ch, trail)
    trail.append(tag)
    return below + square + sum(parts) + len(tag)


def worker(ch, trail, out):
    out.append(descend(1, ch, trail))


def phase1():
    ch = stackless.channel()
    trail = []
    out = []
    t = stackless.tasklet(worker)(ch, trail, out)
    stackless.run()
    print("checkpoint", t.blocked, ch.balance, trail, out)
    return [t, ch, trail, out]


def phase2(t, ch, trail, out):
    ch.send(1000)
    stackless.run()
    print("result", out, t.alive)
    print("trail", len(trail), trail[0], trail[-1], trail == ["L%02d" % l for l in range(49, 0, -1)])


if MODE == "whole":
    phase2(*phase1())
elif MODE == "start":
    save(phase1())
else:
    phase2(*load())

# expect-doc: tasklets=1 channels=1 frames>=51
# expect: checkpoint True -1 [] []
# expect: result [47747] False
# expect: trail 49 L49 L01 True
