import stackless

ch = stackless.channel()
ch.preference = -1
ch.schedule_all = 1

def waiter(n):
    print("w%d sends" % n)
    ch.send(n)
    print("w%d resumed" % n)

def other(n):
    print("other", n)
    stackless.schedule()
    print("other", n, "again")

stackless.tasklet(waiter)(1)
stackless.tasklet(waiter)(2)
stackless.run()
print("balance", ch.balance, "preference", ch.preference)
stackless.tasklet(other)(1)
stackless.tasklet(other)(2)
def receiver():
    print("recv", ch.receive())
    print("recv", ch.receive())
    print("receiver done")
stackless.tasklet(receiver)()
stackless.run()
print("end", ch.balance)

# expect: w1 sends
# expect: w2 sends
# expect: balance 2 preference -1
# expect: other 1
# expect: other 2
# expect: other 1 again
# expect: other 2 again
# expect: w1 resumed
# expect: recv 1
# expect: w2 resumed
# expect: recv 2
# expect: receiver done
# expect: end 0
