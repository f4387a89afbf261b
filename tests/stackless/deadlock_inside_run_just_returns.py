import stackless

ch = stackless.channel()

def f():
    print("f blocks")
    ch.receive()
    print("never")

t = stackless.tasklet(f)()
print(stackless.run())
print("run returned", t.blocked, ch.balance)

# expect: f blocks
# expect: None
# expect: run returned True -1
