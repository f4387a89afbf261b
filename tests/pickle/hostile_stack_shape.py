# The value stack of a suspended frame must have exactly the depth the code
# has at its pc, hold the kinds of value the code will use there (the list a
# comprehension appends to, the exception an except block re-raises, no
# unbound slot) and fit max_stack; the handler table (the block stack: try,
# except, with) must agree with the code's stack depths.
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

def in_comprehension(ch):
    got = [ch.receive() for _ in range(2)]
    log.append(got)

def in_except(ch):
    try:
        raise ValueError("boom")
    except ValueError as e:
        v = ch.receive()
        log.append((str(e), v))

def in_with(ch):
    with Guard():
        v = ch.receive()
        log.append(v)

class Guard:
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        log.append("exit")
        return False

ts = [stackless.tasklet(f)(ch) for f in (in_comprehension, in_except, in_with)]
stackless.run()
good = pickle.dumps([ts, ch])
state = lambda: (stackless.getruncount(), ch.balance, [t.blocked for t in ts], list(log))
C = H.Checker(good, state)
doc = C.doc
objs = doc["objects"]
tis = H.find_all(doc, "tasklet")
fc = H.find_frame(doc, "<listcomp>")
fe = H.find_frame(doc, "in_except")
fw = H.find_frame(doc, "in_with")
def chain_of(i):
    for ti in tis:
        f = objs[ti]["chain"]["ref"]
        while f is not None:
            if f == i:
                return ti
            b = objs[f]["back"]
            f = None if b is None else b["ref"]
print("stacks", objs[fc]["stack"], objs[fe]["stack"], objs[fw]["stack"])

def stack(i, fn):
    def m(d):
        s = d["objects"][i]["stack"]
        fn(s)
    return m

def code_of(i):
    return H.find_code(doc, objs[objs[i]["function"]["ref"]]["name"] if False else doc["codes"][objs[objs[i]["function"]["ref"]]["code"]]["name"])

CH = lambda i: "/objects/%d/chain" % chain_of(i)
# Depth: one value too many, one too few, far too many.
C.check(stack(fc, lambda s: s.append(None)), CH(fc), "code 'in_comprehension.<locals>.<listcomp>'")
C.check(stack(fc, lambda s: s.pop()), CH(fc), "code 'in_comprehension.<locals>.<listcomp>'")
C.check(stack(fe, lambda s: s.clear()), CH(fe), "code 'in_except'")
C.check(stack(fw, lambda s: s.extend([0] * 50)), "/objects/%d/stack" % fw, "exceeds the code's")
# Kinds: the comprehension's list, the handled exception, unbound slots.
C.check(stack(fc, lambda s: s.__setitem__(0, {"ref": H.find(doc, "channel")})), CH(fc), "list")
C.check(stack(fe, lambda s: s.__setitem__(len(s) - 1, "not an exception")), CH(fe), "exception")
C.check(stack(fw, lambda s: s.__setitem__(0, {"null": True})), CH(fw), "code 'in_with'")
# The handler table: a region whose depth disagrees with the code, a target
# out of range, regions out of order.
ce = H.find_code(doc, "in_except")
handlers = doc["codes"][ce]["handlers"]
print("in_except handlers", handlers)
def handler(k, field, value):
    def m(d):
        d["codes"][ce]["handlers"][k][field] = value
    return m
C.check(handler(0, 3, handlers[0][3] + 1), "/codes/%d" % ce, "bytecode rejected: code 'in_except'")
C.check(handler(0, 3, 1000), "/codes/%d" % ce, "bytecode rejected: code 'in_except'")
C.check(handler(0, 2, 10000), "/codes/%d" % ce, "bytecode rejected: code 'in_except'")
C.check(handler(0, 1, 10000), "/codes/%d" % ce, "bytecode rejected: code 'in_except'")
def reorder(d):
    h = d["codes"][ce]["handlers"]
    h.reverse()
C.check(reorder, "/codes/%d" % ce, "bytecode rejected: code 'in_except'")

C.summary()
ts2, ch2 = pickle.loads(good)
for v in ("a", "b", "c", "d"):
    ch2.send(v)
for v in (1, 2, 3, 4):
    ch.send(v)
print(log, [t.alive for t in ts], [t.alive for t in ts2])

# expect: stacks [{'ref': 12}, {'ref': 10}] [None] [{'ref': 20}]
# expect: /objects/3/chain: code 'in_comprehension.<locals>.<listcomp>': a frame suspended at pc 7 has 3 values on its stack where the code has 2
# expect: /objects/3/chain: code 'in_comprehension.<locals>.<listcomp>': a frame suspended at pc 7 has 1 values on its stack where the code has 2
# expect: /objects/4/chain: code 'in_except': a frame suspended at pc 14 has 0 values on its stack where the code has 1
# expect: /objects/9/stack: stack of 51 exceeds the code's 5
# expect: /objects/3/chain: code 'in_comprehension.<locals>.<listcomp>': stack slot 0 of a frame suspended at pc 7 must be a list, not another value
# expect: /objects/4/chain: code 'in_except': stack slot 0 of a frame suspended at pc 14 must be None or an exception, not a str
# expect: /objects/5/chain: code 'in_with': stack slot 0 of a frame suspended at pc 8 must be any value, not NULL
# expect: in_except handlers [[0, 5, 6, 0], [7, 11, 35, 1], [11, 25, 30, 1], [25, 35, 35, 1]]
# expect: /codes/0: bytecode rejected: code 'in_except' at pc 36 (POP_EXCEPT 0): the saved exception (stack slot 1) must be NULL, None or an exception, but may be a str, a tuple, a tuple of cells, a list, a set, a dict, a code object, a cell or another value
# expect: /codes/0: bytecode rejected: code 'in_except': handler 0 depth 1000 leaves no room for the exception (max_stack 7)
# expect: /codes/0: bytecode rejected: code 'in_except': handler 0 target 10000 is past the end of the code (40)
# expect: /codes/0: bytecode rejected: code 'in_except': handler 0 ends at 10000, past the end of the code (40)
# expect: /codes/0: bytecode rejected: code 'in_except': handler 1 [11, 25) is not sorted after or overlaps handler 0 [25, 35)
# expect: 12 refused, 0 failures
# expect: [('boom', 'b'), 'c', 'exit', ['a', 'd'], ('boom', 2), 3, 'exit', [1, 4]] [False, False, False] [False, False, False]
