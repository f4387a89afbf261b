# Several tasklets and channels in one document with shared references:
# three workers blocked receiving on one channel (in FIFO order), a fourth
# blocked sending on another, all sharing one dict whose list is also in
# the root under another name. After the load the queues, their order and
# every identity are the same, and the workers wake in order.
# usage: spindle shared_refs.py whole | start STATE | resume STATE
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


def worker(name, inbox, outbox, shared):
    v = inbox.receive()
    shared["count"] += v
    shared["seen"].append(name)
    outbox.send((name, shared["count"]))


def greeter(outbox, shared):
    outbox.send("hello from " + shared["owner"])


def phase1():
    inbox = stackless.channel()
    outbox = stackless.channel()
    shared = {"count": 0, "seen": [], "owner": "ops"}
    workers = [stackless.tasklet(worker)("w%d" % i, inbox, outbox, shared) for i in (1, 2, 3)]
    g = stackless.tasklet(greeter)(outbox, shared)
    stackless.run()
    print("checkpoint", inbox.balance, outbox.balance, inbox.queue is workers[0], outbox.queue is g)
    return {"workers": workers, "greeter": g, "channels": (inbox, outbox),
            "shared": shared, "seen": shared["seen"]}


def phase2(state):
    inbox, outbox = state["channels"]
    workers, shared = state["workers"], state["shared"]
    print("phase 2", inbox.balance, outbox.balance, inbox.queue is workers[0],
          outbox.queue is state["greeter"], state["seen"] is shared["seen"])
    for v in (1, 2, 3):
        inbox.send(v)
    print("sent", inbox.balance, outbox.balance, shared)
    for i in range(4):
        print("received", outbox.receive())
    stackless.run()
    print("done", [w.alive for w in workers], state["greeter"].alive, state["seen"])


if MODE == "whole":
    phase2(phase1())
elif MODE == "start":
    save(phase1())
else:
    phase2(load())

# expect-doc: tasklets=4 channels=2
# expect: checkpoint -3 1 True True
# expect: phase 2 -3 1 True True True
# expect: sent 0 4 {'count': 6, 'seen': ['w1', 'w2', 'w3'], 'owner': 'ops'}
# expect: received hello from ops
# expect: received ('w1', 1)
# expect: received ('w2', 3)
# expect: received ('w3', 6)
# expect: done [False, False, False] False ['w1', 'w2', 'w3']
