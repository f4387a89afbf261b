import stackless

# Senders are blocked when the channel is closed; a consumer tasklet started
# afterwards drains them with a for loop, which then ends by itself.
ch = stackless.channel()

def producer(n):
    ch.send(n)
    print("producer", n, "resumed")

def consumer():
    total = 0
    for v in ch:
        print("consumed", v, ch.balance)
        total += v
    print("loop ended", total, ch.closed)

for i in (10, 20, 30):
    stackless.tasklet(producer)(i)
stackless.run()
print("senders waiting", ch.balance)
ch.close()
print(ch.closing, ch.closed)
stackless.tasklet(consumer)()
stackless.run()
print("end", ch.balance, ch.closed, stackless.getruncount())

# expect: senders waiting 3
# expect: True False
# expect: consumed 10 2
# expect: consumed 20 1
# expect: consumed 30 0
# expect: loop ended 60 True
# expect: producer 10 resumed
# expect: producer 20 resumed
# expect: producer 30 resumed
# expect: end 0 True 1
