import stackless

# close() wakes nobody: a receiver already blocked in the for loop stays
# blocked.  A send still reaches it (a receiver is waiting); then the loop
# sees closing and balance 0 and ends.
ch = stackless.channel()

def consumer():
    for v in ch:
        print("item", v)
    print("loop ended")

t = stackless.tasklet(consumer)()
stackless.run()
ch.send(1)
ch.close()
stackless.run()
print("after close", t.blocked, ch.balance, ch.closing, ch.closed)
ch.send(2)
print("after last send", t.alive, ch.balance, ch.closed)
try:
    ch.send(3)
except ValueError as e:
    print("ValueError", e)

# expect: item 1
# expect: after close True -1 True False
# expect: item 2
# expect: loop ended
# expect: after last send False 0 True
# expect: ValueError Send/receive operation on a closed channel
