import stackless

ch = stackless.channel()

def consumer():
    print(iter(ch) is ch)
    for v in ch:
        print("item", v)
    print("loop ended")

stackless.tasklet(consumer)()
stackless.run()
for i in range(3):
    ch.send(i)
ch.send_exception(StopIteration)
print("done", ch.balance)

# expect: True
# expect: item 0
# expect: item 1
# expect: item 2
# expect: loop ended
# expect: done 0
