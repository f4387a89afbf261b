import stackless

# __eq__ and __hash__ called by a dict lookup (native code) switch tasklets:
# schedule() inside them lets the other tasklets run (a hard switch), then
# the lookup, the membership test and the store finish with the right result.
log = []

class Key:
    def __init__(self, name, switch):
        self.name = name
        self.switch = switch
    def __hash__(self):
        if self.switch:
            log.append("hash " + self.name)
            stackless.schedule()
        return 42
    def __eq__(self, other):
        if self.switch:
            log.append("eq " + self.name)
            stackless.schedule()
        return self.name == other.name

def other(name):
    log.append(name + " 1")
    stackless.schedule()
    log.append(name + " 2")

d = {Key("a", True): 1}    # nothing else runnable: schedule() returns at once
for what, action in (("lookup", lambda: d[Key("a", True)]),
                     ("contains", lambda: Key("a", True) in d),
                     ("missing", lambda: Key("z", True) in d),
                     ("store", lambda: d.__setitem__(Key("b", True), 2))):
    log.clear()
    t = stackless.tasklet(other)("t")
    u = stackless.tasklet(other)("u")
    print(what, action(), log, t.alive, u.alive, stackless.getruncount())
print("dict", len(d), sorted(k.name for k in d))

# The same inside tasklets, interleaving: each lookup blocks on a channel
# from __eq__, and main feeds the answers in another order.
ch = stackless.channel()

class ChanKey:
    def __init__(self, name):
        self.name = name
    def __hash__(self):
        return 7
    def __eq__(self, other):
        verdict = ch.receive()
        log.append("eq %s/%s %s" % (self.name, other.name, verdict))
        return verdict

table = {ChanKey("k"): "value"}
results = []

def looker(name):
    try:
        results.append((name, table[ChanKey(name)]))
    except KeyError:
        results.append((name, "KeyError"))

log.clear()
for n in ("x", "y", "z"):
    stackless.tasklet(looker)(n)
stackless.run()
print("blocked", ch.balance, log, results)
ch.send(False)
ch.send(True)
ch.send(False)
print("answered", ch.balance, log)
print("results", results)

# expect: lookup 1 ['hash a', 't 1', 'u 1', 'eq a', 't 2', 'u 2'] False False 1
# expect: contains True ['hash a', 't 1', 'u 1', 'eq a', 't 2', 'u 2'] False False 1
# expect: missing False ['hash z', 't 1', 'u 1', 'eq a', 't 2', 'u 2'] False False 1
# expect: store None ['hash b', 't 1', 'u 1', 'eq a', 't 2', 'u 2'] False False 1
# expect: dict 2 ['a', 'b']
# expect: blocked -3 [] []
# expect: answered 0 ['eq k/x False', 'eq k/y True', 'eq k/z False']
# expect: results [('x', 'KeyError'), ('y', 'value'), ('z', 'KeyError')]
