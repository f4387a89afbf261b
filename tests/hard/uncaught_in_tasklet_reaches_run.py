import stackless

# An exception raised in a key function after a hard switch, not caught by
# the tasklet, unwinds through sorted() and ends the tasklet like any other
# uncaught exception: it surfaces in main's run(); the other tasklets and
# the channel are untouched and run on afterwards.
ch = stackless.channel()
log = []

def bad():
    log.append("bad starts")
    try:
        sorted([2, 1], key=lambda x: 1 // ch.receive())
        log.append("never")
    finally:
        log.append("bad finally")

def good(n):
    log.append("good %d" % n)
    ch.send(n)
    log.append("good %d sent" % n)

b = stackless.tasklet(bad)()
g1 = stackless.tasklet(good)(1)
g0 = stackless.tasklet(good)(0)
try:
    stackless.run()
    print("run returned")
except ZeroDivisionError as e:
    print("run raised", e)
print(log, b.alive, ch.balance, stackless.getruncount(), g0.scheduled, g1.scheduled)
stackless.run()
print(log, ch.balance, stackless.getruncount())

# Main itself blocked inside native code gets the exception there: the
# failing tasklet's error is raised from main's receive() in the key
# function, and unwinds main's sorted().
def failing():
    raise KeyError("from tasklet")

stackless.tasklet(failing)()
try:
    sorted([1, 2], key=lambda x: ch.receive())
except KeyError as e:
    print("main's sorted raised", e, ch.balance)

print("end", ch.balance, stackless.getruncount())

# expect: run raised integer division or modulo by zero
# expect: ['bad starts', 'good 1', 'good 0', 'bad finally'] False 0 3 True True
# expect: ['bad starts', 'good 1', 'good 0', 'bad finally', 'good 1 sent', 'good 0 sent'] 0 1
# expect: main's sorted raised 'from tasklet' 0
# expect: end 0 1
