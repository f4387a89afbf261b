import stackless

# __iter__ and __next__ of a class driven by builtins (list(), sum(),
# tuple(), sorted(), min(), max(), dict(), set(), str.join, enumerate and
# zip consumed by list()) block on a channel: the tasklet switches hard
# inside the builtin and the builtin goes on collecting afterwards.
ch = stackless.channel()
log = []

class Feed:
    # Its iterator yields values received from the channel until None.
    def __init__(self, name):
        self.name = name
    def __iter__(self):
        log.append(self.name + " iter")
        stackless.schedule()
        return FeedIter()

class FeedIter:
    def __iter__(self):
        return self
    def __next__(self):
        v = ch.receive()
        if v is None:
            raise StopIteration
        return v

class Indexed:
    # The old sequence protocol: __getitem__ until IndexError.
    def __getitem__(self, i):
        v = ch.receive()
        if v is None:
            raise IndexError(i)
        return v

def feeder(values):
    for v in values:
        ch.send(v)
    log.append("fed %d" % len(values))

def consume(name, fn):
    log.clear()
    stackless.tasklet(feeder)(vals[name])
    result = fn()
    stackless.run()
    print(name, result, log, ch.balance)

vals = {
    "list": [1, 2, 3, None],
    "sum": [10, 20, None],
    "tuple": ["a", None],
    "sorted": [3, 1, 2, None],
    "min": [5, 2, 8, None],
    "max": [5, 2, 8, None],
    "dict": [("k", 1), ("j", 2), None],
    "set": [1, 1, 2, None],
    "join": ["x", "y", "z", None],
    "enumerate": ["p", "q", None],
    "zip": [1, 2, 3, None],
    "indexed": [7, 8, None],
    "in": [4, 5, 6],
}
consume("list", lambda: list(Feed("l")))
consume("sum", lambda: sum(Feed("s")))
consume("tuple", lambda: tuple(Feed("t")))
consume("sorted", lambda: sorted(Feed("o")))
consume("min", lambda: min(Feed("m")))
consume("max", lambda: max(Feed("M")))
consume("dict", lambda: dict(Feed("d")))
consume("set", lambda: sorted(set(Feed("e"))))
consume("join", lambda: "-".join(Feed("j")))
consume("enumerate", lambda: list(enumerate(Feed("n"))))
consume("zip", lambda: list(zip(Feed("z1"), Feed("z2"))))
consume("indexed", lambda: list(Indexed()))
consume("in", lambda: 6 in Feed("i"))
print("after all", ch.balance, stackless.getruncount())

# Several tasklets each inside list(Feed) at once, fed round-robin.
results = {}

def collector(name):
    results[name] = list(Feed(name))

for n in ("A", "B", "C"):
    stackless.tasklet(collector)(n)
log.clear()
stackless.run()
print("blocked", ch.balance, log)
for v in [1, 2, 3, 4, 5, 6, None, 7, None, 8, 9, None]:
    ch.send(v)
print(sorted(results.items()), ch.balance, stackless.getruncount())

# expect: list [1, 2, 3] ['l iter', 'fed 4'] 0
# expect: sum 30 ['s iter', 'fed 3'] 0
# expect: tuple ('a',) ['t iter', 'fed 2'] 0
# expect: sorted [1, 2, 3] ['o iter', 'fed 4'] 0
# expect: min 2 ['m iter', 'fed 4'] 0
# expect: max 8 ['M iter', 'fed 4'] 0
# expect: dict {'k': 1, 'j': 2} ['d iter', 'fed 3'] 0
# expect: set [1, 2] ['e iter', 'fed 4'] 0
# expect: join x-y-z ['j iter', 'fed 4'] 0
# expect: enumerate [(0, 'p'), (1, 'q')] ['n iter', 'fed 3'] 0
# expect: zip [(1, 2)] ['z1 iter', 'z2 iter', 'fed 4'] 0
# expect: indexed [7, 8] ['fed 3'] 0
# expect: in True ['i iter', 'fed 3'] 0
# expect: after all 0 1
# expect: blocked -3 ['A iter', 'B iter', 'C iter']
# expect: [('A', [1, 4]), ('B', [2, 5, 7, 8, 9]), ('C', [3, 6])] 0 1
