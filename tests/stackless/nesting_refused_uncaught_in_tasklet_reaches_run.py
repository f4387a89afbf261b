import stackless

# A refused switch that the tasklet does not catch ends the tasklet like any
# other uncaught exception: it surfaces in main's run(); the other tasklets
# and the channel are untouched and run on afterwards.
ch = stackless.channel()
log = []

def bad():
    log.append("bad starts")
    sorted([2, 1], key=lambda x: ch.receive())
    log.append("never")

def good(n):
    log.append("good %d" % n)
    ch.send(n)

b = stackless.tasklet(bad)()
g1 = stackless.tasklet(good)(1)
try:
    stackless.run()
    print("run returned")
except RuntimeError as e:
    print("run raised", str(e).startswith("cannot switch tasklets here: native code is on the stack"))
print(log, b.alive, ch.balance, stackless.getruncount(), g1.scheduled)
stackless.run()
print(log, ch.balance, g1.blocked)
print("received", ch.receive(), g1.alive, stackless.getruncount())
stackless.run()
print("end", g1.alive, stackless.getruncount(), ch.balance)

# expect: run raised True
# expect: ['bad starts'] False 0 2 True
# expect: ['bad starts', 'good 1'] 1 True
# expect: received 1 True 2
# expect: end False 1 0
