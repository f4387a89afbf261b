import stackless

ch = stackless.channel()

def items():
    for i in range(3):
        print("gen produces", i)
        yield i * 10
    print("gen exhausted")

def consumer():
    for v in ch:
        print("consumer got", v)
    print("consumer ended")

def producer():
    n = ch.send_sequence(items())
    print("send_sequence returned", n)
    ch.send_exception(StopIteration)
    print("producer done")

stackless.tasklet(consumer)()
stackless.tasklet(producer)()
stackless.run()
print("balance", ch.balance, stackless.getruncount())

# expect: gen produces 0
# expect: consumer got 0
# expect: gen produces 1
# expect: consumer got 10
# expect: gen produces 2
# expect: consumer got 20
# expect: gen exhausted
# expect: send_sequence returned 3
# expect: consumer ended
# expect: producer done
# expect: balance 0 1
