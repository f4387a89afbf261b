import stackless

# Methods of user classes called from native code block on a channel:
# __init__ of a class instantiated by map() consumed by list(), __lt__
# called by sorted()/min(), __add__ called by sum(), __len__ by len(),
# __bool__ by filter(None, ...), __call__ of an object mapped by map(),
# __getattr__ by getattr()/hasattr(), a property by getattr(). Each blocks,
# the feeder runs, and the builtin finishes with the right result.
ch = stackless.channel()
log = []

class Item:
    def __init__(self, x):
        self.x = x
        self.tag = ch.receive()
        log.append("init %s" % x)
    def __repr__(self):
        return "Item(%s, %s)" % (self.x, self.tag)

class Slow:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        ch.receive()
        return self.v < other.v
    def __add__(self, other):
        ch.receive()
        if isinstance(other, Slow):
            return Slow(self.v + other.v)
        return Slow(self.v + other)
    def __radd__(self, other):
        ch.receive()
        return Slow(other + self.v)
    def __len__(self):
        ch.receive()
        return self.v
    def __bool__(self):
        ch.receive()
        return self.v > 1
    def __call__(self, y):
        ch.receive()
        return self.v * y
    def __getattr__(self, name):
        ch.receive()
        if name.startswith("no"):
            raise AttributeError(name)
        return name + "!"
    @property
    def double(self):
        ch.receive()
        return self.v * 2
    def __repr__(self):
        return "Slow(%s)" % self.v

def pump():
    # Sends an endless stream of tags; killed at the end.
    n = 0
    while True:
        n += 1
        ch.send("t%d" % n)

p = stackless.tasklet(pump)()
print(list(map(Item, [1, 2, 3])), log)
print(sorted([Slow(3), Slow(1), Slow(2)]), min([Slow(5), Slow(4)]), max([Slow(5), Slow(4)]))
print(sum([Slow(1), Slow(2), Slow(3)]), sum([Slow(1), Slow(2)], Slow(10)))
print(len(Slow(4)), list(filter(None, [Slow(0), Slow(2), Slow(3)])))
print(list(map(Slow(3), [1, 2])), getattr(Slow(1), "name"), hasattr(Slow(1), "nothing"),
      getattr(Slow(7), "double"), getattr(Slow(1), "nope", "default"))

# The same in tasklets, all blocked inside these calls at once.
results = []

def make(kind):
    if kind == "init":
        results.append((kind, list(map(Item, [kind]))))
    elif kind == "lt":
        results.append((kind, sorted([Slow(2), Slow(1)])))
    elif kind == "add":
        results.append((kind, sum([Slow(2), Slow(1)])))
    elif kind == "len":
        results.append((kind, len(Slow(6))))

p.kill()
print("pump killed", p.alive, ch.balance)
for kind in ("init", "lt", "add", "len"):
    stackless.tasklet(make)(kind)
stackless.run()
print("blocked", ch.balance, results)
n = 0
while ch.balance < 0:
    n += 1
    ch.send("u%d" % n)
print("sends", n, sorted(results))
print("end", stackless.getruncount())

# expect: [Item(1, t1), Item(2, t2), Item(3, t3)] ['init 1', 'init 2', 'init 3']
# expect: [Slow(1), Slow(2), Slow(3)] Slow(4) Slow(5)
# expect: Slow(6) Slow(13)
# expect: 4 [Slow(2), Slow(3)]
# expect: [3, 6] name! False 14 default
# expect: pump killed False 0
# expect: blocked -4 []
# expect: sends 5 [('add', Slow(3)), ('init', [Item(init, u1)]), ('len', 6), ('lt', [Slow(1), Slow(2)])]
# expect: end 1
