# Blocked in channel.send(): the producer is pickled with its channel while
# it waits for a receiver; process 2 receives the rest of its items.
# usage: spindle send_blocked.py whole | start STATE | resume STATE
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


def producer(ch, items):
    sent = 0
    for item in items:
        ch.send(item.upper() + str(sent))
        sent += 1
    print("producer done, sent", sent)


def phase1():
    ch = stackless.channel()
    t = stackless.tasklet(producer)(ch, ["a", "b", "c"])
    stackless.run()
    print("got", ch.receive())
    stackless.run()                      # the producer blocks sending "B1"
    print("checkpoint", t.blocked, ch.balance)
    return [t, ch]


def phase2(t, ch):
    print("phase 2", t.blocked, t.alive, ch.balance, ch.queue is t)
    print("got", ch.receive())
    print("got", ch.receive())
    stackless.run()
    print("after", t.alive, ch.balance)


if MODE == "whole":
    phase2(*phase1())
elif MODE == "start":
    save(phase1())
else:
    phase2(*load())

# expect-doc: tasklets=1 channels=1
# expect: got A0
# expect: checkpoint True 1
# expect: phase 2 True True 1 True
# expect: got B1
# expect: got C2
# expect: producer done, sent 3
# expect: after False 0
