import stackless

ch = stackless.channel()

def gen(name):
    for i in range(3):
        print(name, "gen before schedule", i)
        stackless.schedule()
        yield i

def worker(name):
    g = gen(name)
    print(name, "next", next(g))
    print(name, "next", next(g))
    print(name, "next", next(g))
    print(name, "last", next(g, "exhausted"))

def receiving_gen():
    while True:
        v = ch.receive()
        if v is None:
            return "finished"
        yield v * 2

def puller():
    g = receiving_gen()
    print("puller got", next(g))
    print("puller got", next(g))
    try:
        next(g)
    except StopIteration as e:
        print("puller stop", e.value)

stackless.tasklet(worker)("a")
stackless.tasklet(worker)("b")
stackless.tasklet(puller)()
stackless.run()
print("balance", ch.balance)
for v in (5, 7, None):
    ch.send(v)
print("end", ch.balance, stackless.getruncount())

# expect: a gen before schedule 0
# expect: b gen before schedule 0
# expect: a next 0
# expect: a gen before schedule 1
# expect: b next 0
# expect: b gen before schedule 1
# expect: a next 1
# expect: a gen before schedule 2
# expect: b next 1
# expect: b gen before schedule 2
# expect: a next 2
# expect: a last exhausted
# expect: b next 2
# expect: b last exhausted
# expect: balance -1
# expect: puller got 10
# expect: puller got 14
# expect: puller stop finished
# expect: end 0 1
