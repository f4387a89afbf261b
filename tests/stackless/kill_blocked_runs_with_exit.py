import stackless

ch = stackless.channel()

class Ctx:
    def __enter__(self):
        return self
    def __exit__(self, typ, val, tb):
        print("exit with", typ.__name__, issubclass(typ, SystemExit))
        return False

def f():
    with Ctx():
        ch.receive()

t = stackless.tasklet(f)()
stackless.run()
print(ch.balance)
t.kill()
print(t.alive, ch.balance)

# expect: -1
# expect: exit with TaskletExit True
# expect: False 0
