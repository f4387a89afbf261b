import stackless

ch = stackless.channel()
ch.preference = 1
ch.schedule_all = 0

def waiter(n):
    print("w%d waits" % n)
    v = ch.receive()
    print("w%d got" % n, v)

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
def sender():
    print("send a")
    ch.send("a")
    print("send b")
    ch.send("b")
    print("sender done")
stackless.tasklet(sender)()
stackless.run()
print("end", ch.balance)

# expect: w1 waits
# expect: w2 waits
# expect: balance -2 preference 1
# expect: other 1
# expect: other 2
# expect: send a
# expect: send b
# expect: sender done
# expect: other 1 again
# expect: other 2 again
# expect: w1 got a
# expect: w2 got b
# expect: end 0
