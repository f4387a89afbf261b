# Truncated documents: every proper prefix of a good document is refused as
# invalid JSON at the byte where it ends, and documents whose arrays were
# cut short (objects, codes, bytecode, a frame's stack, a channel's queue, a
# closure) are refused where the cut leaves something inconsistent.
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

def make_scaler(k):
    def scale(v):
        return v * k
    return scale

def worker(ch, scale):
    for i in range(3):
        v = ch.receive()
        log.append(scale(v))

def gen():
    yield "a"
    yield "b"

t = stackless.tasklet(worker)(ch, make_scaler(3))
stackless.run()
g = gen()
next(g)
good = H.portable(pickle.dumps([t, ch, g, "caf\u00e9 \u2603"]))
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, list(log), sorted(sys.modules.keys()))
C = H.Checker(good, state)
before = state()

# Every prefix (the JSON text is ASCII except the last string).
n = len(good)
refused = 0
wrong = []
for k in range(n):
    try:
        pickle.loads(good[:k])
        wrong.append((k, "accepted"))
    except pickle.UnpicklingError as e:
        m = str(e)
        if m.startswith("/: not valid JSON at byte "):
            refused += 1
        else:
            wrong.append((k, m))
print("prefixes refused:", refused == n, "wrong:", wrong[:3])
print("state unchanged after prefixes:", state() == before)
for k in (0, 1, n // 2, n - 1):
    try:
        pickle.loads(good[:k])
    except pickle.UnpicklingError as e:
        print("prefix", k == n - 1 or k, str(e)[:90])

# Arrays cut short.
doc = C.doc
objs = doc["objects"]
fw = H.find_frame(doc, "worker")
ci = H.find(doc, "channel")
wi = H.find_code(doc, "worker")
scale_fn = [i for i in H.find_all(doc, "function") if objs[i]["name"] == "scale"][0]
clo = objs[scale_fn]["closure"]["ref"]
def cut(path, keep):
    def m(d):
        node = d
        for k in path:
            node = node[k]
        del node[keep:]
    return m
last = len(objs) - 1
C.check(cut(["objects"], last), "/objects/12/items/0/ref", "%d is out of range [0, %d]" % (last, last - 1))
C.check(cut(["objects"], 1), "/objects/0/items/0/ref", "1 is out of range [0, 0]")
C.check(cut(["objects"], 0), "/root/ref", "0 is out of range [0, -1]")
C.check(cut(["codes"], 0), "/objects/%d/code" % H.find(doc, "function"), "0 is out of range [0, -1]")
C.check(cut(["codes", wi, "code"], len(doc["codes"][wi]["code"]) - 1), "/codes/%d" % wi, "execution can run off the end of the code")
C.check(cut(["codes", wi, "consts"], 0), "/codes/%d" % wi, "constant index 0 out of range (0 constants)")
print("worker stack depth", len(objs[fw]["stack"]))
C.check(cut(["objects", fw, "stack"], 0), "/objects/%d/chain" % H.find(doc, "tasklet"), "has 0 values on its stack where the code has 1")
C.check(cut(["objects", fw, "locals"], 2), "/objects/%d/locals" % fw, "2 locals for a code with 4")
C.check(cut(["objects", ci, "queue"], 0), "/objects/%d/queue" % ci, "0 waiting tasklets for a balance of -1")
C.check(cut(["objects", clo, "items"], 0), "/objects/%d/closure" % scale_fn, "0 cells for 1 free variables")
def no_root(d):
    del d["root"]
C.check(no_root, "/", "missing field 'root'")

C.summary()
t2, ch2, g2, s2 = pickle.loads(good)
print(list(g2), list(g), s2)
ch2.send(1)
ch2.send(2)
ch.send(10)
ch.send(20)
ch2.send(3)
ch.send(30)
print(log, t.alive, t2.alive)

# expect: prefixes refused: True wrong: []
# expect: state unchanged after prefixes: True
# expect: prefix 0 /: not valid JSON at byte 1: syntax error while parsing value - unexpected end of input; e
# expect: prefix 1 /: not valid JSON at byte 2: syntax error while parsing object key - unexpected end of inp
# expect: prefix 1515 /: not valid JSON at byte 1519: syntax error while parsing object key - invalid string: mi
# expect: prefix True /: not valid JSON at byte 3034: syntax error while parsing object - unexpected end of inpu
# expect: /objects/12/items/0/ref: 14 is out of range [0, 13]
# expect: /objects/0/items/0/ref: 1 is out of range [0, 0]
# expect: /root/ref: 0 is out of range [0, -1]
# expect: /objects/6/code: 0 is out of range [0, -1]
# expect: /codes/1: bytecode rejected: code 'worker' at pc 20 (LOAD_CONST 1): execution can run off the end of the code
# expect: /codes/1: bytecode rejected: code 'worker' at pc 2 (LOAD_CONST 0): constant index 0 out of range (0 constants)
# expect: worker stack depth 1
# expect: /objects/1/chain: code 'worker': a frame suspended at pc 10 has 0 values on its stack where the code has 1
# expect: /objects/4/locals: 2 locals for a code with 4
# expect: /objects/2/queue: 0 waiting tasklets for a balance of -1
# expect: /objects/6/closure: 0 cells for 1 free variables
# expect: /: missing field 'root'
# expect: 11 refused, 0 failures
# expect: ['b'] ['b'] café ☃
# expect: [3, 6, 30, 60, 9, 90] False False
