import stackless

ch = stackless.channel()

def gen():
    for i in range(3):
        yield ch.receive()

def consumer():
    for v in gen():
        print("consumed", v)

stackless.tasklet(consumer)()
stackless.run()
for i in range(3):
    print("sending", i)
    ch.send(i * 2)
print("end", ch.balance)

# expect: sending 0
# expect: consumed 0
# expect: sending 1
# expect: consumed 2
# expect: sending 2
# expect: consumed 4
# expect: end 0
