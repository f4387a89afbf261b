import stackless

ch = stackless.channel()

def r():
    try:
        ch.receive()
    except ValueError as e:
        print("r got", e)

t = stackless.tasklet(r)()
stackless.run()
t.throw(ValueError, "pending", pending=True)
print("caller continues", t.blocked, t.scheduled, ch.balance)
stackless.run()
print(t.alive)
try:
    stackless.getcurrent().throw(KeyError, "self")
except KeyError as e:
    print("raised at once", e)
try:
    t.throw(ValueError)
except RuntimeError as e:
    print("RuntimeError", e)

# expect: caller continues False True 0
# expect: r got pending
# expect: False
# expect: raised at once 'self'
# expect: RuntimeError You cannot throw to a dead tasklet
