# Missing, unknown and misspelt fields in every kind of record (and in code
# objects and the document itself) are refused with a pointer to the record
# (missing) or to the field (unknown, escaped as RFC 6901 says).
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

class Point:
    def __init__(self, x):
        self.x = x
    def norm(self):
        return abs(self.x)

def make_adder(n):
    def add(v):
        return v + n
    return add

def counter(k):
    for i in range(k):
        yield i

def worker(ch):
    v = ch.receive()
    log.append(v)

t = stackless.tasklet(worker)(ch)
stackless.run()
g = counter(3)
next(g)
root = [t, ch, (1, 2), {"k": [3]}, {4}, frozenset([5]), range(1, 9, 2), slice(1, None, 2),
        make_adder(10), Point, Point(-3).norm, ValueError("bad", 7), g, iter("ab")]
good = pickle.dumps(root)
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, list(log), sorted(sys.modules.keys()))
C = H.Checker(good, state)
doc = C.doc
objs = doc["objects"]

def first(t):
    return H.find(doc, t)

def drop(i, key):
    def m(d):
        del d["objects"][i][key]
    return m

def add(i, key):
    def m(d):
        d["objects"][i][key] = None
    return m

# For each record type: one required field missing, and an extra field.
required = [("list", "items"), ("tuple", "items"), ("dict", "items"), ("set", "items"),
            ("frozenset", "items"), ("range", "step"), ("slice", "stop"), ("function", "globals"),
            ("function", "code"), ("class", "dict"), ("class", "base"), ("instance", "class"),
            ("exception", "args"), ("method", "self"), ("generator", "started"), ("frame", "pc"),
            ("frame", "locals"), ("frame", "back"), ("tasklet", "resume"), ("tasklet", "blocked"),
            ("tasklet", "atomic"), ("channel", "queue"), ("channel", "balance"), ("iterator", "index"),
            ("module", "hash")]
for t_, key in required:
    i = first(t_)
    C.check(drop(i, key), "/objects/%d" % i, "missing field '%s'" % key)
for t_ in ("list", "tuple", "dict", "set", "frozenset", "cell", "range", "slice", "function", "class",
           "instance", "exception", "method", "generator", "frame", "tasklet", "channel", "iterator", "module"):
    i = first(t_)
    C.check(add(i, "zzz"), "/objects/%d/zzz" % i, "unknown field")
# Misspellings are not ignored.
fi = first("frame")
def misspell(d):
    d["objects"][fi]["stak"] = d["objects"][fi]["stack"]
    del d["objects"][fi]["stack"]
C.check(misspell, "/objects/%d/stak" % fi, "unknown field")
# A key with / and ~ is escaped in the pointer.
C.check(add(0, "a/b~c"), "/objects/0/a~1b~0c", "unknown field")
def top_extra(d):
    d["x~y/z"] = 1
C.check(top_extra, "/x~0y~1z", "unknown field")
# The document's own fields.
for key in ("codes", "objects", "root"):
    def m(d, key=key):
        del d[key]
    C.check(m, "/", "missing field '%s'" % key)
# Code objects.
for key in ("code", "consts", "names", "varnames", "max_stack", "handlers"):
    def m(d, key=key):
        del d["codes"][0][key]
    C.check(m, "/codes/0", "missing field '%s'" % key)
def code_extra(d):
    d["codes"][0]["co_extra"] = []
C.check(code_extra, "/codes/0/co_extra", "unknown field")
# A record that is not an object at all.
def not_record(d):
    d["objects"][2] = ["tuple", 1, 2]
C.check(not_record, "/objects/2", "expected a record, got an array")
def not_code(d):
    d["codes"][0] = "def worker(ch): ..."
C.check(not_code, "/codes/0", "expected a code record, got a string")

C.summary()
copy = pickle.loads(good)
t2, ch2 = copy[0], copy[1]
ch2.send("copy")
print(copy[2:8], copy[8](5), copy[9].__name__, copy[10](), copy[11].args, next(copy[12]), next(copy[13]))
ch.send("original")
print(t.alive, t2.alive, log)

# expect: /objects/0: missing field 'items'
# expect: /objects/3: missing field 'items'
# expect: /objects/4: missing field 'items'
# expect: /objects/5: missing field 'items'
# expect: /objects/6: missing field 'items'
# expect: /objects/7: missing field 'step'
# expect: /objects/8: missing field 'stop'
# expect: /objects/9: missing field 'globals'
# expect: /objects/9: missing field 'code'
# expect: /objects/10: missing field 'dict'
# expect: /objects/10: missing field 'base'
# expect: /objects/21: missing field 'class'
# expect: /objects/12: missing field 'args'
# expect: /objects/11: missing field 'self'
# expect: /objects/13: missing field 'started'
# expect: /objects/15: missing field 'pc'
# expect: /objects/15: missing field 'locals'
# expect: /objects/15: missing field 'back'
# expect: /objects/1: missing field 'resume'
# expect: /objects/1: missing field 'blocked'
# expect: /objects/1: missing field 'atomic'
# expect: /objects/2: missing field 'queue'
# expect: /objects/2: missing field 'balance'
# expect: /objects/14: missing field 'index'
# expect: /objects/17: missing field 'hash'
# expect: /objects/0/zzz: unknown field
# expect: /objects/3/zzz: unknown field
# expect: /objects/4/zzz: unknown field
# expect: /objects/5/zzz: unknown field
# expect: /objects/6/zzz: unknown field
# expect: /objects/27/zzz: unknown field
# expect: /objects/7/zzz: unknown field
# expect: /objects/8/zzz: unknown field
# expect: /objects/9/zzz: unknown field
# expect: /objects/10/zzz: unknown field
# expect: /objects/21/zzz: unknown field
# expect: /objects/12/zzz: unknown field
# expect: /objects/11/zzz: unknown field
# expect: /objects/13/zzz: unknown field
# expect: /objects/15/zzz: unknown field
# expect: /objects/1/zzz: unknown field
# expect: /objects/2/zzz: unknown field
# expect: /objects/14/zzz: unknown field
# expect: /objects/17/zzz: unknown field
# expect: /objects/15/stak: unknown field
# expect: /objects/0/a~1b~0c: unknown field
# expect: /x~0y~1z: unknown field
# expect: /: missing field 'codes'
# expect: /: missing field 'objects'
# expect: /: missing field 'root'
# expect: /codes/0: missing field 'code'
# expect: /codes/0: missing field 'consts'
# expect: /codes/0: missing field 'names'
# expect: /codes/0: missing field 'varnames'
# expect: /codes/0: missing field 'max_stack'
# expect: /codes/0: missing field 'handlers'
# expect: /codes/0/co_extra: unknown field
# expect: /objects/2: expected a record, got an array
# expect: /codes/0: expected a code record, got a string
# expect: 59 refused, 0 failures
# expect: [(1, 2), {'k': [3]}, {4}, frozenset({5}), range(1, 9, 2), slice(1, None, 2)] 15 Point 3 ('bad', 7) 1 a
# expect: False False ['copy', 'original']
