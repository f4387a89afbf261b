# Generators: suspended mid-loop, not started, finished, suspended inside
# try/finally, delegating with yield from, one that got a value by send(),
# and a generator expression.
def make():
    def counter(n):
        total = 0
        for i in range(n):
            total += i
            yield total
    def guarded(log):
        try:
            yield "a"
            yield "b"
        finally:
            log.append("finally ran")
    def inner():
        yield 1
        yield 2
    def delegating():
        r = yield from inner()
        yield "after"
    def echo():
        received = []
        while True:
            x = yield received
            received.append(x)
    mid = counter(5)
    next(mid)
    next(mid)
    fresh = counter(3)
    done = counter(1)
    list(done)
    log = []
    g = guarded(log)
    next(g)
    d = delegating()
    next(d)
    e = echo()
    next(e)
    e.send("hello")
    gx = (x * x for x in [1, 2, 3, 4])
    next(gx)
    return {"mid": mid, "fresh": fresh, "done": done, "guarded": g, "log": log, "delegating": d, "echo": e,
            "genexpr": gx}
