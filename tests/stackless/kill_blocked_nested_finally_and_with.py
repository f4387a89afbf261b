import stackless

ch = stackless.channel()

class Resource:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, typ, val, tb):
        print("exit", self.name, typ.__name__ if typ else None)
        return False

def leaf():
    try:
        try:
            ch.receive()
            print("never")
        finally:
            print("leaf inner finally")
    finally:
        print("leaf outer finally")

def middle():
    with Resource("m1"), Resource("m2"):
        try:
            leaf()
        except Exception:
            print("never: TaskletExit is not an Exception")

def top():
    try:
        with Resource("top"):
            middle()
    except BaseException as e:
        print("top caught", type(e).__name__, isinstance(e, SystemExit))
        raise
    finally:
        print("top finally")

t = stackless.tasklet(top)()
stackless.run()
print("blocked", t.blocked, ch.balance, stackless.getruncount())
t.kill()
print("after kill", t.alive, t.blocked, ch.balance, stackless.getruncount())

# expect: enter top
# expect: enter m1
# expect: enter m2
# expect: blocked True -1 1
# expect: leaf inner finally
# expect: leaf outer finally
# expect: exit m2 TaskletExit
# expect: exit m1 TaskletExit
# expect: exit top TaskletExit
# expect: top caught TaskletExit True
# expect: top finally
# expect: after kill False False 0 1
