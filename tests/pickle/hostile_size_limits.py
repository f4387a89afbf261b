# Size bombs against the default limits (UnpickleLimits): document bytes
# (64 MiB), JSON nesting (64), string length (16 MiB) and frame slots
# (4M: a frame is sized by its code's max_stack, not by its record, so a
# few small frame records could ask for gigabytes). The error names the
# limit and its value; a document exactly at a limit loads. The other
# limits (objects, codes, container length, instructions, frames per chain)
# are exercised with small values in tests/unit/test_unpickle_limits.cpp.
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

def worker(ch):
    v = ch.receive()
    log.append(v)

def gen(n):
    for i in range(n):
        yield i

t = stackless.tasklet(worker)(ch)
stackless.run()
g = gen(5)
next(g)
good = pickle.dumps([t, ch])
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, list(log))
C = H.Checker(good, state)
MiB = 1 << 20

# Document bytes.
# (A document exactly at the limit loading is checked in the unit test, with
# a small limit: parsing 64 MiB is slow under the sanitizers.)
pad = " " * (64 * MiB - len(good) + 1)
C.refuse(good + pad, "/", "a document of %d bytes exceeds the document_bytes limit of %d" % (64 * MiB + 1, 64 * MiB))
pad = None

# Nesting: the document object is level 1.
def nested(k):
    return good.replace('"root":{"ref":0}', '"root":' + "[" * k + "]" * k)
C.refuse(nested(64), "/", "nesting deeper than the nesting limit of 64")
C.refuse(nested(63), "/root", "expected a value, got an array")
C.refuse(nested(100000), "/", "nesting deeper than the nesting limit of 64")
C.refuse("{" * 65, "/", "nesting deeper than the nesting limit of 64")
def bare(root):
    return '{"bytecode":1,"codes":[],"format":"spindle-pickle","objects":[],"root":' + root + ',"version":1}'
print("brackets in strings do not count:", pickle.loads(bare('"' + "[{" * 100 + '"')) == "[{" * 100)

# String length.
big = "s" * (16 * MiB)
C.refuse(good.replace('"root":{"ref":0}', '"root":"' + big + 's"'), "/root",
         "a string of %d bytes exceeds the string_length limit of %d" % (16 * MiB + 1, 16 * MiB))
print("16 MiB string loads:", pickle.loads(bare('"' + big + '"')) == big)
big = None

# Frame slots: copies of a suspended generator whose code claims the
# largest max_stack the loader accepts (2^20 slots, 16 MiB per frame).
gdoc = H.parse(pickle.dumps(g))
gi = H.find(gdoc, "generator")
fi = gdoc["objects"][gi]["frame"]["ref"]
gdoc["codes"][0]["max_stack"] = 1 << 20
def copies(n):
    d = H.copy(gdoc)
    for k in range(n):
        gr = H.copy(gdoc["objects"][gi])
        fr = H.copy(gdoc["objects"][fi])
        gr["frame"] = {"ref": len(d["objects"]) + 1}
        fr["generator"] = {"ref": len(d["objects"])}
        d["objects"].append(gr)
        d["objects"].append(fr)
    # The root: a list of all the generators (a pickle holds only what its
    # root reaches).
    gens = [{"ref": gi}] + [{"ref": k} for k in range(n0, len(d["objects"]), 2)]
    d["objects"].append({"t": "list", "items": gens})
    d["root"] = {"ref": len(d["objects"]) - 1}
    return H.dump(d)
n0 = len(gdoc["objects"])
print("three big frames load:", [list(x) for x in pickle.loads(copies(2))] == [[1, 2, 3, 4]] * 3)
C.refuse(copies(3), "/objects/%d/function" % (n0 + 5), "frames of more than 4194304 slots in all exceed the frame_slots limit")
C.refuse(copies(40), "/objects/%d/function" % (n0 + 5), "frames of more than 4194304 slots in all exceed the frame_slots limit")

C.summary()
t2, ch2 = pickle.loads(good)
ch2.send("copy")
ch.send("original")
print(log, t.alive, t2.alive, list(g))

# expect: /: a document of 67108865 bytes exceeds the document_bytes limit of 67108864
# expect: /: nesting deeper than the nesting limit of 64
# expect: /root: expected a value, got an array
# expect: /: nesting deeper than the nesting limit of 64
# expect: /: nesting deeper than the nesting limit of 64
# expect: brackets in strings do not count: True
# expect: /root: a string of 16777217 bytes exceeds the string_length limit of 16777216
# expect: 16 MiB string loads: True
# expect: three big frames load: False
# expect: /objects/11/function: frames of more than 4194304 slots in all exceed the frame_slots limit
# expect: /objects/11/function: frames of more than 4194304 slots in all exceed the frame_slots limit
# expect: 8 refused, 0 failures
# expect: ['copy', 'original'] False False [1, 2, 3, 4]
