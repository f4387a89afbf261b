import stackless

ch = stackless.channel()

def sender():
    print("sending")
    ch.send("v")
    print("sender resumed")

def other():
    print("other")

stackless.tasklet(sender)()
stackless.run()
print("balance", ch.balance)
stackless.tasklet(other)()
print("receiving")
v = ch.receive()
print("received", v)
stackless.run()
print("end")

# expect: sending
# expect: balance 1
# expect: receiving
# expect: received v
# expect: other
# expect: sender resumed
# expect: end
