# Object and code ids out of range, and ids of the wrong kind of object:
# each field that refers to another record checks the record's kind.
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

class Box:
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v

def make_counter():
    n = 0
    def bump():
        nonlocal n
        n += 1
        return n
    return bump

def worker(ch, box):
    v = ch.receive()
    log.append(v + box.get())

t = stackless.tasklet(worker)(ch, Box(100))
stackless.run()
try:
    raise KeyError("k")
except KeyError as e:
    err = e
good = pickle.dumps([t, ch, make_counter(), Box(1).get, err, range(3), [7]])
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, list(log))
C = H.Checker(good, state)
doc = C.doc
objs = doc["objects"]
n = len(objs)
fr = H.find_frame(doc, "worker")
end = H.find(doc, "frame", fr + 1)
ti = H.find(doc, "tasklet")
ci = H.find(doc, "channel")
li = H.find(doc, "list", 1)          # [7]
fi = H.find(doc, "function")          # worker
bump = [i for i in H.find_all(doc, "function") if objs[i]["name"] == "bump"][0]
clo = objs[bump]["closure"]["ref"]
cell = objs[clo]["items"][0]["ref"]
inst = H.find(doc, "instance")
cls = H.find(doc, "class")
meth = H.find(doc, "method")
exc = H.find(doc, "exception")
rng = H.find(doc, "range")
mod = H.find(doc, "module")
print("objects", n, "codes", len(doc["codes"]))

def at(i, key, value):
    def m(d):
        d["objects"][i][key] = value
    return m

R = lambda k: {"ref": k}
# Out of range.
C.check(lambda d: d.__setitem__("root", R(n)), "/root/ref", "%d is out of range [0, %d]" % (n, n - 1))
C.check(lambda d: d.__setitem__("root", R(-1)), "/root/ref", "-1 is out of range [0, %d]" % (n - 1))
C.check(lambda d: d.__setitem__("root", R(2 ** 62)), "/root/ref", "is out of range")
C.check(at(fr, "back", R(n + 5)), "/objects/%d/back/ref" % fr, "%d is out of range" % (n + 5))
C.check(at(fi, "code", len(doc["codes"])), "/objects/%d/code" % fi, "is out of range [0, %d]" % (len(doc["codes"]) - 1))
C.check(at(li, "items", [{"code": -1}]), "/objects/%d/items/0/code" % li, "-1 is out of range")
C.check(at(exc, "traceback", [[99, 1]]), "/objects/%d/traceback/0/0" % exc, "99 is out of range")
C.check(at(ci, "queue", [R(n)]), "/objects/%d/queue/0/ref" % ci, "is out of range")
# The wrong kind of object.
C.check(at(fi, "globals", R(li)), "/objects/%d/globals" % fi, "expected a module, got list")
C.check(at(fr, "function", R(li)), "/objects/%d/function" % fr, "expected a function, got list")
C.check(at(fr, "function", {"builtin": "len"}), "/objects/%d/function" % fr, "expected a function, got builtin_function_or_method")
C.check(at(fr, "back", R(li)), "/objects/%d/back" % fr, "expected a frame")
C.check(at(ti, "chain", R(fi)), "/objects/%d/chain" % ti, "expected a frame")
C.check(at(ci, "queue", [R(li)]), "/objects/%d/queue/0" % ci, "expected a tasklet, got list")
C.check(at(ci, "queue", [R(ci)]), "/objects/%d/queue/0" % ci, "expected a tasklet, got channel")
C.check(at(bump, "closure", R(li)), "/objects/%d/closure" % bump, "expected a tuple, got list")
C.check(lambda d: d["objects"][clo].__setitem__("items", [R(li)]), "/objects/%d/closure" % bump, "closure items must be cells")
C.check(at(fr, "cells", [R(li)]), "/objects/%d/cells" % fr, "cells for a code with 0")
C.check(at(inst, "class", R(li)), "/objects/%d/class" % inst, "expected a class, got list")
C.check(at(inst, "class", {"builtin": "int"}), "/objects/%d/class" % inst, "class 'int' does not make instance records")
C.check(at(inst, "class", {"builtin": "ValueError"}), "/objects/%d/class" % inst, "class 'ValueError' does not make instance records")
C.check(at(exc, "class", R(cls)), "/objects/%d/class" % exc, "class 'Box' does not make exception records")
C.check(at(inst, "dict", R(li)), "/objects/%d/dict" % inst, "expected a dict, got list")
C.check(at(cls, "base", R(li)), "/objects/%d/base" % cls, "expected a class, got list")
C.check(at(cls, "base", {"builtin": "int"}), "/objects/%d/base" % cls, "cannot subclass 'int'")
C.check(at(cls, "dict", R(inst)), "/objects/%d/dict" % cls, "expected a dict, got")
C.check(at(meth, "func", R(li)), "/objects/%d/func" % meth, "not callable")
C.check(at(exc, "args", R(li)), "/objects/%d/args" % exc, "expected a tuple, got list")
C.check(at(exc, "cause", R(li)), "/objects/%d/cause" % exc, "expected an exception, got list")
C.check(at(exc, "context", 5), "/objects/%d/context" % exc, "expected an exception, got int")
C.check(at(ti, "args", R(li)), "/objects/%d/args" % ti, "expected a tuple")
C.check(at(ti, "kwargs", R(li)), "/objects/%d/kwargs" % ti, "expected a dict")
C.check(at(fi, "defaults", R(li)), "/objects/%d/defaults" % fi, "expected a tuple, got list")
C.check(at(fi, "kwdefaults", R(li)), "/objects/%d/kwdefaults" % fi, "expected a dict, got list")
# Frames are only reached through chain, back and frame fields.
C.check(at(li, "items", [R(fr)]), "/objects/%d/items/0/ref" % li, "a frame can only be referenced by")
C.check(at(ti, "tempval", R(fr)), "/objects/%d/tempval/ref" % ti, "a frame can only be referenced by")
C.check(lambda d: d.__setitem__("root", R(end)), "/root/ref", "a frame can only be referenced by")
# A module record for a loaded module with another source.
# Reported at the first function whose code came from it, naming it.
first_fn = min(i for i in H.find_all(doc, "function") if doc["objects"][i]["globals"] == R(mod))
msg = C.check(at(mod, "hash", "fnv1a64:0"), "/objects/%d" % first_fn, "module '__main__' changed: function", show=False)
print(msg.split(", the loaded module has")[0])  # the loaded hash changes with this file
# A module record named like a built-in module would shadow it once loaded.
def builtin_name(d):
    d["objects"][mod]["name"] = "math"
