# A node of the wrong JSON type (an object where an array goes, a string
# for an integer, a float for an index, an integer beyond int64...) is
# refused with a pointer to it and both types named.
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

def worker(ch, scale):
    while True:
        v = ch.receive()
        log.append(v * scale)

t = stackless.tasklet(worker)(ch, 2)
stackless.run()
good = pickle.dumps([t, ch, {"a": 1}])
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, list(log))
C = H.Checker(good, state)
doc = C.doc
fr = H.find_frame(doc, "worker")
ti = H.find(doc, "tasklet")
ci = H.find(doc, "channel")
di = H.find(doc, "dict")
fn = H.find(doc, "function")

def setter(path, value):
    def m(d):
        node = d
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value
    return m

def ptr(path):
    return "".join("/" + str(k) for k in path)

cases = [
    (["codes"], {}, "expected an array, got an object"),
    (["objects"], "[]", "expected an array, got a string"),
    (["objects", 0, "items"], {"0": {"ref": 1}}, "expected an array, got an object"),
    (["objects", di, "items"], [["a", 1, 2]], None),
    (["objects", di, "items", 0], {"a": 1}, "expected a [key, value] pair"),
    (["objects", fr, "pc"], "13", "expected an integer, got a string"),
    (["objects", fr, "pc"], 13.0, "expected an integer, got a number"),
    (["objects", fr, "pc"], True, "expected an integer, got a boolean"),
    (["objects", fr, "pc"], None, "expected an integer, got null"),
    (["objects", fr, "pc"], H.Raw("18446744073709551615"), "integer 18446744073709551615 is out of the int64 range"),
    (["objects", fr, "locals"], {}, "expected an array, got an object"),
    (["objects", fr, "stack"], None, "expected an array, got null"),
    (["objects", fr, "back"], 3, "expected a frame reference"),
    (["objects", fr, "back"], [], "expected a frame reference"),
    (["objects", ti, "atomic"], 0, "expected a boolean, got an integer"),
    (["objects", ti, "block_trap"], "false", "expected a boolean, got a string"),
    (["objects", ti, "blocked"], -1.0, "expected an integer, got a number"),
    (["objects", ti, "chain", "ref"], "3", "expected an integer, got a string"),
    (["objects", ci, "balance"], "-1", "expected an integer, got a string"),
    (["objects", ci, "queue"], {"ref": ti}, "expected an array, got an object"),
    (["objects", ci, "schedule_all"], None, "expected a boolean, got null"),
    (["objects", fn, "name"], 7, "expected a string, got an integer"),
    (["objects", fn, "qualname"], ["worker"], "expected a string, got an array"),
    (["objects", fn, "code"], "0", "expected an integer, got a string"),
    (["codes", 0, "code"], "5,519", "expected an array, got a string"),
    (["codes", 0, "code", 0], -1, "-1 is out of range [0, 4294967295]"),
    (["codes", 0, "code", 0], H.Raw("-9223372036854775809"), "expected an integer, got a number"),
    (["codes", 0, "code", 0], H.Raw("1e300"), "expected an integer, got a number"),
    (["objects", 0, "items", 0], H.Raw("9223372036854775808"), "integer 9223372036854775808 is out of the int64 range"),
    (["codes", 0, "code", 0], 4294967296, "4294967296 is out of range [0, 4294967295]"),
    (["codes", 0, "code", 0], 5.0, "expected an integer, got a number"),
    (["codes", 0, "varnames", 0], None, "expected a string, got null"),
    (["codes", 0, "names"], "receive", "expected an array, got a string"),
    (["codes", 0, "max_stack"], -1, "-1 is out of range [0, 1048576]"),
    (["codes", 0, "argcount"], 1e3, "expected an integer, got a number"),
    (["codes", 0, "lines", 0], 4, "expected [pc, line]"),
    (["codes", 0, "lines", 0], [0, 4, 5], "expected [pc, line]"),
    (["codes", 0, "file"], False, "expected a string, got a boolean"),
    (["root"], [1], "expected a value, got an array"),
    (["objects", 0, "items", 0], [{"ref": 1}], "expected a value, got an array"),
]
for path, value, reason in cases:
    if reason is None:
        continue
    C.check(setter(path, value), ptr(path), reason)
C.check(setter(["codes", 0, "handlers"], [[0, 1, 2]]), "/codes/0/handlers/0", "expected [start, end, target, depth]")
# A key that is itself a pair is the dict's problem at the pair.
C.check(setter(["objects", di, "items"], [["a", 1, 2]]), "/objects/%d/items/0" % di, "expected a [key, value] pair")
C.check(setter(["objects", di, "items"], [[["a"], 1]]), "/objects/%d/items/0/0" % di, "expected a value, got an array")

C.summary()
t2, ch2, d2 = pickle.loads(good)
ch2.send(5)
ch.send(1)
print(t2.blocked, t.blocked, d2, log)

# expect: /codes: expected an array, got an object
# expect: /objects: expected an array, got a string
# expect: /objects/0/items: expected an array, got an object
# expect: /objects/3/items/0: expected a [key, value] pair
# expect: /objects/4/pc: expected an integer, got a string
# expect: /objects/4/pc: expected an integer, got a number
# expect: /objects/4/pc: expected an integer, got a boolean
# expect: /objects/4/pc: expected an integer, got null
# expect: /objects/4/pc: integer 18446744073709551615 is out of the int64 range
# expect: /objects/4/locals: expected an array, got an object
# expect: /objects/4/stack: expected an array, got null
# expect: /objects/4/back: expected a frame reference
# expect: /objects/4/back: expected a frame reference
# expect: /objects/1/atomic: expected a boolean, got an integer
# expect: /objects/1/block_trap: expected a boolean, got a string
# expect: /objects/1/blocked: expected an integer, got a number
# expect: /objects/1/chain/ref: expected an integer, got a string
# expect: /objects/2/balance: expected an integer, got a string
# expect: /objects/2/queue: expected an array, got an object
# expect: /objects/2/schedule_all: expected a boolean, got null
# expect: /objects/5/name: expected a string, got an integer
# expect: /objects/5/qualname: expected a string, got an array
# expect: /objects/5/code: expected an integer, got a string
# expect: /codes/0/code: expected an array, got a string
# expect: /codes/0/code/0: -1 is out of range [0, 4294967295]
# expect: /codes/0/code/0: expected an integer, got a number
# expect: /codes/0/code/0: expected an integer, got a number
# expect: /objects/0/items/0: integer 9223372036854775808 is out of the int64 range
# expect: /codes/0/code/0: 4294967296 is out of range [0, 4294967295]
# expect: /codes/0/code/0: expected an integer, got a number
# expect: /codes/0/varnames/0: expected a string, got null
# expect: /codes/0/names: expected an array, got a string
# expect: /codes/0/max_stack: -1 is out of range [0, 1048576]
# expect: /codes/0/argcount: expected an integer, got a number
# expect: /codes/0/lines/0: expected [pc, line]
# expect: /codes/0/lines/0: expected [pc, line]
# expect: /codes/0/file: expected a string, got a boolean
# expect: /root: expected a value, got an array
# expect: /objects/0/items/0: expected a value, got an array
# expect: /codes/0/handlers/0: expected [start, end, target, depth]
# expect: /objects/3/items/0: expected a [key, value] pair
# expect: /objects/3/items/0/0: expected a value, got an array
# expect: 42 refused, 0 failures
# expect: True True {'a': 1} [10, 2]
