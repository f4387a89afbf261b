import stackless

# Blocking several native levels deep: sorted() whose key function drives a
# generator with list(), whose body calls list(map(f, ...)), where f blocks
# on a channel (and __str__ called by str() on the way). Several tasklets
# sit there at once; main feeds them; every result is checked.
ch = stackless.channel()
trace = []

class Label:
    def __init__(self, owner, x):
        self.owner = owner
        self.x = x
    def __str__(self):
        v = ch.receive()
        trace.append((self.owner, self.x, v))
        return str(v)

def f(owner, x):
    # map() callback: blocks inside str() inside map() inside list()
    return int(str(Label(owner, x)))

def gen(owner, x):
    # generator driven by list() from a key function
    yield x
    yield from list(map(lambda y: f(owner, y), [x, x + 100]))
    yield -1

def key(owner, x):
    return sum(list(gen(owner, x)))

def worker(owner, items, results):
    results[owner] = sorted(items, key=lambda x: key(owner, x))

results = {}
workers = [("A", [3, 1, 2]), ("B", [20, 10]), ("C", [7])]
for owner, items in workers:
    stackless.tasklet(worker)(owner, items, results)
stackless.run()
print("all blocked", ch.balance, results)
# Each item needs two values; the values decide the order: descending
# numbers, so items whose keys were computed later sort first.
n = 0
while ch.balance < 0:
    ch.send(1000 - n)
    n += 1
print("values sent", n)
for owner, items in workers:
    print(owner, results[owner])
print("trace", trace)

# Deeper: sorted() nested 12 times through key functions, a receive at the
# bottom; 5 tasklets at that depth at once.
def deep(level, x):
    if level == 0:
        return ch.receive() + x
    box = []
    sorted([x], key=lambda y: box.append(deep(level - 1, y)))
    return box[0] + 1

deep_results = []

def deep_worker(i):
    deep_results.append((i, deep(12, i * 100)))

for i in range(5):
    stackless.tasklet(deep_worker)(i)
stackless.run()
print("deep blocked", ch.balance)
for i in range(5):
    ch.send(i * 1000)
print("deep", sorted(deep_results), ch.balance, stackless.getruncount())

# The same recursion with alternating kinds of native callers: map, sorted,
# a generator driven by sum(), __str__ by format().
class Fmt:
    def __init__(self, level, x):
        self.level = level
        self.x = x
    def __format__(self, spec):
        return str(mixed(self.level, self.x))

def mixed(level, x):
    if level == 0:
        return ch.receive() * x + 1
    kind = level % 4
    if kind == 0:
        return list(map(lambda y: mixed(level - 1, y), [x]))[0]
    if kind == 1:
        box = []
        sorted([x], key=lambda y: box.append(mixed(level - 1, y)))
        return box[0] + mixed(level - 1, 1)
    if kind == 2:
        return sum(mixed(level - 1, y) for y in [x])
    return int("{}".format(Fmt(level - 1, x)))

mixed_results = []
for i in range(1, 4):
    stackless.tasklet(lambda i: mixed_results.append((i, mixed(9, i))))(i)
stackless.run()
sent = 0
while ch.balance < 0:
    sent += 1
    ch.send(sent)
print("mixed", sorted(mixed_results), "receives", sent)

# expect: all blocked -3 {}
# expect: values sent 12
# expect: A [2, 1, 3]
# expect: B [10, 20]
# expect: C [7]
# expect: trace [('A', 3, 1000), ('B', 20, 999), ('C', 7, 998), ('A', 103, 997), ('B', 120, 996), ('C', 107, 995), ('A', 1, 994), ('B', 10, 993), ('A', 101, 992), ('B', 110, 991), ('A', 2, 990), ('A', 102, 989)]
# expect: deep blocked -5
# expect: deep [(0, 12), (1, 1112), (2, 2212), (3, 3312), (4, 4412)] 0 1
# expect: mixed [(1, 100), (2, 110), (3, 122)] receives 24
