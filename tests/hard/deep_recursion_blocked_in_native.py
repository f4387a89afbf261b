import stackless

# Tasklets blocked deep in recursion: 900 Python frames with sorted() at
# the bottom, and 400 sorted() calls nested through key functions, many
# tasklets at a time; main recurses deeply in between (each tasklet has its
# own recursion depth); a nested run() inside a tasklet's key function.
ch = stackless.channel()

def rec(n):
    if n == 0:
        return sorted([0], key=lambda x: ch.receive())[0]
    return rec(n - 1) + 1

res = []
for i in range(3):
    stackless.tasklet(lambda: res.append(rec(900)))()
stackless.run()
print("blocked", ch.balance)

def plain(n):
    return 0 if n == 0 else plain(n - 1) + 1

print("main deep", plain(950))
ch.send(1)
ch.send(2)
ch.send(3)
print(res)

def nest(n):
    if n == 0:
        return ch.receive()
    return sorted([n], key=lambda x: nest(n - 1))[0]

res = []

def w(i):
    res.append((i, nest(400)))

for i in range(20):
    stackless.tasklet(w)(i)
stackless.run()
print("blocked", ch.balance, res)
print("main deep again", plain(950))
while ch.balance < 0:
    ch.send(0)
print(len(res), res[:3], res[-1])

# A nested run() inside a tasklet's key function.
log = []

def inner(n):
    log.append("inner %d" % n)
    stackless.schedule()
    log.append("inner %d again" % n)

def runner():
    def key(x):
        stackless.tasklet(inner)(x)
        log.append(("nested run", stackless.run()))
        return x
    log.append(sorted([2, 1], key=key))

stackless.tasklet(runner)()
stackless.run()
print(log)

# expect: blocked -3
# expect: main deep 950
# expect: [900, 900, 900]
# expect: blocked -20 []
# expect: main deep again 950
# expect: 20 [(0, 400), (1, 400), (2, 400)] (19, 400)
# expect: ['inner 2', 'inner 2 again', ('nested run', None), 'inner 1', 'inner 1 again', ('nested run', None), [1, 2]]
