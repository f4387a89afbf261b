# Frame chains that loop, share frames or start in the middle; generators
# that share a frame; class hierarchies that loop. A long loop is found in
# time linear in the number of frames (it used to take frames x limit).
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

def inner(ch):
    v = ch.receive()
    log.append(v)
    return v

def middle(ch):
    return inner(ch) * 2

def outer(ch):
    r = middle(ch)
    log.append(r)

def counter(n):
    for i in range(n):
        yield i

class A:
    pass

class B(A):
    pass

t = stackless.tasklet(outer)(ch)
stackless.run()
g1 = counter(3)
next(g1)
g2 = counter(4)
next(g2)
good = pickle.dumps([t, ch, g1, g2, B])
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, list(log))
C = H.Checker(good, state)
doc = C.doc
objs = doc["objects"]
fi = H.find_frame(doc, "inner")
fm = H.find_frame(doc, "middle")
fo = H.find_frame(doc, "outer")
end = objs[fo]["back"]["ref"]
ti = H.find(doc, "tasklet")
gens = H.find_all(doc, "generator")
ca = [i for i in H.find_all(doc, "class") if objs[i]["name"] == "A"][0]
cb = [i for i in H.find_all(doc, "class") if objs[i]["name"] == "B"][0]
print("chain", objs[ti]["chain"]["ref"] == fi, objs[fi]["back"]["ref"] == fm, objs[fm]["back"]["ref"] == fo)

def back(i, j):
    def m(d):
        d["objects"][i]["back"] = None if j is None else {"ref": j}
    return m

def copy_rec(d, i):
    r = H.copy(d["objects"][i])
    d["objects"].append(r)
    return r

def both(*ms):
    def m(d):
        for x in ms:
            x(d)
    return m

C.check(back(fi, fi), "/objects/%d/back" % fi, "the frame chain loops")
C.check(back(fo, fi), "/objects/%d/back" % min(fi, fm, fo), "the frame chain loops")
C.check(back(fo, fm), "/objects/%d/back" % fo, "two frames claim the same caller")
# A loop nobody else points into: inner -> middle -> outer -> inner.
def loop3(d):
    d["objects"][fo]["back"] = {"ref": fi}
    d["objects"][ti]["chain"] = None
    d["objects"][ti]["resume"] = "start"
C.check(loop3, "/objects/%d/back" % min(fi, fm, fo), "the frame chain loops")
def selfloop(d):
    d["objects"][end]["back"] = {"ref": end}
C.check(selfloop, "/objects/%d/back" % max(end, fo), "two frames claim the same caller")
# The chain must start at the innermost frame and its frames belong to it alone.
C.check(lambda d: d["objects"][ti].__setitem__("chain", {"ref": fm}), "/objects/%d/chain" % ti,
        "the chain does not start at its innermost frame")
def second_tasklet(d):
    t2 = copy_rec(d, ti)
    t2["chain"] = {"ref": fi}
C.check(second_tasklet, "/objects/%d/chain" % len(objs), "a frame on two chains")
# Two generators owning one frame.
def share(d):
    d["objects"][gens[1]]["frame"] = d["objects"][gens[0]]["frame"]
C.check(share, "/objects/%d/frame" % gens[1], "a frame owned by two generators")
# A generator frame that is also on a tasklet chain.
def gen_on_chain(d):
    d["objects"][end]["back"] = d["objects"][gens[0]]["frame"]
C.check(gen_on_chain, "/objects/%d/chain" % ti, "a tasklet's end must be its outermost frame")
# A class that is its own base, and a two-class loop.
C.check(lambda d: d["objects"][ca].__setitem__("base", {"ref": ca}), "/objects/%d" % ca, "class hierarchy forms a cycle")
C.check(lambda d: d["objects"][ca].__setitem__("base", {"ref": cb}), "/objects/%d/base" % min(ca, cb), "class hierarchy forms a cycle")

# Iterators that wrap themselves (next() would recurse natively until the C
# stack overflows): zip over itself, enumerate -> filter -> enumerate, map.
idoc = H.parse(pickle.dumps([zip([1], [2]), enumerate(filter(None, [1, 2])), map(abs, [-1])]))
its = H.find_all(idoc, "iterator")
kinds = {idoc["objects"][i]["kind"]: i for i in its}
print("iterators", sorted(kinds))
def iloop(fn):
    d = H.copy(idoc)
    fn(d["objects"])
    return H.dump(d)
def zip_self(o):
    o[kinds["zip"]]["items"][0] = {"ref": kinds["zip"]}
C.refuse(iloop(zip_self), "/objects/%d" % kinds["zip"], "an iterator that wraps itself (a loop of iterators)")
def enum_filter(o):
    o[kinds["filter"]]["source"] = {"ref": kinds["enumerate"]}
C.refuse(iloop(enum_filter), "/objects/%d" % kinds["enumerate"], "an iterator that wraps itself (a loop of iterators)")
def map_zip(o):
    o[kinds["map"]]["items"][0] = {"ref": kinds["zip"]}
    o[kinds["zip"]]["items"][1] = {"ref": kinds["map"]}
C.refuse(iloop(map_zip), "/objects/%d" % min(kinds["map"], kinds["zip"]), "an iterator that wraps itself (a loop of iterators)")
def shared(o):
    o[kinds["zip"]]["items"].append({"ref": kinds["filter"]})
z, e, m = pickle.loads(iloop(shared))
print("shared, not a loop:", list(e), list(z), list(m))

# A long loop of frames (the loop check walks each frame once).
N = 3000
def long_loop(d):
    base = len(d["objects"])
    for k in range(N):
        r = H.copy(d["objects"][fi])
        r["back"] = {"ref": base + (k + 1) % N}
        d["objects"].append(r)
text = C.mutate(long_loop)
C.refuse(text, "/objects/%d/back" % len(objs), "the frame chain loops")

C.summary()
t2, ch2, g1b, g2b, B2 = pickle.loads(good)
ch2.send(21)
ch.send(5)
print(log, list(g1b), list(g2b), B2.__name__, B2.__bases__[0].__name__)

# expect: chain True True True
# expect: /objects/6/back: the frame chain loops
# expect: /objects/6/back: the frame chain loops
# expect: /objects/19/back: two frames claim the same caller
# expect: /objects/6/back: the frame chain loops
# expect: /objects/23/back: two frames claim the same caller
# expect: /objects/1/chain: the chain does not start at its innermost frame
# expect: /objects/24/chain: a frame on two chains
# expect: /objects/4/frame: a frame owned by two generators
# expect: /objects/1/chain: a tasklet's end must be its outermost frame
# expect: /objects/9: class hierarchy forms a cycle
# expect: /objects/5/base: class hierarchy forms a cycle
# expect: iterators ['enumerate', 'filter', 'map', 'seq', 'zip']
# expect: /objects/1: an iterator that wraps itself (a loop of iterators)
# expect: /objects/2: an iterator that wraps itself (a loop of iterators)
# expect: /objects/1: an iterator that wraps itself (a loop of iterators)
# expect: shared, not a loop: [(0, 1), (1, 2)] [] [1]
# expect: /objects/24/back: the frame chain loops
# expect: 15 refused, 0 failures
# expect: [21, 42, 5, 10] [1, 2] [1, 2, 3] B A
