# greenlet peers of the Spindle programs one directory up (Debian's
# python3-greenlet, so run with /usr/bin/python3).
# usage: python3 greenlets.py MODE N   (MODE: switch, roundtrip, create, blocked)
# Prints the same "<word> <count>" line as the Spindle program.
import sys

from greenlet import getcurrent, greenlet


def switch(n):
    # Ping-pong between two greenlets, each switching to the other n times.
    order = []

    def ping(name, n):
        order.append(name + " start")
        for i in range(n):
            other[name].switch()
        order.append(name + " end")

    a = greenlet(lambda: ping("a", n))
    b = greenlet(lambda: ping("b", n))
    other = {"a": b, "b": a}
    a.switch()
    if n:
        assert order == ["a start", "b start", "a end"], order
    return "switch", 2 * n


def roundtrip(n):
    # No channel object: switch a value to the server, which switches it back.
    main = getcurrent()

    def server(x):
        while True:
            x = main.switch(x)

    g = greenlet(server)
    reply = -1
    for i in range(n):
        reply = g.switch(i)
    assert reply == n - 1
    return "roundtrip", n


done = 0


def create(n):
    def f():
        global done
        done += 1

    for i in range(n):
        greenlet(f).switch()
    assert done == n
    return "create", done


def blocked(n):
    # Each greenlet switches back to main and stays suspended there.
    main = getcurrent()

    def f():
        main.switch()

    gs = []
    for i in range(n):
        g = greenlet(f)
        g.switch()
        gs.append(g)
    assert sum(1 for g in gs if g) == n
    return "blocked", n


word, count = globals()[sys.argv[1]](int(sys.argv[2]))
print(word, count)
