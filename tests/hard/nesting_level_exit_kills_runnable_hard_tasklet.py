import stackless

# At the end of the program a tasklet that is runnable (not blocked) but
# switched out inside native code (it called schedule() from a key function
# of sorted()) is killed too: the finally in its key function and the one
# around sorted() run. A soft tasklet blocked on a channel simply stops.
# (No other tasklet is runnable when main ends.)
#
# Expectations written by hand: the reference model (stackless-model)
# cannot see native frames and ends without unwinding; not run with --model.
ch = stackless.channel()

def key(x):
    try:
        stackless.schedule()
    finally:
        print("key finally", x, stackless.getcurrent().nesting_level)
    return x

def hard_runnable():
    try:
        sorted([1, 2, 3], key=key)
        print("hard never finishes")
    finally:
        print("hard runnable finally", stackless.getcurrent().nesting_level)

def soft_blocked():
    try:
        ch.receive()
    finally:
        print("soft blocked finally must not run")

s = stackless.tasklet(soft_blocked)()
t = stackless.tasklet(hard_runnable)()
stackless.schedule()
print("runnable", t.scheduled, t.blocked, t.nesting_level, s.blocked, s.nesting_level)
print("main ends", stackless.getruncount())

# expect: runnable True False 1 True 0
# expect: main ends 2
# expect: key finally 1 1
# expect: hard runnable finally 0
