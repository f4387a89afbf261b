import stackless

# Preemption can stop a tasklet anywhere: inside a generator body driven by
# a for loop, inside a with block, inside try/finally.  The host loop
# resumes it where it stopped; a victim that is killed instead runs its
# __exit__ and finally clauses.
class Guard:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        return self
    def __exit__(self, typ, val, tb):
        print("exit", self.name, typ.__name__ if typ else None)
        return False

def squares(n):
    i = 0
    while i < n:
        yield i * i
        i += 1

def summer():
    total = 0
    with Guard("summer"):
        for v in squares(3000):
            total += v % 1000
    print("summer total", total)

def looper():
    try:
        with Guard("looper"):
            while True:
                pass
    finally:
        print("looper finally")

s = stackless.tasklet(summer)()
interrupts = 0
while True:
    v = stackless.run(100)
    if v is None:
        break
    interrupts += 1
    v.insert()
print("summer was preempted", interrupts > 0, s.alive)

l = stackless.tasklet(looper)()
v = stackless.run(100)
print("looper preempted", v is l, l.alive, l.scheduled)
l.kill()
print("looper killed", l.alive, stackless.getruncount())

# expect: exit summer None
# expect: summer total 1384500
# expect: summer was preempted True False
# expect: looper preempted True True False
# expect: exit looper TaskletExit
# expect: looper finally
# expect: looper killed False 1
