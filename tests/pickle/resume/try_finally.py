# Inside try/except/finally: the tasklet is blocked in a receive inside an
# except handler, two try blocks deep. Process 1 exits without running any
# finally block (soft tasklets just stop); after the resume both finally
# blocks run exactly once, and the handled exception is still the one the
# handler caught.
# usage: spindle try_finally.py whole | start STATE | resume STATE
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


def guarded(ch, log):
    attempts = 0
    try:
        try:
            attempts += 1
            v = ch.receive()
            log.append("got %s" % v)
            if v == "bad":
                raise ValueError(v)
        except ValueError as e:
            log.append("handled %s" % e)
            attempts += 1
            v = ch.receive()             # blocked here at the checkpoint
            log.append("got %s, handling %r" % (v, sys.exc_info()[1]))
        finally:
            log.append("inner finally")
            print("inner finally runs, attempts", attempts)
        log.append("between")
    finally:
        print("outer finally runs", log)


def phase1():
    ch = stackless.channel()
    log = []
    t = stackless.tasklet(guarded)(ch, log)
    stackless.run()
    ch.send("bad")
    stackless.run()
    print("checkpoint", t.blocked, log)
    return [t, ch, log]


def phase2(t, ch, log):
    ch.send("good")
    stackless.run()
    print("done", t.alive, log.count("inner finally"))


if MODE == "whole":
    phase2(*phase1())
elif MODE == "start":
    save(phase1())
else:
    phase2(*load())

# expect-doc: tasklets=1 channels=1
# expect: checkpoint True ['got bad', 'handled bad']
# expect: inner finally runs, attempts 2
# expect: outer finally runs ['got bad', 'handled bad', "got good, handling ValueError('bad')", 'inner finally', 'between']
# expect: done False 1
