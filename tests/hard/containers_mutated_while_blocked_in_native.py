import stackless

# A tasklet blocked inside a native method working on a container (list
# .index/.sort, dict lookup, map() and sum() over a list, min() with a key,
# set.add/update) while another tasklet mutates that container: the result
# is what Stackless gives (CPython's rules: "list modified during sort",
# lookups restart, list iterators see appended items) and nothing breaks.
ch = stackless.channel()

# list.index() whose __eq__ blocks; the list is grown, then cleared.
class E:
    def __init__(self, v): self.v = v
    def __eq__(self, other):
        ch.receive()
        return False
    def __hash__(self): return 1
lst = [E(i) for i in range(4)]
def searcher():
    try:
        print("index", lst.index(5))
    except ValueError as e:
        print("search ValueError", e)
def mutator():
    for i in range(2000):
        lst.append(E(i))
    del lst[:]
    print("mutated", len(lst))
stackless.tasklet(searcher)()
stackless.run()
stackless.tasklet(mutator)()
stackless.run()
while ch.balance < 0:
    ch.send(None)
print("end", len(lst))

# list.sort() whose key blocks; the list is extended meanwhile.
a = [3, 1, 2, 5, 4]
def sorter():
    try:
        a.sort(key=lambda x: (ch.receive(), x)[1])
        print("sorted", a)
    except ValueError as e:
        print("sort ValueError", e)
def mutator():
    print("during sort", a)
    a.append(100)
    a.extend(range(1000))
    print("mutated", len(a))
stackless.tasklet(sorter)()
stackless.run()
stackless.tasklet(mutator)()
stackless.run()
while ch.balance < 0:
    ch.send(None)
print("end", len(a), a[:6])


# A dict lookup whose __eq__ blocks; the dict grows and shrinks.
class K:
    def __init__(self, v, block): self.v = v; self.block = block
    def __hash__(self): return self.v % 4
    def __eq__(self, other):
        if self.block or other.block:
            ch.receive()
        return self.v == other.v
d = {K(i, False): i for i in range(5)}
def looker():
    try:
        print("lookup", d[K(4, True)])
    except KeyError as e:
        print("lookup KeyError")
def dmut():
    for i in range(5, 3000):
        d[K(i, False)] = i
    for i in range(0, 2990):
        del d[K(i, False)]
    print("dict mutated", len(d))
stackless.tasklet(looker)()
stackless.run()
stackless.tasklet(dmut)()
stackless.run()
while ch.balance < 0:
    ch.send(None)
print("end dict", len(d))

# map() over a list that grows; sum() over a generator over a list that
# shrinks; min() with a key over a list that is replaced.
lst = [1, 2]
out = []
def mapper():
    out.append(list(map(lambda x: (ch.receive(), x * 10)[1], lst)))
def appender():
    lst.append(3)
    lst.extend(range(4, 200))
stackless.tasklet(mapper)()
stackless.run()
stackless.tasklet(appender)()
stackless.run()
n = 0
while ch.balance < 0:
    ch.send(None); n += 1
print("map saw", n, out[0][:4], len(out[0]))
# shrinking during iteration
lst2 = list(range(100))
out2 = []
def summer():
    out2.append(sum(x for x in lst2 if ch.receive() is None))
def shrinker():
    del lst2[3:]
stackless.tasklet(summer)()
stackless.run()
stackless.tasklet(shrinker)()
stackless.run()
n = 0
while ch.balance < 0:
    ch.send(None); n += 1
print("sum saw", n, out2)
# min with key over list cleared meanwhile
lst3 = list(range(50))
def minner():
    print("min", min(lst3, key=lambda x: (ch.receive(), -x)[1]))
def clearer():
    lst3.clear()
    lst3.extend([1000] * 10)
stackless.tasklet(minner)()
stackless.run()
stackless.tasklet(clearer)()
stackless.run()
n = 0
while ch.balance < 0:
    ch.send(None); n += 1
print("min saw", n)
# set add while __hash__/__eq__ blocks and another tasklet mutates the set

# set.add()/update() whose __hash__ blocks; the set grows, then is cleared.
class H:
    def __init__(self, v, b): self.v = v; self.b = b
    def __hash__(self):
        if self.b: ch.receive()
        return self.v
    def __eq__(self, o): return self.v == o.v
s = set(H(i, False) for i in range(8))
def adder():
    s.add(H(3, True))
    s.update(H(i, True) for i in range(100, 103))
    print("set size", len(s))
def smut():
    for i in range(8, 5000):
        s.add(H(i, False))
    s.clear()
stackless.tasklet(adder)()
stackless.run()
stackless.tasklet(smut)()
stackless.run()
while ch.balance < 0:
    ch.send(None)
print("end set", len(s))

# expect: mutated 0
# expect: search ValueError 5 is not in list
# expect: end 0
# expect: during sort []
# expect: mutated 1001
# expect: sort ValueError list modified during sort
# expect: end 5 [1, 2, 3, 4, 5]
# expect: dict mutated 10
# expect: lookup KeyError
# expect: end dict 10
# expect: map saw 199 [10, 20, 30, 40] 199
# expect: sum saw 3 [3]
# expect: min 1000
# expect: min saw 10
# expect: set size 4
# expect: end set 4
