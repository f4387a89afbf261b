import stackless

# list(map(f, ...)) calls f from native code; schedule() or a blocking
# channel operation inside f switches tasklets (hard) and list() goes on
# collecting where it stopped.
calls = []
ran = []

def f(x):
    calls.append(x)
    if x == 2:
        stackless.schedule()
    return x * 10

def other(name):
    ran.append(name)

t = stackless.tasklet(other)("t")
print(list(map(f, [1, 2, 3])))
print("calls", calls, "ran", ran, "runcount", stackless.getruncount(), t.alive)

# The same function in a plain Python loop switches the same way.
calls.clear()
t = stackless.tasklet(other)("u")
result = [f(x) for x in [1, 2, 3]]
print(result, "calls", calls, "ran", ran, "runcount", stackless.getruncount())

# Two mapper tasklets whose function waits on a channel: both sit inside
# list(map(...)) at once, fed in turns from main.
ch = stackless.channel()
out = {}

def g(x):
    return (x, ch.receive())

def mapper(name, items):
    out[name] = list(map(g, items))
    ran.append(name + " done")

stackless.tasklet(mapper)("A", [1, 2, 3])
stackless.tasklet(mapper)("B", [7, 8])
stackless.run()
print("both blocked", ch.balance, out)
for v in "abcde":
    ch.send(v)
print("A", out["A"])
print("B", out["B"])
print("end", ran, ch.balance, stackless.getruncount())

# map() over several iterables, filter() and a generator expression fed to
# tuple(): each callback switches.
def two(a, b):
    stackless.schedule()
    return a + b

def even(x):
    stackless.schedule()
    return x % 2 == 0

def ticker(n):
    for i in range(n):
        ran.append("tick %d" % i)
        stackless.schedule()

ran.clear()
stackless.tasklet(ticker)(8)
print(list(map(two, [1, 2, 3], [10, 20, 30])), list(filter(even, range(6))),
      tuple(two(x, 1) for x in range(2)))
print(ran)
stackless.run()
print(ran[-1], stackless.getruncount())

# expect: [10, 20, 30]
# expect: calls [1, 2, 3] ran ['t'] runcount 1 False
# expect: [10, 20, 30] calls [1, 2, 3] ran ['t', 'u'] runcount 1
# expect: both blocked -2 {}
# expect: A [(1, 'a'), (2, 'c'), (3, 'e')]
# expect: B [(7, 'b'), (8, 'd')]
# expect: end ['t', 'u', 'B done', 'A done'] 0 1
# expect: [11, 22, 33] [0, 2, 4] (1, 2)
# expect: ['tick 0', 'tick 1', 'tick 2', 'tick 3', 'tick 4', 'tick 5', 'tick 6', 'tick 7']
# expect: tick 7 1
