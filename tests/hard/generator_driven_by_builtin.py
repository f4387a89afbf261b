import stackless

# A generator driven by a builtin (list(gen), sum(gen), sorted(gen),
# dict(gen), any(gen), "".join(gen), max(gen)) blocks on a channel or
# schedules inside its body: the tasklet switches hard inside the builtin,
# and the builtin resumes the generator where it stopped.
ch = stackless.channel()
log = []

def gen(name, n):
    try:
        for i in range(n):
            v = ch.receive()
            log.append("%s got %s" % (name, v))
            yield v
    finally:
        log.append(name + " closed")

def scheduling_gen(n):
    for i in range(n):
        stackless.schedule()
        yield i

def feeder(values):
    for v in values:
        ch.send(v)

def drive(name, fn, values):
    log.clear()
    stackless.tasklet(feeder)(values)
    r = fn()
    stackless.run()
    print(name, r, log, ch.balance)

drive("list", lambda: list(gen("l", 3)), [1, 2, 3])
drive("sum", lambda: sum(gen("s", 3)), [10, 20, 30])
drive("sorted", lambda: sorted(gen("o", 3)), [2, 3, 1])
drive("dict", lambda: dict((v, v * v) for v in gen("d", 2)), [4, 5])
drive("any", lambda: any(v > 10 for v in gen("a", 2)), [0, 5])
drive("join", lambda: "".join(gen("j", 2)), ["a", "b"])
drive("max", lambda: max(gen("m", 3)), [4, 9, 2])
drive("genexp in list", lambda: [v * 2 for v in gen("c", 2)], [7, 8])

# A generator that schedules, consumed by list() in two tasklets at once:
# they interleave.
order = []

def consumer(name):
    for v in list(scheduling_gen(3)):
        pass
    order.append(name + " listed")
    s = sum(x for x in scheduling_gen(3) if order.append(name + str(x)) is None)
    order.append("%s sum %d" % (name, s))

stackless.tasklet(consumer)("A")
stackless.tasklet(consumer)("B")
stackless.run()
print(order)

# yield from inside a generator driven by list(): the inner generator blocks.
def outer():
    yield "start"
    yield from gen("inner", 2)
    yield "end"

def lister(out):
    out.append(list(outer()))

out = []
log.clear()
t = stackless.tasklet(lister)(out)
stackless.run()
print("lister blocked", t.blocked, out)
ch.send("x")
ch.send("y")
print("lister", t.alive, out, log)

# A generator left suspended inside list() in a blocked tasklet is closed
# (its finally runs) when the tasklet is killed.
log.clear()
t = stackless.tasklet(lister)(out)
stackless.run()
ch.send("only one")
t.kill()
print("killed", t.alive, log, ch.balance)

# expect: list [1, 2, 3] ['l got 1', 'l got 2', 'l got 3', 'l closed'] 0
# expect: sum 60 ['s got 10', 's got 20', 's got 30', 's closed'] 0
# expect: sorted [1, 2, 3] ['o got 2', 'o got 3', 'o got 1', 'o closed'] 0
# expect: dict {4: 16, 5: 25} ['d got 4', 'd got 5', 'd closed'] 0
# expect: any False ['a got 0', 'a got 5', 'a closed'] 0
# expect: join ab ['j got a', 'j got b', 'j closed'] 0
# expect: max 9 ['m got 4', 'm got 9', 'm got 2', 'm closed'] 0
# expect: genexp in list [14, 16] ['c got 7', 'c got 8', 'c closed'] 0
# expect: ['A listed', 'B listed', 'A0', 'B0', 'A1', 'B1', 'A2', 'A sum 3', 'B2', 'B sum 3']
# expect: lister blocked True []
# expect: lister False [['start', 'x', 'y', 'end']] ['inner got x', 'inner got y', 'inner closed']
# expect: killed False ['inner got only one', 'inner closed'] 0
