# gen.send: priming, receiving values, running averages
def echo():
    received = None
    while True:
        received = yield "got %r" % (received,)
        if received == "stop":
            return
e = echo()
print(next(e))
print(e.send(1))
print(e.send("hello"))
print(next(e))
try:
    e.send("stop")
except StopIteration as s:
    print("StopIteration", s.value)
def averager():
    total = count = 0
    avg = None
    while True:
        value = yield avg
        total += value
        count += 1
        avg = total / count
a = averager()
a.send(None)
for v in [10, 20, 30, 5]:
    print(a.send(v))
fresh = echo()
try:
    fresh.send("too early")
except TypeError as err:
    print(type(err).__name__, err)
def acc():
    items = []
    while True:
        x = yield len(items)
        if x is None:
            break
        items.append(x)
    yield items
g = acc()
print(next(g), g.send("a"), g.send("b"), g.send(None))
