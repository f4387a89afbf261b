# Documents full of reference cycles that fail halfway: a list holding
# itself, a dict holding itself, a recursive closure (its cell holds the
# function), an instance pointing at itself, a tasklet blocked on a channel
# whose queue names the tasklet, a generator. Each refusal must leave the VM
# unchanged and, since nothing collects cycles, the loader must empty what it
# built: the sanitizer build (LeakSanitizer) fails this test on any leak.
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

class Node:
    def __init__(self, name):
        self.name = name
        self.next = self

def make_fact():
    def fact(n):
        return 1 if n <= 1 else n * fact(n - 1)
    def unlink():
        nonlocal fact
        fact = None
    return fact, unlink

def worker(ch, node):
    v = ch.receive()
    log.append((node.name, v))

def gen(xs):
    for x in xs:
        yield x

lst = [1]
lst.append(lst)
dct = {"k": 1}
dct["self"] = dct
node = Node("n")
t = stackless.tasklet(worker)(ch, node)
stackless.run()
g = gen(lst)
next(g)
fact_unlink = make_fact()
good = pickle.dumps([lst, dct, fact_unlink, node, t, ch, g])
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, list(log), sorted(sys.modules.keys()))
C = H.Checker(good, state)
doc = C.doc
objs = doc["objects"]
n = len(objs)
fw = H.find_frame(doc, "worker")
ti = H.find(doc, "tasklet")
ci = H.find(doc, "channel")
gi = H.find(doc, "generator")
fact = [i for i in H.find_all(doc, "function") if objs[i]["name"] == "fact"][0]
wc = H.find_code(doc, "worker")
li = objs[0]["items"][0]["ref"]
di = objs[0]["items"][1]["ref"]
print("cycles:", objs[li]["items"][1] == {"ref": li}, objs[ci]["queue"] == [{"ref": ti}])

def setf(path, value):
    def m(d):
        node = d
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value
    return m

# From the last step of loading back to the first.
C.check(setf(["root"], {"ref": n}), "/root/ref", "%d is out of range" % n)
C.check(setf(["objects", ci, "balance"], -2), "/objects/%d/queue" % ci, "1 waiting tasklets for a balance of -2")
C.check(setf(["objects", gi, "started"], False), "/objects/%d/started" % gi, "a generator at a yield has started")
C.check(setf(["objects", ti, "alive"], False), "/objects/%d/alive" % ti, "a tasklet with frames or a function to start is alive")
C.check(setf(["objects", fw, "pc"], 0), "/objects/%d/chain" % ti, "a frame suspended in a call cannot be at pc 0")
C.check(setf(["objects", fw, "locals", 0], {"ref": fw}), "/objects/%d/locals/0/ref" % fw, "a frame can only be referenced by")
C.check(setf(["objects", fact, "closure"], None), "/objects/%d/closure" % fact, "0 cells for 1 free variables")
C.check(setf(["codes", wc, "max_stack"], 0), "/codes/%d" % wc, "bytecode rejected")
C.check(setf(["objects", di, "items", 0], [{"ref": di}, 1]), "/objects/%d/items/0/0" % di, "unhashable key of type 'dict'")
C.check(setf(["objects", li, "items", 0], {"ref": -1}), "/objects/%d/items/0/ref" % li, "-1 is out of range")
C.check(lambda d: d["objects"].append({"t": "nothing"}), "/objects/%d/t" % n, "unknown record type 'nothing'")

C.summary()
copy = pickle.loads(good)
lst2, dct2, fact2, node2, t2, ch2, g2 = copy
print(lst2[1] is lst2, dct2["self"] is dct2, fact2[0](5), node2.next is node2, list(g2))
ch2.send("copy")
ch.send("original")
print(log, t.alive, t2.alive)
# Break the cycles of this program's own objects so that the leak check
# sees only the loader's.
for l in (lst, lst2):
    l.clear()
for d in (dct, dct2):
    d.clear()
node.next = node2.next = None
fact_unlink[1]()
fact2[1]()

# expect: cycles: True True
# expect: /root/ref: 24 is out of range [0, 23]
# expect: /objects/6/queue: 1 waiting tasklets for a balance of -2
# expect: /objects/7/started: a generator at a yield has started
# expect: /objects/5/alive: a tasklet with frames or a function to start is alive
# expect: /objects/5/chain: code 'worker': a frame suspended in a call cannot be at pc 0
# expect: /objects/12/locals/0/ref: a frame can only be referenced by a tasklet, a generator or another frame
# expect: /objects/8/closure: 0 cells for 1 free variables
# expect: /codes/2: bytecode rejected: code 'worker' at pc 0 (LOAD_FAST 0): stack overflow: 1 values exceed max_stack 0
# expect: /objects/2/items/0/0: unhashable key of type 'dict'
# expect: /objects/1/items/0/ref: -1 is out of range [0, 23]
# expect: /objects/24/t: unknown record type 'nothing'
# expect: 11 refused, 0 failures
# expect: True True 120 True [[1, [...]]]
# expect: [('n', 'copy'), ('n', 'original')] False False
