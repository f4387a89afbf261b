import stackless

# A tasklet blocked inside a generator body (driven by for, next() and
# yield from) is killed or gets an exception thrown in: the exception
# travels through the generator frames, their finally clauses run, and the
# generators are finished afterwards.
ch = stackless.channel()
gens = {}

def source(name):
    try:
        while True:
            yield ch.receive()
    finally:
        print(name, "generator finally")

def delegating(name):
    try:
        yield from source(name + "-inner")
    finally:
        print(name, "outer finally")

def by_for():
    g = gens["for"] = source("for")
    for v in g:
        print("for got", v)

def by_next():
    g = gens["next"] = source("next")
    try:
        while True:
            print("next got", next(g))
    except KeyError as e:
        print("by_next caught", repr(e))

def by_yield_from():
    g = gens["yf"] = delegating("yf")
    for v in g:
        print("yf got", v)

a = stackless.tasklet(by_for)()
b = stackless.tasklet(by_next)()
c = stackless.tasklet(by_yield_from)()
stackless.run()
print("blocked", ch.balance, a.blocked, b.blocked, c.blocked)
ch.send(1)
ch.send(2)
ch.send(3)
a.kill()
print("a", a.alive, ch.balance)
b.throw(KeyError("stop"))
print("b", b.alive, ch.balance)
c.kill()
print("c", c.alive, ch.balance, stackless.getruncount())
for name in ("for", "next", "yf"):
    print(name, next(gens[name], "finished"))

# expect: blocked -3 True True True
# expect: for got 1
# expect: next got 2
# expect: yf got 3
# expect: for generator finally
# expect: a False -2
# expect: next generator finally
# expect: by_next caught KeyError('stop')
# expect: b False -1
# expect: yf-inner generator finally
# expect: yf outer finally
# expect: c False 0 1
# expect: for finished
# expect: next finished
# expect: yf finished
