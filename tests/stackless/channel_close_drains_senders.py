import stackless

ch = stackless.channel()

def producer(n):
    ch.send(n)
    print("sent", n)

for i in range(3):
    stackless.tasklet(producer)(i)
stackless.run()
ch.close()
print(ch.closing, ch.closed, ch.balance)
for v in ch:
    print("item", v)
print(ch.closing, ch.closed, ch.balance)
stackless.run()
try:
    ch.receive()
except ValueError as e:
    print("ValueError", e)
try:
    ch.send(1)
except ValueError as e:
    print("ValueError", e)
ch.open()
print(ch.closing, ch.closed)

# expect: True False 3
# expect: item 0
# expect: item 1
# expect: item 2
# expect: True True 0
# expect: sent 0
# expect: sent 1
# expect: sent 2
# expect: ValueError Send/receive operation on a closed channel
# expect: ValueError Send/receive operation on a closed channel
# expect: False False
