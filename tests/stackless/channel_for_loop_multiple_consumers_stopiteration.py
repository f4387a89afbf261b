import stackless

ch = stackless.channel()
got = {}

def consumer(name):
    got[name] = []
    for v in ch:
        got[name].append(v)
    print(name, "loop ended", got[name])

for name in ("a", "b", "c"):
    stackless.tasklet(consumer)(name)
stackless.run()
print("waiting", ch.balance)
for i in range(7):
    ch.send(i)
print("after sends", ch.balance)
for i in range(3):
    ch.send_exception(StopIteration)
    print("balance", ch.balance)
print("runcount", stackless.getruncount())

# expect: waiting -3
# expect: after sends -3
# expect: b loop ended [1, 4]
# expect: balance -2
# expect: c loop ended [2, 5]
# expect: balance -1
# expect: a loop ended [0, 3, 6]
# expect: balance 0
# expect: runcount 1
