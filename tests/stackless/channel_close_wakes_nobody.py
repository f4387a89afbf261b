import stackless

ch = stackless.channel()

def r():
    print("receiving")
    print("got", ch.receive())

t = stackless.tasklet(r)()
stackless.run()
ch.close()
stackless.run()
print(t.blocked, ch.balance, ch.closing, ch.closed)
ch.send("late")
print(ch.closed)

# expect: receiving
# expect: True -1 True False
# expect: got late
# expect: True
