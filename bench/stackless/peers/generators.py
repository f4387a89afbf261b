# CPython generator peers of the Spindle programs one directory up.
# usage: python3 generators.py MODE N   (MODE: switch, roundtrip, create, blocked)
# Prints the same "<word> <count>" line as the Spindle program.
import sys


def switch(n):
    # Ping-pong: each side runs a for-loop; every item is two switches
    # (into the generator and back out).
    def ping(n):
        for i in range(n):
            yield i

    last = -1
    for last in ping(n):
        pass
    assert last == n - 1
    return "switch", 2 * n


def roundtrip(n):
    # No channel object: send() a value in, the generator yields it back.
    def server():
        x = yield
        while True:
            x = yield x

    g = server()
    next(g)
    reply = -1
    for i in range(n):
        reply = g.send(i)
    assert reply == n - 1
    return "roundtrip", n


done = 0


def create(n):
    def f():
        global done
        done += 1
        return
        yield

    for i in range(n):
        for _ in f():
            pass
    assert done == n
    return "create", done


def blocked(n):
    def f(ch):
        yield

    gens = []
    for i in range(n):
        g = f(None)
        next(g)
        gens.append(g)
    assert len(gens) == n
    return "blocked", n


word, count = globals()[sys.argv[1]](int(sys.argv[2]))
print(word, count)
