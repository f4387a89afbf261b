import stackless

ch = stackless.channel()

def inner(n):
    for i in range(n):
        v = ch.receive()
        print("inner received", v)
        got = yield v
        print("inner sent back", got)
    return "inner result %d" % n

def outer():
    r = yield from inner(2)
    print("outer got", r)
    stackless.schedule()
    yield "outer tail"

def consumer():
    g = outer()
    v = next(g)
    while True:
        print("consumer", v)
        try:
            v = g.send(v.upper())
        except StopIteration:
            break
    print("consumer done")

def other():
    for i in range(3):
        print("other", i)
        stackless.schedule()

stackless.tasklet(consumer)()
stackless.tasklet(other)()
stackless.run()
ch.send("p")
ch.send("q")
stackless.run()
print("end", ch.balance, stackless.getruncount())

# expect: other 0
# expect: other 1
# expect: other 2
# expect: inner received p
# expect: consumer p
# expect: inner sent back P
# expect: inner received q
# expect: consumer q
# expect: inner sent back Q
# expect: outer got inner result 2
# expect: consumer outer tail
# expect: consumer done
# expect: end 0 1
