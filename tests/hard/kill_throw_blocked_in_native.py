import stackless

# kill() and throw() into a tasklet blocked inside native code: the
# exception is raised at the blocking call inside the key function, unwinds
# through sorted()/map()/list()/str() running every finally and __exit__
# on the way, and the rest of the program continues; balances are restored.
ch = stackless.channel()
log = []

class Guard:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        log.append(self.name + " enter")
        return self
    def __exit__(self, typ, val, tb):
        log.append("%s exit %s" % (self.name, typ.__name__ if typ else None))
        return False

def key(x):
    with Guard("key"):
        try:
            return ch.receive()
        finally:
            log.append("key finally")

def victim(name):
    try:
        with Guard(name):
            r = sorted([1, 2], key=key)
            log.append(name + " sorted " + str(r))
    except ValueError as e:
        log.append("%s caught %r" % (name, e))
    finally:
        log.append(name + " finally")
    log.append(name + " goes on")

def start(name):
    t = stackless.tasklet(victim)(name)
    stackless.run()
    return t

log.clear()
t = start("k")
print("blocked", t.blocked, ch.balance)
t.kill()
print("kill", t.alive, ch.balance, log)

log.clear()
t = start("v")
t.throw(ValueError("thrown"))
print("throw", t.alive, ch.balance, log)

log.clear()
t = start("r")
t.raise_exception(ValueError, "raised")
print("raise_exception", t.alive, ch.balance, log)

# After one key value was received (sorted() is at its second key).
log.clear()
t = start("half")
ch.send(5)
t.kill()
print("kill after one", t.alive, ch.balance, log)

# An exception caught inside the key function: sorted() goes on.
def tolerant_key(x):
    try:
        return ch.receive()
    except ValueError:
        log.append("key caught for %s" % x)
        return -x

def tolerant():
    log.append(("sorted", sorted([1, 2, 3], key=tolerant_key)))

log.clear()
t = stackless.tasklet(tolerant)()
stackless.run()
t.throw(ValueError("x"))
print("caught in key", t.alive, t.blocked, ch.balance)
ch.send(10)
ch.send(0)
print("tolerant", t.alive, log)

# kill(pending=True): marked, raised when it runs next.
log.clear()
t = start("p")
t.kill(pending=True)
print("pending", t.alive, t.blocked, t.scheduled, ch.balance, log)
stackless.run()
print("pending done", t.alive, log)

# A tasklet runnable (not blocked) inside native code: it scheduled from a
# key function; kill() runs it to its finally at once.
def scheduler_in_key():
    try:
        sorted([1, 2], key=lambda x: stackless.schedule())
    finally:
        log.append("scheduler finally")

log.clear()
t = stackless.tasklet(scheduler_in_key)()
t.run()
print("runnable", t.scheduled, t.blocked)
t.kill()
print("killed runnable", t.alive, log, stackless.getruncount())

# Killing from another tasklet that is itself inside native code, and a
# victim three native levels deep with a finally on each level.
def deep(level):
    try:
        if level == 0:
            r = ch.receive()
        else:
            r = list(map(lambda y: sorted([y], key=lambda z: deep(level - 1)), [0]))
    finally:
        log.append("deep finally %d" % level)
    return r

def deep_victim():
    try:
        deep(3)
    finally:
        log.append("deep victim finally")

def killer(target):
    def key(x):
        log.append("killer kills")
        target.kill()
        log.append("killer after kill")
        return x
    sorted([1], key=key)

log.clear()
d = stackless.tasklet(deep_victim)()
stackless.run()
stackless.tasklet(killer)(d)
stackless.run()
print("deep", d.alive, ch.balance, log)

# A generator suspended inside list() in the victim is closed too.
def gen():
    try:
        yield ch.receive()
        yield ch.receive()
    finally:
        log.append("gen finally")

def gen_victim():
    try:
        list(gen())
    finally:
        log.append("gen victim finally")

log.clear()
g = stackless.tasklet(gen_victim)()
stackless.run()
ch.send(1)
g.kill()
print("gen", g.alive, ch.balance, log)

# The channel still works normally afterwards, soft and hard.
stackless.tasklet(lambda: ch.send("after"))()
print("after", sorted([0], key=lambda x: ch.receive()), ch.balance, stackless.getruncount())

# expect: blocked True -1
# expect: kill False 0 ['k enter', 'key enter', 'key finally', 'key exit TaskletExit', 'k exit TaskletExit', 'k finally']
# expect: throw False 0 ['v enter', 'key enter', 'key finally', 'key exit ValueError', 'v exit ValueError', "v caught ValueError('thrown')", 'v finally', 'v goes on']
# expect: raise_exception False 0 ['r enter', 'key enter', 'key finally', 'key exit ValueError', 'r exit ValueError', "r caught ValueError('raised')", 'r finally', 'r goes on']
# expect: kill after one False 0 ['half enter', 'key enter', 'key finally', 'key exit None', 'key enter', 'key finally', 'key exit TaskletExit', 'half exit TaskletExit', 'half finally']
# expect: caught in key True True -1
# expect: tolerant False ['key caught for 1', ('sorted', [1, 3, 2])]
# expect: pending True False True 0 ['p enter', 'key enter']
# expect: pending done False ['p enter', 'key enter', 'key finally', 'key exit TaskletExit', 'p exit TaskletExit', 'p finally']
# expect: runnable True False
# expect: killed runnable False ['scheduler finally'] 1
# expect: deep False 0 ['killer kills', 'deep finally 0', 'deep finally 1', 'deep finally 2', 'deep finally 3', 'deep victim finally', 'killer after kill']
# expect: gen False 0 ['gen finally', 'gen victim finally']
# expect: after [0] 0 2
