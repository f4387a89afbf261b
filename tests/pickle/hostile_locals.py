# A frame's locals and cells must match its code (count, kinds), and a
# function's closure must hold one cell per free variable. Unbound locals
# ({"null": true}) are allowed: the code checks them when it reads them.
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

def outer(ch, base):
    scale = 10
    def step():
        return ch.receive() * scale + base
    def run():
        acc = []
        while len(acc) < 2:
            v = step()
            acc = acc + [v]
        return acc
    r = run()
    log.append(r)

t = stackless.tasklet(outer)(ch, 1)
stackless.run()
good = pickle.dumps([t, ch])
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, list(log))
C = H.Checker(good, state)
doc = C.doc
objs = doc["objects"]
fo = H.find_frame(doc, "outer")
fs = H.find_frame(doc, "step")
fr = H.find_frame(doc, "run")
step_fn = objs[fs]["function"]["ref"]
clo = objs[step_fn]["closure"]["ref"]
co = doc["codes"][H.find_code(doc, "outer")]
print("outer locals", len(objs[fo]["locals"]), "cells", len(objs[fo]["cells"]), co["cellvars"], "step closure", len(objs[clo]["items"]))

def frame(i, key, fn):
    def m(d):
        fn(d["objects"][i][key])
    return m

P = lambda i, k: "/objects/%d/%s" % (i, k)
C.check(frame(fo, "locals", lambda l: l.append(None)), P(fo, "locals"), "5 locals for a code with 4")
C.check(frame(fo, "locals", lambda l: l.pop()), P(fo, "locals"), "3 locals for a code with 4")
C.check(frame(fr, "locals", lambda l: l.clear()), P(fr, "locals"), "0 locals for a code with 2")
C.check(frame(fo, "cells", lambda l: l.pop()), P(fo, "cells"), "3 cells for a code with 4")
C.check(frame(fo, "cells", lambda l: l.append(l[0])), P(fo, "cells"), "5 cells for a code with 4")
C.check(frame(fo, "cells", lambda l: l.__setitem__(0, 5)), P(fo, "cells") + "/0", "expected a cell, got int")
C.check(frame(fo, "cells", lambda l: l.__setitem__(0, {"null": True})), P(fo, "cells") + "/0/null", "unknown tag 'null'")
C.check(frame(fo, "locals", lambda l: l.__setitem__(0, {"null": True, "x": 1})), P(fo, "locals") + "/0", "a tagged value has exactly one field")
C.check(frame(fo, "locals", lambda l: l.__setitem__(0, {"null": False})), P(fo, "locals") + "/0/null", 'an unbound slot is {"null": true}')
# The closure of a function and the free variables of its code.
C.check(lambda d: d["objects"][clo]["items"].pop(), P(step_fn, "closure"), "2 cells for 3 free variables")
C.check(lambda d: d["objects"][clo]["items"].append({"ref": clo}), P(step_fn, "closure"), "4 cells for 3 free variables")
C.check(lambda d: d["objects"][step_fn].__setitem__("closure", None), P(step_fn, "closure"), "0 cells for 3 free variables")
C.check(lambda d: d["objects"][clo]["items"].__setitem__(0, 1), P(step_fn, "closure"), "closure items must be cells")
# The code's own tables: varnames against argcount, cell_param against cells.
C.check(lambda d: d["codes"][H.find_code(doc, "outer")].__setitem__("argcount", 5), "/codes/%d" % H.find_code(doc, "outer"),
        "bytecode rejected")
C.check(lambda d: d["codes"][H.find_code(doc, "outer")].__setitem__("varnames", ["ch"]), "/codes/%d" % H.find_code(doc, "outer"),
        "bytecode rejected")

# An unbound local is fine: the copy runs and raises where it reads it.
def unbind(d):
    d["objects"][fo]["locals"][1] = {"null": True}
t3, ch3 = pickle.loads(C.mutate(unbind))
print("unbound local loads:", t3.blocked, ch3.balance)
C.summary()
t2, ch2 = pickle.loads(good)
ch2.send(1)
ch2.send(2)
ch.send(3)
ch.send(4)
print(log, t.alive, t2.alive)

# expect: outer locals 4 cells 4 ['ch', 'base', 'scale', 'step'] step closure 3
# expect: /objects/14/locals: 5 locals for a code with 4
# expect: /objects/14/locals: 3 locals for a code with 4
# expect: /objects/8/locals: 0 locals for a code with 2
# expect: /objects/14/cells: 3 cells for a code with 4
# expect: /objects/14/cells: 5 cells for a code with 4
# expect: /objects/14/cells/0: expected a cell, got int
# expect: /objects/14/cells/0/null: unknown tag 'null'
# expect: /objects/14/locals/0: a tagged value has exactly one field
# expect: /objects/14/locals/0/null: an unbound slot is {"null": true}
# expect: /objects/4/closure: 2 cells for 3 free variables
# expect: /objects/4/closure: 4 cells for 3 free variables
# expect: /objects/4/closure: 0 cells for 3 free variables
# expect: /objects/4/closure: closure items must be cells
# expect: /codes/2: bytecode rejected: code 'outer': 5 parameters but only 4 local variable names
# expect: /codes/2: bytecode rejected: code 'outer': 2 parameters but only 1 local variable names
# expect: unbound local loads: True -1
# expect: 15 refused, 0 failures
# expect: [[11, 21], [31, 41]] False False
