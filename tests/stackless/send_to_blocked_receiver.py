import stackless

ch = stackless.channel()

def receiver():
    print("receiving")
    v = ch.receive()
    print("received", v)

def other():
    print("other")

stackless.tasklet(receiver)()
stackless.run()
print("balance", ch.balance)
stackless.tasklet(other)()
print("sending")
ch.send("hi")
print("send returned")
stackless.run()
print("end")

# expect: receiving
# expect: balance -1
# expect: sending
# expect: received hi
# expect: other
# expect: send returned
# expect: end
