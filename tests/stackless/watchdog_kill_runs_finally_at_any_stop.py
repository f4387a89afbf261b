import stackless

# Wherever the watchdog stops a tasklet (here: at every instruction of a
# tight loop, by trying many budgets), killing or throwing into it must
# unwind from that point: its handlers and finally blocks run.
log = []

def spin(tag):
    x = 0
    try:
        try:
            while x != 7:
                x += 2
        except ValueError:
            log.append("caught")
    finally:
        log.append("finally")

stopped = 0
for budget in range(200, 230):
    t = stackless.tasklet(spin)(budget)
    victim = stackless.run(budget)
    if victim is t:
        stopped += 1
        if budget % 2:
            t.kill()
        else:
            t.throw(ValueError)
print("all stopped", stopped == 30)
print("finally", log.count("finally"), "caught", log.count("caught"))
print("runcount", stackless.getruncount())

# expect: all stopped True
# expect: finally 30 caught 15
# expect: runcount 1
