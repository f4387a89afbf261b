# Wrong, missing and unknown tags: the document header, record types, value
# tags, and the enumerations inside records (iterator kinds, on_return,
# resume, continuation names). Each is refused with a pointer to the tag.
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

def worker(ch, items):
    for x in items:
        v = ch.receive()
        log.append(v + x)
    return len(log)

t = stackless.tasklet(worker)(ch, [10, 20])
stackless.run()
good = pickle.dumps([t, ch, iter([1, 2]), 2.5, -0.0])
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, list(log), sorted(sys.modules.keys()))
C = H.Checker(good, state)
doc = C.doc
objs = doc["objects"]
fr = H.find_frame(doc, "worker")
end = H.find(doc, "frame", fr + 1)
ti = H.find(doc, "tasklet")
it = H.find(doc, "iterator", ti + 1)
print("layout", fr, end, ti, it, len(objs))

def top(key, value):
    def m(d):
        if value is None:
            del d[key]
        else:
            d[key] = value
    return m

def rec(i, key, value):
    def m(d):
        if value is None:
            del d["objects"][i][key]
        else:
            d["objects"][i][key] = value
    return m

def item(value):
    def m(d):
        d["objects"][0]["items"][3] = value
    return m

# The header.
C.check(top("format", "spindle"), "/format", 'not a Spindle pickle (expected "spindle-pickle")')
C.check(top("format", 1), "/format", 'not a Spindle pickle')
C.check(top("format", None), "/", "missing field 'format'")
C.check(top("version", 2), "/version", "pickle format version 2 is not supported (this Spindle reads version 1)")
C.check(top("version", "1"), "/version", "expected an integer, got a string")
C.check(top("version", None), "/", "missing field 'version'")
C.check(top("bytecode", 0), "/bytecode", "bytecode version 0 is not supported (this Spindle runs version 1)")
C.check(top("bytecode", None), "/", "missing field 'bytecode'")
# Record types.
C.check(rec(0, "t", "lisp"), "/objects/0/t", "unknown record type 'lisp'")
C.check(rec(0, "t", "List"), "/objects/0/t", "unknown record type 'List'")
C.check(rec(0, "t", ""), "/objects/0/t", "unknown record type ''")
C.check(rec(0, "t", None), "/objects/0", "missing field 't'")
C.check(rec(0, "t", 3), "/objects/0/t", "expected a string, got an integer")
C.check(rec(fr, "t", "tasklet"), "/objects/%d/aux" % fr, "unknown field")
C.check(rec(ti, "t", "channel"), "/objects/%d/alive" % ti, "unknown field")
C.check(rec(ti, "t", "frame"), "/objects/0/items/0/ref", "a frame can only be referenced by a tasklet, a generator or another frame")
# Value tags.
C.check(item({"rev": 0}), "/objects/0/items/3/rev", "unknown tag 'rev'")
C.check(item({"Ref": 0}), "/objects/0/items/3/Ref", "unknown tag 'Ref'")
C.check(item({}), "/objects/0/items/3", "a tagged value has exactly one field")
C.check(item({"ref": 0, "code": 0}), "/objects/0/items/3", "a tagged value has exactly one field")
C.check(item({"null": True}), "/objects/0/items/3/null", "unknown tag 'null'")
C.check(item({"unbound": True}), "/objects/0/items/3/unbound", "unknown tag 'unbound'")
C.check(item({"native": "host.clock"}), "/objects/0/items/3/native", "1 native name is not registered in this process: 'host.clock'")
C.check(item({"float": "huge"}), "/objects/0/items/3/float", "expected nan, inf, -inf or -0.0")
C.check(item({"float": "NaN"}), "/objects/0/items/3/float", "expected nan, inf, -inf or -0.0")
C.check(item({"float": 1.5}), "/objects/0/items/3/float", "expected a string, got a number")
C.check(item({"builtin": "no_such_builtin"}), "/objects/0/items/3/builtin", "1 native name is not registered in this process: 'no_such_builtin'")
C.check(item({"builtin": "math.no_such"}), "/objects/0/items/3/builtin", "no builtin named 'math.no_such'")
C.check(item({"builtin": "nomodule.x"}), "/objects/0/items/3/builtin", "1 native name is not registered in this process: 'nomodule.x'")
C.check(item({"builtin": 7}), "/objects/0/items/3/builtin", "expected a string, got an integer")
C.check(item({"module": "os"}), "/objects/0/items/3/module", "no built-in module 'os'")
C.check(item({"module": ""}), "/objects/0/items/3/module", "no built-in module ''")
C.check(item({"code": 5}), "/objects/0/items/3/code", "5 is out of range [0, 0]")
C.check(item({"a/b~c": 1}), "/objects/0/items/3/a~1b~0c", "unknown tag 'a/b~c'")
# Enumerations inside records.
C.check(rec(it, "kind", "dict_keys"), "/objects/%d/kind" % it, "unknown iterator kind 'dict_keys'")
C.check(rec(fr, "on_return", "pop"), "/objects/%d/on_return" % fr, "expected push, init, module or iternext")
C.check(rec(fr, "on_return", "module"), "/objects/%d/on_return" % fr, "a module body frame cannot be loaded")
C.check(rec(end, "on_return", 0), "/objects/%d/on_return" % end, "expected push, init, module or iternext")
C.check(rec(ti, "resume", "later"), "/objects/%d/resume" % ti, "expected start, value or boundary")
C.check(rec(ti, "resume_mode", "init"), "/objects/%d/resume_mode" % ti, "a tasklet resumes with push or iternext")
C.check(rec(end, "continuation", "stackless.nothing"), "/objects/%d/continuation" % end,
        "no registered continuation 'stackless.nothing'")
