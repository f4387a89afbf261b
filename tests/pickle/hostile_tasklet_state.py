# Tasklet records whose state is impossible: marked running or hard (not
# part of the format), started without frames or new with frames, a chain
# that does not end in the tasklet's end, continuation frames whose state
# is not what their native expects, alive contradicting the rest, running
# generators off any chain.
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

def numbers(ch):
    while True:
        v = ch.receive()
        yield v

def worker(ch):
    for v in numbers(ch):
        log.append(v)
        if v < 0:
            return

def count():
    yield 1
    yield 2

def later(x):
    log.append(("later", x))

t = stackless.tasklet(worker)(ch)
stackless.run()
ready = stackless.tasklet(later)(7)
ready.remove()
spare = count()
next(spare)
good = pickle.dumps([t, ch, ready, spare])
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, ready.alive, ready.scheduled, list(log))
C = H.Checker(good, state)
doc = C.doc
objs = doc["objects"]
ti, tr = H.find_all(doc, "tasklet")
fw = H.find_frame(doc, "worker")
fg = H.find_frame(doc, "numbers")
gi = [i for i in H.find_all(doc, "generator") if objs[i]["frame"] == {"ref": fg}][0]
end = [i for i, o in enumerate(objs) if o.get("continuation") == "stackless.tasklet_end"][0]
print("worker chain: numbers", objs[ti]["chain"]["ref"] == fg, "then worker", objs[fg]["back"]["ref"] == fw,
      "then end", objs[fw]["back"]["ref"] == end, "; generator running", objs[gi]["running"])

def tk(i, key, value):
    def m(d):
        d["objects"][i][key] = value
    return m

T = "/objects/%d" % ti
N = "/objects/%d" % tr
# Marked running or hard: no such state can be written.
C.check(tk(ti, "running", True), T + "/running", "unknown field")
C.check(tk(ti, "nesting_level", 1), T + "/nesting_level", "unknown field")
C.check(tk(ti, "hard", True), T + "/hard", "unknown field")
C.check(tk(ti, "is_main", True), T + "/is_main", "unknown field")
# A runnable tasklet is not waiting in any channel.
C.check(lambda d: d["objects"][H.find(doc, "channel")].__setitem__("queue", [{"ref": tr}]),
        "/objects/%d/queue/0" % H.find(doc, "channel"), "the tasklet is not blocked in the channel's direction")
# Started without frames, new with frames.
C.check(tk(ti, "chain", None), T + "/chain", "a started tasklet needs its frames")
C.check(tk(ti, "resume", "start"), T + "/chain", "a tasklet that has not started has no frames")
C.check(tk(tr, "resume", "value"), N + "/chain", "a started tasklet needs its frames")
C.check(tk(tr, "func", 42), N + "/func", "not callable")
C.check(tk(tr, "alive", False), N + "/alive", "a tasklet with frames or a function to start is alive")
C.check(tk(ti, "alive", False), T + "/alive", "a tasklet with frames or a function to start is alive")
def dead_alive(d):
    d["objects"][tr]["func"] = None
    d["objects"][tr]["args"] = None
C.check(dead_alive, N + "/alive", "a tasklet with neither frames nor a function to start is not alive")
C.check(tk(ti, "blocked", 2), T + "/blocked", "2 is out of range [-1, 1]")
C.check(tk(ti, "resume_mode", "iternext"), T + "/chain", "code 'numbers'")
# The chain must end in the tasklet's end, and only there.
C.check(tk(fw, "back", None), T + "/chain", "a tasklet's outermost frame must be its end")
def end_twice(d):
    r = H.copy(d["objects"][end])
    d["objects"].append(r)
    d["objects"][fw]["back"] = {"ref": len(d["objects"]) - 1}
    r["back"] = {"ref": end}
C.check(end_twice, T + "/chain", "a tasklet's end must be its outermost frame")
C.check(tk(end, "state", 5), "/objects/%d/state" % end, "the tasklet end has no state (expected null)")
# Continuation frames whose native reads its state unchecked (these used to
# crash when the tasklet resumed).
def continuation(name, st):
    def m(d):
        d["objects"].append({"t": "frame", "continuation": name, "state": st, "on_return": "push", "back": {"ref": end}})
        d["objects"][fw]["back"] = {"ref": len(d["objects"]) - 1}
    return m
K = "/objects/%d/state" % len(objs)
C.check(continuation("stackless.channel.send_sequence.got", None), K, "expected a (channel, iterator, int) tuple")
C.check(continuation("stackless.channel.send_sequence.sent", [1]), K, "expected a value, got an array")
C.check(continuation("stackless.channel.send_sequence.sent", {"ref": H.find(doc, "channel")}), K, "expected a (channel, iterator, int) tuple")
C.check(continuation("stackless.run", 5), K, "expected a (tasklet, bool, int) tuple")
# A generator running on a chain, and one marked running off any chain.
C.check(tk(gi, "running", False), T + "/chain", "a generator frame on a chain must be running")
C.check(tk(gi, "started", False), "/objects/%d/started" % gi, "a running generator has started")
gs = [i for i in H.find_all(doc, "generator") if i != gi][0]
C.check(tk(gs, "running", True), "/objects/%d/running" % gs, "the generator is marked running but is on no tasklet's chain")

C.summary()
t2, ch2, ready2, spare2 = pickle.loads(good)
print(t2.alive, t2.blocked, ready2.alive, ready2.scheduled)
ready2.insert()
ch2.send(1)
ch2.send(-1)
ch.send(2)
ready.insert()
ch.send(-2)
print(log, t.alive, t2.alive, ready.alive, ready2.alive, list(spare2), list(spare))

# expect: worker chain: numbers True then worker True then end True ; generator running True
# expect: /objects/1/running: unknown field
# expect: /objects/1/nesting_level: unknown field
# expect: /objects/1/hard: unknown field
# expect: /objects/1/is_main: unknown field
# expect: /objects/2/queue/0: the tasklet is not blocked in the channel's direction
# expect: /objects/1/chain: a started tasklet needs its frames
# expect: /objects/1/chain: a tasklet that has not started has no frames
# expect: /objects/3/chain: a started tasklet needs its frames
# expect: /objects/3/func: not callable
# expect: /objects/3/alive: a tasklet with frames or a function to start is alive
# expect: /objects/1/alive: a tasklet with frames or a function to start is alive
# expect: /objects/3/alive: a tasklet with neither frames nor a function to start is not alive
# expect: /objects/1/blocked: 2 is out of range [-1, 1]
# expect: /objects/1/chain: code 'numbers': resume pc 5 follows CALL (pc 4), not FOR_ITER calling __next__
# expect: /objects/1/chain: a tasklet's outermost frame must be its end
# expect: /objects/1/chain: a tasklet's end must be its outermost frame
# expect: /objects/15/state: the tasklet end has no state (expected null)
# expect: /objects/16/state: expected a (channel, iterator, int) tuple
# expect: /objects/16/state: expected a value, got an array
# expect: /objects/16/state: expected a (channel, iterator, int) tuple
# expect: /objects/16/state: expected a (tasklet, bool, int) tuple
# expect: /objects/1/chain: a generator frame on a chain must be running
# expect: /objects/10/started: a running generator has started
# expect: /objects/4/running: the generator is marked running but is on no tasklet's chain
# expect: 24 refused, 0 failures
# expect: True True True False
# expect: [1, ('later', 7), -1, 2, -2, ('later', 7)] False False False False [2] [2]
