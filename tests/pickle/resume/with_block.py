# Inside `with`: two tasklets blocked in the body of a with statement;
# after the resume __exit__ runs once for each, once normally and once
# with the KeyError it suppresses. The context managers (instances of a
# script class) and the log they share travel in the pickle.
# usage: spindle with_block.py whole | start STATE | resume STATE
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


class Resource:
    def __init__(self, name, log):
        self.name = name
        self.log = log

    def __enter__(self):
        self.log.append("enter " + self.name)
        return self

    def __exit__(self, typ, val, tb):
        print("exit", self.name, typ.__name__ if typ else None, self.log)
        return typ is KeyError


def user(name, ch, log):
    with Resource(name, log) as r:
        v = ch.receive()
        log.append("%s got %s" % (r.name, v))
        if v == "boom":
            raise KeyError(v)
        log.append(r.name + " body end")
    print(name, "after with")


def phase1():
    log = []
    ch1 = stackless.channel()
    ch2 = stackless.channel()
    t1 = stackless.tasklet(user)("one", ch1, log)
    t2 = stackless.tasklet(user)("two", ch2, log)
    stackless.run()
    print("checkpoint", t1.blocked, t2.blocked, log)
    return [t1, t2, ch1, ch2, log]


def phase2(t1, t2, ch1, ch2, log):
    ch1.send("ok")
    stackless.run()
    ch2.send("boom")
    stackless.run()
    print("done", t1.alive, t2.alive, len(log))


if MODE == "whole":
    phase2(*phase1())
elif MODE == "start":
    save(phase1())
else:
    phase2(*load())

# expect-doc: tasklets=2 channels=2
# expect: checkpoint True True ['enter one', 'enter two']
# expect: exit one None ['enter one', 'enter two', 'one got ok', 'one body end']
# expect: one after with
# expect: exit two KeyError ['enter one', 'enter two', 'one got ok', 'one body end', 'two got boom']
# expect: two after with
# expect: done False False 5
