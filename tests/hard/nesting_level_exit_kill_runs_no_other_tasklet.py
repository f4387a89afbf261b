import stackless

# Killing a runnable hard tasklet at the end of the program runs no other
# tasklet: Stackless (slp_kill_tasks_with_stacks) first removes it from the
# run queue (slp_current_remove_tasklet), so that when it ends its
# successor is the finalizing main tasklet, not the runnable soft tasklet
# or the never-started one still queued (those simply stop).
#
# Expectations written by hand from Stackless's C source
# (stacklesseval.c slp_kill_tasks_with_stacks, scheduling.c
# slp_tasklet_end): the reference model ends without unwinding; not run
# with --model.
def hard_runnable():
    try:
        sorted([1, 2, 3], key=lambda x: stackless.schedule())
    finally:
        print("hard runnable finally")

def soft_runnable():
    try:
        for i in range(3):
            print("soft runs", i)
            stackless.schedule()
    finally:
        print("soft runnable finally must not run")

def never_started():
    print("never started body must not run")

t = stackless.tasklet(hard_runnable)()
u = stackless.tasklet(soft_runnable)()
t.run()
stackless.tasklet(never_started)()
print("main ends", stackless.getruncount(), t.nesting_level)

# expect: soft runs 0
# expect: main ends 4 1
# expect: hard runnable finally
