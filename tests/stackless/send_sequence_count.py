import stackless

ch = stackless.channel()

def consumer():
    for v in ch:
        print("got", v)
    print("consumer done")

stackless.tasklet(consumer)()
stackless.run()
n = ch.send_sequence(x * x for x in range(4))
print("count", n)
n = ch.send_sequence([])
print("count", n)
ch.close()
stackless.run()
print("closed", ch.closed)

# expect: got 0
# expect: got 1
# expect: got 4
# expect: got 9
# expect: count 4
# expect: count 0
# expect: closed False
