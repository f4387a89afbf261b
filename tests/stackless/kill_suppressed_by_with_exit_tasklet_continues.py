import stackless

# kill() is only an exception: an __exit__ that returns True swallows the
# TaskletExit and the tasklet goes on (here it blocks again).  A second
# kill() outside the with block ends it.
ch = stackless.channel()

class Swallow:
    def __enter__(self):
        return self
    def __exit__(self, typ, val, tb):
        print("exit swallows", typ.__name__ if typ else None)
        return True

def stubborn():
    with Swallow():
        ch.receive()
    print("survived the kill, blocking again")
    try:
        ch.receive()
    finally:
        print("second finally")

t = stackless.tasklet(stubborn)()
stackless.run()
t.kill()
print("after first kill", t.alive, t.blocked, ch.balance)
t.kill()
print("after second kill", t.alive, t.blocked, ch.balance, stackless.getruncount())

# throw() into a tasklet blocked inside a suppressing with block
def sleeper():
    with Swallow():
        ch.receive()
    print("sleeper continues")
    return

s = stackless.tasklet(sleeper)()
stackless.run()
s.throw(ValueError("ignored"))
print("sleeper", s.alive, ch.balance)

# expect: exit swallows TaskletExit
# expect: survived the kill, blocking again
# expect: after first kill True True -1
# expect: second finally
# expect: after second kill False False 0 1
# expect: exit swallows ValueError
# expect: sleeper continues
# expect: sleeper False 0
