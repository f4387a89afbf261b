import stackless

# Every operation that switches tasklets works inside a native callback
# (here: a key function of sorted(), run by main and by a tasklet): the
# switch is hard, and sorted() finishes afterwards with the right order.
ch = stackless.channel()
log = []

def receiver(name):
    try:
        log.append((name, "received", ch.receive()))
    except ValueError as e:
        log.append((name, "got", repr(e)))
    finally:
        log.append((name, "ends"))

def idle(name):
    log.append((name, "ran"))

def in_key(op):
    # op runs in the key of the first item only; returns the sorted result
    def key(x):
        if x == 2:
            log.append(("key", "before"))
            op()
            log.append(("key", "after"))
        return -x
    return sorted([1, 2, 3], key=key)

def scenario(name, setup, op):
    log.clear()
    made = setup()
    res = in_key(lambda: op(made))
    print(name, res, log, stackless.getruncount())
    stackless.run()  # let leftovers finish
    return made

def blocked_receiver():
    r = stackless.tasklet(receiver)("r")
    stackless.run()
    return r

def queued_idle():
    return stackless.tasklet(idle)("p")

scenario("send", blocked_receiver, lambda r: ch.send("x"))
scenario("send_exception", blocked_receiver, lambda r: ch.send_exception(ValueError, "x"))
scenario("schedule", queued_idle, lambda p: stackless.schedule())
scenario("run", queued_idle, lambda p: stackless.run())
scenario("tasklet.run", queued_idle, lambda p: p.run())
scenario("kill queued", queued_idle, lambda p: p.kill())
scenario("kill blocked", blocked_receiver, lambda r: r.kill())
scenario("throw blocked", blocked_receiver, lambda r: r.throw(ValueError("thrown")))
scenario("paused run", lambda: stackless.tasklet(idle, ("q",)), lambda q: q.run())

# switch() pauses main inside the key function; the tasklet switched to
# re-inserts main later.
main = stackless.getcurrent()

def reviver(name):
    log.append((name, "ran", main.paused))
    main.insert()
    log.append((name, "inserted main"))

scenario("switch", lambda: stackless.tasklet(reviver, ("s",)), lambda s: s.switch())

# schedule_remove() inside the key: main floats until a tasklet inserts it.
scenario("schedule_remove", lambda: stackless.tasklet(reviver)("m"), lambda m: stackless.schedule_remove())

# A blocking receive with the sender already waiting does not switch.
def sender(v):
    ch.send(v)

def waiting_sender():
    s = stackless.tasklet(sender)("ready")
    stackless.run()
    return s

scenario("receive ready", waiting_sender, lambda s: log.append(("value", ch.receive())))

# The same operations in a tasklet's key function.
def worker():
    res = in_key(lambda: stackless.schedule())
    log.append(("worker sorted", res))
    res = in_key(lambda: log.append(("worker got", ch.receive())))
    log.append(("worker sorted", res))

log.clear()
stackless.tasklet(worker)()
stackless.tasklet(idle)("i")
stackless.run()
print("worker blocked", ch.balance, log)
ch.send("v")
print("worker end", ch.balance, log[-2:], stackless.getruncount())

# expect: send [3, 2, 1] [('key', 'before'), ('r', 'received', 'x'), ('r', 'ends'), ('key', 'after')] 1
# expect: send_exception [3, 2, 1] [('key', 'before'), ('r', 'got', "ValueError('x')"), ('r', 'ends'), ('key', 'after')] 1
# expect: schedule [3, 2, 1] [('key', 'before'), ('p', 'ran'), ('key', 'after')] 1
# expect: run [3, 2, 1] [('key', 'before'), ('p', 'ran'), ('key', 'after')] 1
# expect: tasklet.run [3, 2, 1] [('key', 'before'), ('p', 'ran'), ('key', 'after')] 1
# expect: kill queued [3, 2, 1] [('key', 'before'), ('key', 'after')] 1
# expect: kill blocked [3, 2, 1] [('key', 'before'), ('r', 'ends'), ('key', 'after')] 1
# expect: throw blocked [3, 2, 1] [('key', 'before'), ('r', 'got', "ValueError('thrown')"), ('r', 'ends'), ('key', 'after')] 1
# expect: paused run [3, 2, 1] [('key', 'before'), ('q', 'ran'), ('key', 'after')] 1
# expect: switch [3, 2, 1] [('key', 'before'), ('s', 'ran', True), ('s', 'inserted main'), ('key', 'after')] 1
# expect: schedule_remove [3, 2, 1] [('key', 'before'), ('m', 'ran', True), ('m', 'inserted main'), ('key', 'after')] 1
# expect: receive ready [3, 2, 1] [('key', 'before'), ('value', 'ready'), ('key', 'after')] 2
# expect: worker blocked -1 [('key', 'before'), ('i', 'ran'), ('key', 'after'), ('worker sorted', [3, 2, 1]), ('key', 'before')]
# expect: worker end 0 [('key', 'after'), ('worker sorted', [3, 2, 1])] 1