C.check(builtin_name, "/objects/%d/name" % mod, "'math' is a built-in module, not a script module")
# Records the root does not reach (the pickler writes none; a dropped cycle
# of them would never be freed).
def junk(d):
    d["objects"].append({"t": "list", "items": [{"ref": n}, {"ref": li}]})
C.check(junk, "/objects/%d" % n, "not reachable from the root (a pickle holds nothing else)")
def junk_code(d):
    d["codes"].append(H.copy(d["codes"][0]))
C.check(junk_code, "/codes/%d" % len(doc["codes"]), "not reachable from the root (a pickle holds nothing else)")

C.summary()
t2, ch2, bump2, get2, err2, r2, l2 = pickle.loads(good)
ch2.send(1)
ch.send(2)
print(log, bump2(), bump2(), get2(), repr(err2), r2, l2)

# expect: objects 27 codes 21
# expect: /root/ref: 27 is out of range [0, 26]
# expect: /root/ref: -1 is out of range [0, 26]
# expect: /root/ref: 4611686018427387904 is out of range [0, 26]
# expect: /objects/8/back/ref: 32 is out of range [0, 26]
# expect: /objects/3/code: 21 is out of range [0, 20]
# expect: /objects/7/items/0/code: -1 is out of range [0, 20]
# expect: /objects/5/traceback/0/0: 99 is out of range [0, 20]
# expect: /objects/2/queue/0/ref: 27 is out of range [0, 26]
# expect: /objects/3/globals: expected a module, got list
# expect: /objects/8/function: expected a function, got list
# expect: /objects/8/function: expected a function, got builtin_function_or_method
# expect: /objects/8/back: expected a frame
# expect: /objects/1/chain: expected a frame
# expect: /objects/2/queue/0: expected a tasklet, got list
# expect: /objects/2/queue/0: expected a tasklet, got channel
# expect: /objects/3/closure: expected a tuple, got list
# expect: /objects/3/closure: closure items must be cells
# expect: /objects/8/cells: 1 cells for a code with 0
# expect: /objects/12/class: expected a class, got list
# expect: /objects/12/class: class 'int' does not make instance records
# expect: /objects/12/class: class 'ValueError' does not make instance records
# expect: /objects/5/class: class 'Box' does not make exception records
# expect: /objects/12/dict: expected a dict, got list
# expect: /objects/20/base: expected a class, got list
# expect: /objects/20/base: cannot subclass 'int'
# expect: /objects/20/dict: expected a dict, got object
# expect: /objects/4/func: not callable
# expect: /objects/5/args: expected a tuple, got list
# expect: /objects/5/cause: expected an exception, got list
# expect: /objects/5/context: expected an exception, got int
# expect: /objects/1/args: expected a tuple
# expect: /objects/1/kwargs: expected a dict
# expect: /objects/3/defaults: expected a tuple, got list
# expect: /objects/3/kwdefaults: expected a dict, got list
# expect: /objects/7/items/0/ref: a frame can only be referenced by a tasklet, a generator or another frame
# expect: /objects/1/tempval/ref: a frame can only be referenced by a tasklet, a generator or another frame
# expect: /root/ref: a frame can only be referenced by a tasklet, a generator or another frame
# expect: /objects/3: module '__main__' changed: function 'make_counter.<locals>.bump' was pickled with source fnv1a64:0
# expect: /objects/9/name: 'math' is a built-in module, not a script module
# expect: /objects/27: not reachable from the root (a pickle holds nothing else)
# expect: /codes/21: not reachable from the root (a pickle holds nothing else)
# expect: 41 refused, 0 failures
# expect: [101, 102] 1 2 1 KeyError('k') range(0, 3) [7]
