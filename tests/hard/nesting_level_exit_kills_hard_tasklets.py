import stackless

# At the end of the program, tasklets with native code on their stacks
# (nesting_level > 0) are killed: TaskletExit unwinds them, so their
# finally clauses and __exit__ methods run (Stackless's
# slp_kill_tasks_with_stacks). Soft-switched tasklets simply stop: their
# finally clauses never run.
#
# Expectations written by hand from that rule: the reference model
# (stackless-model) ends the process without unwinding any tasklet, so
# this file is not checked with --model.
ch = stackless.channel()

class Guard:
    def __exit__(self, typ, val, tb):
        print("hard __exit__", typ.__name__)
        return False
    def __enter__(self):
        return self

def hard_blocked():
    try:
        with Guard():
            sorted([1, 2], key=lambda x: ch.receive())
        print("hard never here")
    finally:
        print("hard finally", stackless.getcurrent().nesting_level)  # back outside sorted()

def soft_blocked():
    try:
        ch.receive()
    finally:
        print("soft finally must not run")

def soft_paused():
    try:
        stackless.schedule_remove()
    finally:
        print("paused soft finally must not run")

s = stackless.tasklet(soft_blocked)()
h = stackless.tasklet(hard_blocked)()
p = stackless.tasklet(soft_paused)()
stackless.run()
print("blocked", s.blocked, h.blocked, p.paused, h.nesting_level, s.nesting_level, ch.balance)
print("main ends")

# expect: blocked True True True 1 0 -2
# expect: main ends
# expect: hard __exit__ TaskletExit
# expect: hard finally 0
