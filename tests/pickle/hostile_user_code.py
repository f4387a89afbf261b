# Loading runs no user code: a dict or set key whose hashing or comparison
# could call into a user class (its own or an inherited __hash__/__eq__,
# whatever kind of callable it is) is refused, and the code never runs.
import pickle, sys
import _hostile as H

ran = []

class ByLen:
    __hash__ = len                      # a builtin that calls __len__ below
    def __len__(self):
        ran.append("__len__")
        return 3

class WithEq:
    def __eq__(self, other):
        ran.append("__eq__")
        return True
    def __hash__(self):
        return 7

class Child(WithEq):
    pass

class MyError(Exception):
    def __hash__(self):
        ran.append("__hash__")
        return 1

class Plain:
    pass

objs_in = [ByLen(), WithEq(), Child(), MyError("e"), Plain()]
good = pickle.dumps(objs_in)
ran.clear()
state = lambda: (list(ran), sorted(sys.modules.keys()))
C = H.Checker(good, state)
doc = C.doc
keys = [r["ref"] for r in doc["objects"][0]["items"]]

def as_key(k, container):
    def m(d):
        rec = {"t": "dict", "items": [[{"ref": k}, 1]]} if container == "dict" else {"t": container, "items": [{"ref": k}]}
        d["objects"].append(rec)
        d["objects"][0]["items"].append({"ref": len(d["objects"]) - 1})
    return m

n = len(doc["objects"])
for k, name, meth in ((keys[0], "ByLen", "__hash__"), (keys[1], "WithEq", "__hash__"), (keys[2], "Child", "__hash__"),
                      (keys[3], "MyError", "__hash__")):
    for container, p in (("dict", "/objects/%d/items/0/0" % n), ("set", "/objects/%d/items/0" % n),
                         ("frozenset", "/objects/%d/items/0" % n)):
        C.check(as_key(k, container), p, "a key of class '%s' with its own %s (loading runs no user code)" % (name, meth))
# A tuple key holding such an object is refused too.
def in_tuple(d):
    d["objects"].append({"t": "tuple", "items": [1, {"ref": keys[0]}]})
    d["objects"].append({"t": "dict", "items": [[{"ref": n}, 1]]})
    d["objects"][0]["items"].append({"ref": n + 1})
C.check(in_tuple, "/objects/%d/items/0/0" % (n + 1), "a key of class 'ByLen' with its own __hash__")
print("user code ran:", ran)

C.summary()
# A plain instance is a fine key: identity hash, no user code.
def plain(d):
    as_key(keys[4], "dict")(d)
out = pickle.loads(C.mutate(plain))
print(type(out[5]).__name__, len(out[5]), list(out[5].values()), ran)

# expect: /objects/27/items/0/0: a key of class 'ByLen' with its own __hash__ (loading runs no user code)
# expect: /objects/27/items/0: a key of class 'ByLen' with its own __hash__ (loading runs no user code)
# expect: /objects/27/items/0: a key of class 'ByLen' with its own __hash__ (loading runs no user code)
# expect: /objects/27/items/0/0: a key of class 'WithEq' with its own __hash__ (loading runs no user code)
# expect: /objects/27/items/0: a key of class 'WithEq' with its own __hash__ (loading runs no user code)
# expect: /objects/27/items/0: a key of class 'WithEq' with its own __hash__ (loading runs no user code)
# expect: /objects/27/items/0/0: a key of class 'Child' with its own __hash__ (loading runs no user code)
# expect: /objects/27/items/0: a key of class 'Child' with its own __hash__ (loading runs no user code)
# expect: /objects/27/items/0: a key of class 'Child' with its own __hash__ (loading runs no user code)
# expect: /objects/27/items/0/0: a key of class 'MyError' with its own __hash__ (loading runs no user code)
# expect: /objects/27/items/0: a key of class 'MyError' with its own __hash__ (loading runs no user code)
# expect: /objects/27/items/0: a key of class 'MyError' with its own __hash__ (loading runs no user code)
# expect: /objects/28/items/0/0: a key of class 'ByLen' with its own __hash__ (loading runs no user code)
# expect: user code ran: []
# expect: 13 refused, 0 failures
# expect: dict 1 [1] []
