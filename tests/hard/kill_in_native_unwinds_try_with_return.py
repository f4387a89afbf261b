import stackless

# kill()/throw() into a tasklet blocked several native levels deep, where
# each level is written the natural way: `return` inside try/finally or
# inside with. Every level's finally and __exit__ runs while the exception
# unwinds through the sorted() calls between them.
ch = stackless.channel()
log = []

class Guard:
    def __init__(self, level):
        self.level = level
    def __enter__(self):
        return self
    def __exit__(self, typ, val, tb):
        log.append("exit %d %s" % (self.level, typ.__name__))
        return False

def deep(level):
    try:
        if level == 0:
            return ch.receive()
        return sorted([0], key=lambda z: deep(level - 1))
    finally:
        log.append("finally %d" % level)

def deep_with(level):
    with Guard(level):
        if level == 0:
            return ch.receive()
        return sorted([0], key=lambda z: deep_with(level - 1))

def victim(fn):
    try:
        fn(3)
    except ValueError as e:
        log.append("caught %s" % e)

for fn in (deep, deep_with):
    for how in ("kill", "throw"):
        log.clear()
        t = stackless.tasklet(victim)(fn)
        stackless.run()
        if how == "kill":
            t.kill()
        else:
            t.throw(ValueError("thrown"))
        print(fn.__name__, how, t.alive, ch.balance, log)

# expect: deep kill False 0 ['finally 0', 'finally 1', 'finally 2', 'finally 3']
# expect: deep throw False 0 ['finally 0', 'finally 1', 'finally 2', 'finally 3', 'caught thrown']
# expect: deep_with kill False 0 ['exit 0 TaskletExit', 'exit 1 TaskletExit', 'exit 2 TaskletExit', 'exit 3 TaskletExit']
# expect: deep_with throw False 0 ['exit 0 ValueError', 'exit 1 ValueError', 'exit 2 ValueError', 'exit 3 ValueError', 'caught thrown']
