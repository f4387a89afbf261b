import stackless

# A receive that would block (and so switch) inside a key function of
# sorted() is refused: native code (sorted) is on the stack.
ch = stackless.channel()
log = []

def sender(v):
    log.append("sender %s runs" % v)
    ch.send(v)

s = stackless.tasklet(sender)("late")

def key(x):
    return ch.receive()

try:
    sorted([3, 1, 2], key=key)
    print("not refused")
except RuntimeError as e:
    print("refused", str(e).startswith("cannot switch tasklets here: native code is on the stack"))
print("unchanged", ch.balance, stackless.getruncount(), s.scheduled, s.blocked, log)

# Nothing was lost: a receive at top level switches normally.
print("top level receive", ch.receive(), log)

# A receive that needs no switch (senders already waiting, default
# preference) is allowed even under sorted().
for v in (30, 10, 20):
    stackless.tasklet(sender)(v)
stackless.run()
print("senders waiting", ch.balance)
print(sorted(["a", "b", "c"], key=key))
print("after", ch.balance, stackless.getruncount())
stackless.run()
print("end", ch.balance, stackless.getruncount())

# expect: refused True
# expect: unchanged 0 2 True False []
# expect: top level receive late ['sender late runs']
# expect: senders waiting 3
# expect: ['b', 'c', 'a']
# expect: after 0 4
# expect: end 0 1
