# A frame's pc must be in range and at a suspension point of its code: just
# after the call a blocked tasklet waits in, just after the YIELD_VALUE of a
# suspended generator, 0 for a generator that has not started (and only for
# it), any instruction for a tasklet the watchdog interrupted.
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

def worker(ch, n):
    total = 0
    for i in range(n):
        v = ch.receive()
        total += v
        log.append(total)
    return total

def squares(n):
    for i in range(n):
        yield i * i

t = stackless.tasklet(worker)(ch, 3)
stackless.run()
ch.send(1)
g = squares(4)
next(g)
fresh = squares(2)
good = pickle.dumps([t, ch, g, fresh])
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, list(log))
C = H.Checker(good, state)
doc = C.doc
objs = doc["objects"]
fw = H.find_frame(doc, "worker")
ti = H.find(doc, "tasklet")
gens = H.find_all(doc, "generator")
gs, gf = gens[0], gens[1]
fg = objs[gs]["frame"]["ref"]
ff = objs[gf]["frame"]["ref"]
wcode = doc["codes"][H.find_code(doc, "worker")]["code"]
gcode = doc["codes"][H.find_code(doc, "squares")]["code"]
pc = objs[fw]["pc"]
gpc = objs[fg]["pc"]
print("worker pc", pc, "of", len(wcode), "after opcode", wcode[pc - 1] & 255, "squares pc", gpc, "after opcode", gcode[gpc - 1] & 255,
      "fresh pc", objs[ff]["pc"], objs[gf]["started"])

def setpc(i, v, stack=None):
    def m(d):
        d["objects"][i]["pc"] = v
        if stack is not None:
            d["objects"][i]["stack"] = stack
    return m

P = "/objects/%d" % fw
C.check(setpc(fw, -1), P + "/pc", "-1 is out of range [0, %d]" % len(wcode))
C.check(setpc(fw, len(wcode) + 1), P + "/pc", "%d is out of range [0, %d]" % (len(wcode) + 1, len(wcode)))
C.check(setpc(fw, 2 ** 40), P + "/pc", "is out of range")
C.check(setpc(fw, len(wcode)), "/objects/%d/chain" % ti, "code 'worker'")
C.check(setpc(fw, 0), "/objects/%d/chain" % ti, "code 'worker'")
C.check(setpc(fw, pc - 1), "/objects/%d/chain" % ti, "code 'worker'")
C.check(setpc(fw, pc + 1), "/objects/%d/chain" % ti, "code 'worker'")
# Interrupted by the watchdog "at" the return point of a call: the result is
# not on the stack, so the depth does not match that instruction boundary.
C.check(lambda d: d["objects"][ti].__setitem__("resume", "boundary"), "/objects/%d/chain" % ti, "code 'worker'")
# Generators.
G = "/objects/%d" % gs
C.check(setpc(fg, gpc - 1), G + "/frame", "code 'squares'")
C.check(setpc(fg, gpc + 1), G + "/frame", "code 'squares'")
C.check(setpc(fg, 0, []), G + "/started", "a generator at pc 0 has not started")
C.check(lambda d: d["objects"][gs].__setitem__("started", False), G + "/started", "a generator at a yield has started")
C.check(lambda d: d["objects"][gf].__setitem__("started", True), "/objects/%d/started" % gf, "a generator at pc 0 has not started")
C.check(setpc(ff, 1), "/objects/%d/frame" % gf, "code 'squares'")
C.check(setpc(ff, gpc, objs[fg]["stack"]), "/objects/%d/started" % gf, "a generator at a yield has started")

C.summary()
t2, ch2, g2, fresh2 = pickle.loads(good)
print(list(g2), list(fresh2), list(g), list(fresh))
ch2.send(2)
ch2.send(3)
ch.send(20)
ch.send(30)
print(log, t.alive, t2.alive)

# expect: worker pc 12 of 25 after opcode 24 squares pc 11 after opcode 64 fresh pc 0 False
# expect: /objects/5/pc: -1 is out of range [0, 25]
# expect: /objects/5/pc: 26 is out of range [0, 25]
# expect: /objects/5/pc: 1099511627776 is out of range [0, 25]
# expect: /objects/1/chain: code 'worker': resume pc 25 follows RETURN_VALUE (pc 24), not a call
# expect: /objects/1/chain: code 'worker': a frame suspended in a call cannot be at pc 0
# expect: /objects/1/chain: code 'worker': resume pc 11 follows LOAD_METHOD (pc 10), not a call
# expect: /objects/1/chain: code 'worker': resume pc 13 follows STORE_FAST (pc 12), not a call
# expect: /objects/1/chain: code 'worker': a frame suspended at pc 12 has 1 values on its stack where the code has 2
# expect: /objects/3/frame: code 'squares': resume pc 10 follows BINARY_OP (pc 9), not YIELD_VALUE
# expect: /objects/3/frame: code 'squares': resume pc 12 follows POP_TOP (pc 11), not YIELD_VALUE
# expect: /objects/3/started: a generator at pc 0 has not started
# expect: /objects/3/started: a generator at a yield has started
# expect: /objects/4/started: a generator at pc 0 has not started
# expect: /objects/4/frame: code 'squares': resume pc 1 follows PUSH_NULL (pc 0), not YIELD_VALUE
# expect: /objects/4/started: a generator at a yield has started
# expect: 15 refused, 0 failures
# expect: [1, 4, 9] [0, 1] [1, 4, 9] [0, 1]
# expect: [1, 3, 6, 21, 51] False False