C.check(rec(end, "continuation", None), "/objects/%d/state" % end, "unknown field")

C.summary()
t2, ch2, it2, f2, z2 = pickle.loads(good)
print(next(it2), f2, z2)
ch2.send(1)
ch2.send(2)
print("copy", t2.alive, log)
ch.send(3)
ch.send(4)
print("original", t.alive, log)

# expect: layout 4 9 1 3 11
# expect: /format: not a Spindle pickle (expected "spindle-pickle")
# expect: /format: not a Spindle pickle (expected "spindle-pickle")
# expect: /: missing field 'format'
# expect: /version: pickle format version 2 is not supported (this Spindle reads version 1)
# expect: /version: expected an integer, got a string
# expect: /: missing field 'version'
# expect: /bytecode: bytecode version 0 is not supported (this Spindle runs version 1)
# expect: /: missing field 'bytecode'
# expect: /objects/0/t: unknown record type 'lisp'
# expect: /objects/0/t: unknown record type 'List'
# expect: /objects/0/t: unknown record type ''
# expect: /objects/0: missing field 't'
# expect: /objects/0/t: expected a string, got an integer
# expect: /objects/4/aux: unknown field
# expect: /objects/1/alive: unknown field
# expect: /objects/0/items/0/ref: a frame can only be referenced by a tasklet, a generator or another frame
# expect: /objects/0/items/3/rev: unknown tag 'rev'
# expect: /objects/0/items/3/Ref: unknown tag 'Ref'
# expect: /objects/0/items/3: a tagged value has exactly one field
# expect: /objects/0/items/3: a tagged value has exactly one field
# expect: /objects/0/items/3/null: unknown tag 'null'
# expect: /objects/0/items/3/unbound: unknown tag 'unbound'
# expect: /objects/0/items/3/native: 1 native name is not registered in this process: 'host.clock'
# expect: /objects/0/items/3/float: expected nan, inf, -inf or -0.0
# expect: /objects/0/items/3/float: expected nan, inf, -inf or -0.0
# expect: /objects/0/items/3/float: expected a string, got a number
# expect: /objects/0/items/3/builtin: 1 native name is not registered in this process: 'no_such_builtin'
# expect: /objects/0/items/3/builtin: no builtin named 'math.no_such'
# expect: /objects/0/items/3/builtin: 1 native name is not registered in this process: 'nomodule.x'
# expect: /objects/0/items/3/builtin: expected a string, got an integer
# expect: /objects/0/items/3/module: no built-in module 'os'
# expect: /objects/0/items/3/module: no built-in module ''
# expect: /objects/0/items/3/code: 5 is out of range [0, 0]
# expect: /objects/0/items/3/a~1b~0c: unknown tag 'a/b~c'
# expect: /objects/3/kind: unknown iterator kind 'dict_keys'
# expect: /objects/4/on_return: expected push, init, module or iternext
# expect: /objects/4/on_return: a module body frame cannot be loaded
# expect: /objects/9/on_return: expected push, init, module or iternext
# expect: /objects/1/resume: expected start, value or boundary
# expect: /objects/1/resume_mode: a tasklet resumes with push or iternext
# expect: /objects/9/continuation: no registered continuation 'stackless.nothing'
# expect: /objects/9/state: unknown field
# expect: 42 refused, 0 failures
# expect: 1 2.5 -0.0
# expect: copy False [11, 22]
# expect: original False [11, 22, 13, 24]
