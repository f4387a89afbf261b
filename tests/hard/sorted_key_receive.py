import stackless

# A receive that blocks inside a key function of sorted() switches away
# (a hard switch: sorted() is native code on the stack) and resumes there.
ch = stackless.channel()
log = []

def sender(v):
    log.append("sender %s runs" % v)
    ch.send(v)

def key(x):
    k = ch.receive()
    log.append("key %s -> %s" % (x, k))
    return k

# Main blocks in the key function; each sender runs when main waits.
for v in (30, 10, 20):
    stackless.tasklet(sender)(v)
print(sorted(["a", "b", "c"], key=key))
print(log, ch.balance, stackless.getruncount())

# Senders already waiting: no switch is needed.
log.clear()
for v in (3, 1, 2):
    stackless.tasklet(sender)(v)
stackless.run()
print("senders waiting", ch.balance)
print(sorted(["x", "y", "z"], key=key), ch.balance, stackless.getruncount())
stackless.run()
print(log, stackless.getruncount())

# A tasklet blocks inside sorted(); main sees it blocked, sends the keys one
# by one, and the tasklet's result appears after the last one.
result = []

def sorter(items):
    result.append(sorted(items, key=key))
    result.append("after sorted")

log.clear()
t = stackless.tasklet(sorter)(["p", "q", "r", "s"])
stackless.run()
print("blocked", t.blocked, t.alive, ch.balance, result)
for k in (4, 2, 3):
    ch.send(k)
    print("sent", k, t.blocked, result)
ch.send(1)
print("done", t.alive, result, log)

# The key function's exception after a switch propagates out of sorted().
def bad_key(x):
    if ch.receive() == "boom":
        raise ValueError("bad key for %s" % x)
    return x

def failing_sorter():
    try:
        sorted([1, 2, 3], key=bad_key)
    except ValueError as e:
        print("caught", e)

stackless.tasklet(failing_sorter)()
stackless.run()
ch.send("ok")
ch.send("boom")
print("end", ch.balance, stackless.getruncount())

# expect: ['b', 'c', 'a']
# expect: ['sender 30 runs', 'key a -> 30', 'sender 10 runs', 'key b -> 10', 'sender 20 runs', 'key c -> 20'] 0 4
# expect: senders waiting 3
# expect: ['y', 'z', 'x'] 0 4
# expect: ['sender 3 runs', 'sender 1 runs', 'sender 2 runs', 'key x -> 3', 'key y -> 1', 'key z -> 2'] 1
# expect: blocked True True -1 []
# expect: sent 4 True []
# expect: sent 2 True []
# expect: sent 3 True []
# expect: done False [['s', 'q', 'r', 'p'], 'after sorted'] ['key p -> 4', 'key q -> 2', 'key r -> 3', 'key s -> 1']
# expect: caught bad key for 2
# expect: end 0 1
