import stackless

# __eq__ called by a dict lookup (native code) tries to switch: refused.
class Key:
    def __init__(self, name, switch):
        self.name = name
        self.switch = switch
    def __hash__(self):
        return 42
    def __eq__(self, other):
        if self.switch:
            stackless.schedule()
        return self.name == other.name

ran = []

def other():
    ran.append("other")

d = {Key("a", True): 1}
t = stackless.tasklet(other)()
for what, action in (("lookup", lambda: d[Key("a", True)]),
                     ("contains", lambda: Key("a", True) in d),
                     ("store", lambda: d.__setitem__(Key("b", True), 2))):
    try:
        action()
        print(what, "not refused")
    except RuntimeError as e:
        print(what, "refused", str(e).startswith("cannot switch tasklets here: native code is on the stack"))
print("dict unchanged", len(d), [k.name for k in d], "ran", ran, stackless.getruncount(), t.scheduled)

# With nothing else runnable, schedule() does not switch: allowed.
stackless.run()
print("ran", ran, stackless.getruncount())
print("lookup", d[Key("a", True)], Key("a", True) in d)
d[Key("b", True)] = 2
print("stored", len(d), sorted(k.name for k in d))

# expect: lookup refused True
# expect: contains refused True
# expect: store refused True
# expect: dict unchanged 1 ['a'] ran [] 2 True
# expect: ran ['other'] 1
# expect: lookup 1 True
# expect: stored 2 ['a', 'b']
