# Blocked in channel.receive() inside a while loop: the running total, a
# dict of counts and the output list (shared with the pickle's root) come
# back intact; process 2 sends the remaining jobs.
# usage: spindle receive_blocked.py whole | start STATE | resume STATE
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


def worker(ch, out):
    total = 0
    seen = {}
    while True:
        job = ch.receive()
        if job is None:
            break
        total += job
        seen[job % 3] = seen.get(job % 3, 0) + 1
        out.append(total)
    print("worker done", total, sorted(seen.items()))
    out.append("end")


def phase1():
    ch = stackless.channel()
    out = []
    t = stackless.tasklet(worker)(ch, out)
    stackless.run()
    ch.send(4)
    ch.send(5)
    stackless.run()
    print("checkpoint", t.blocked, ch.balance, out)
    return [t, ch, out]


def phase2(t, ch, out):
    print("phase 2", t.blocked, ch.balance, out)
    ch.send(6)
    ch.send(None)
    stackless.run()
    print("after", out, t.alive, ch.balance)


if MODE == "whole":
    phase2(*phase1())
elif MODE == "start":
    save(phase1())
else:
    phase2(*load())

# expect-doc: tasklets=1 channels=1
# expect: checkpoint True -1 [4, 9]
# expect: phase 2 True -1 [4, 9]
# expect: worker done 15 [(0, 1), (1, 1), (2, 1)]
# expect: after [4, 9, 15, 'end'] False 0
