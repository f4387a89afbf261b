# A channel's queue must agree with its balance and with the states of the
# tasklets it names: each one blocked in the channel's direction, suspended
# in a call, and waiting in one queue only, once.
import pickle, stackless, sys
import _hostile as H

recv = stackless.channel()
send = stackless.channel()
log = []

def receiver(name, ch):
    v = ch.receive()
    log.append((name, v))

def sender(name, ch):
    ch.send(name)
    log.append((name, "sent"))

def idle():
    log.append("idle ran")

r1 = stackless.tasklet(receiver)("r1", recv)
r2 = stackless.tasklet(receiver)("r2", recv)
s1 = stackless.tasklet(sender)("s1", send)
stackless.run()
fresh = stackless.tasklet(idle)()
fresh.remove()
good = pickle.dumps([recv, send, r1, r2, s1, fresh])
state = lambda: (stackless.getruncount(), recv.balance, send.balance, r1.blocked, s1.blocked, fresh.scheduled, list(log))
C = H.Checker(good, state)
doc = C.doc
objs = doc["objects"]
cr, cs = H.find_all(doc, "channel")
t1, t2, t3, t4 = [objs[cr]["queue"][0]["ref"], objs[cr]["queue"][1]["ref"], objs[cs]["queue"][0]["ref"],
                  [i for i in H.find_all(doc, "tasklet") if objs[i]["resume"] == "start"][0]]
print("balances", objs[cr]["balance"], objs[cs]["balance"], "blocked", objs[t1]["blocked"], objs[t3]["blocked"])

def ch(i, key, value):
    def m(d):
        d["objects"][i][key] = value
    return m

def q(i, refs):
    return ch(i, "queue", [{"ref": k} for k in refs])

R = "/objects/%d" % cr
S = "/objects/%d" % cs
C.check(ch(cr, "balance", -3), R + "/queue", "2 waiting tasklets for a balance of -3")
C.check(ch(cr, "balance", 0), R + "/queue", "2 waiting tasklets for a balance of 0")
C.check(ch(cr, "balance", 2), R + "/queue/0", "the tasklet is not blocked in the channel's direction")
C.check(ch(cr, "balance", -2 ** 62), R + "/queue", "2 waiting tasklets for a balance of -4611686018427387904")
C.check(ch(cr, "balance", H.Raw("-9223372036854775808")), R + "/queue", "2 waiting tasklets for a balance of -9223372036854775808")
C.check(q(cr, [t1]), R + "/queue", "1 waiting tasklets for a balance of -2")
C.check(q(cr, [t1, t1]), R + "/queue/1", "a tasklet waiting twice")
def both_channels(d):
    d["objects"][cs]["queue"] = [{"ref": t1}]
    d["objects"][cs]["balance"] = -1
C.check(both_channels, S + "/queue/0", "a tasklet waiting twice")
C.check(q(cr, [t1, t3]), R + "/queue/1", "the tasklet is not blocked in the channel's direction")
C.check(q(cr, [t1, t4]), R + "/queue/1", "the tasklet is not blocked in the channel's direction")
def new_blocked(d):
    d["objects"][t4]["blocked"] = -1
    d["objects"][cr]["queue"][1] = {"ref": t4}
C.check(new_blocked, R + "/queue/1", "a blocked tasklet must be suspended in a call")
def unblocked(d):
    d["objects"][t2]["blocked"] = 0
C.check(unblocked, R + "/queue/1", "the tasklet is not blocked in the channel's direction")
C.check(ch(cr, "queue", [{"ref": t1}, 5]), R + "/queue/1", "expected a tasklet, got int")
C.check(ch(cr, "queue", [{"ref": t1}, None]), R + "/queue/1", "expected a tasklet, got NoneType")
C.check(ch(cr, "preference", 2), R + "/preference", "2 is out of range [-1, 1]")
C.check(ch(cr, "closing", "no"), R + "/closing", "expected a boolean, got a string")

# A blocked tasklet that no channel in the document lists comes back paused.
def orphan(d):
    d["objects"][cr]["queue"] = []
    d["objects"][cr]["balance"] = 0
lone = pickle.loads(C.mutate(orphan))[2]
print("orphan", lone.alive, lone.blocked, lone.scheduled, stackless.getruncount(), recv.balance)
C.summary()
recv2, send2, r1b, r2b, s1b, fresh2 = pickle.loads(good)
print(recv2.balance, send2.balance, r1b.blocked, s1b.blocked, fresh2.alive, fresh2.scheduled)
recv2.send("a")
recv2.send("b")
print(send2.receive())
recv.send("c")
recv.send("d")
print(send.receive())
fresh2.insert()
stackless.run()
print(log, recv.balance, recv2.balance, send.balance, send2.balance)

# expect: balances -2 1 blocked -1 1
# expect: /objects/1/queue: 2 waiting tasklets for a balance of -3
# expect: /objects/1/queue: 2 waiting tasklets for a balance of 0
# expect: /objects/1/queue/0: the tasklet is not blocked in the channel's direction
# expect: /objects/1/queue: 2 waiting tasklets for a balance of -4611686018427387904
# expect: /objects/1/queue: 2 waiting tasklets for a balance of -9223372036854775808
# expect: /objects/1/queue: 1 waiting tasklets for a balance of -2
# expect: /objects/1/queue/1: a tasklet waiting twice
# expect: /objects/2/queue/0: a tasklet waiting twice
# expect: /objects/1/queue/1: the tasklet is not blocked in the channel's direction
# expect: /objects/1/queue/1: the tasklet is not blocked in the channel's direction
# expect: /objects/1/queue/1: a blocked tasklet must be suspended in a call
# expect: /objects/1/queue/1: the tasklet is not blocked in the channel's direction
# expect: /objects/1/queue/1: expected a tasklet, got int
# expect: /objects/1/queue/1: expected a tasklet, got NoneType
# expect: /objects/1/preference: 2 is out of range [-1, 1]
# expect: /objects/1/closing: expected a boolean, got a string
# expect: orphan True False False 1 -2
# expect: 16 refused, 0 failures
# expect: -2 1 True True True False
# expect: s1
# expect: s1
# expect: [('r1', 'a'), ('r2', 'b'), ('r1', 'c'), ('s1', 'sent'), ('r2', 'd'), ('s1', 'sent'), 'idle ran'] 0 0 0 0
