# Runnable after stackless.schedule(retval) and paused after
# schedule_remove(): both pickled; process 2 inserts them, schedule()
# returns the retval it was given in process 1, loop state continues.
# usage: spindle scheduled.py whole | start STATE | resume STATE
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


def stepper(name, log):
    count = 0
    for i in range(3):
        count += 10
        r = stackless.schedule(name + str(i))
        log.append((name, i, r, count))
    print(name, "finished", count)


def parker(log):
    note = "parked"
    stackless.schedule_remove()
    log.append(note)
    print("parker resumed", note)


def phase1():
    log = []
    a = stackless.tasklet(stepper)("a", log)
    p = stackless.tasklet(parker)(log)
    stackless.schedule()   # a schedules once, p removes itself
    print("checkpoint", a.scheduled, a.blocked, p.scheduled, p.alive, log)
    return [a, p, log]


def phase2(a, p, log):
    if not a.scheduled:    # a loaded tasklet is not scheduled
        a.insert()
    p.insert()
    print("phase 2", a.scheduled, p.scheduled, log)
    stackless.run()
    print("log", log)
    print("done", a.alive, p.alive)


if MODE == "whole":
    phase2(*phase1())
elif MODE == "start":
    save(phase1())
else:
    phase2(*load())

# expect-doc: tasklets=2 channels=0
# expect: checkpoint True False False True []
# expect: phase 2 True True []
# expect: parker resumed parked
# expect: a finished 30
# expect: log [('a', 0, 'a0', 10), 'parked', ('a', 1, 'a1', 20), ('a', 2, 'a2', 30)]
# expect: done False False
