import stackless

# bind() of a tasklet switched out inside native code (nesting_level > 0)
# raises RuntimeError("tasklet has C state on its stack") in every form
# (a new function, None, no arguments, with arguments): its native frames
# cannot be dropped. The tasklet is unchanged and runs on when re-inserted.
# (PyTasklet_BindEx: "tasklet is scheduled" is checked first, so the
# tasklet is removed from the run queue first.)
#
# Expectations written by hand: the reference model (stackless-model)
# cannot see native frames (nesting_level 0 there, so it allows bind); not
# run with --model.
log = []

def w():
    r = sorted([2, 1], key=lambda x: (stackless.schedule(), x)[1])
    log.append(("w done", r))

def f():
    log.append("f ran")

t = stackless.tasklet(w)()
t.run()
print("scheduled", t.scheduled, t.nesting_level)
try:
    t.bind(f)
except RuntimeError as e:
    print("bind while scheduled:", e)
t.remove()
print("paused", t.paused, t.nesting_level, t.restorable)
for args in ((f,), (None,), (), (f, (1,))):
    try:
        t.bind(*args)
        print("bind accepted", len(args))
    except RuntimeError as e:
        print("bind refused:", e)
print("unchanged", t.alive, t.paused, t.nesting_level)
t.insert()
stackless.run()
print(log, t.alive, t.nesting_level)
# Once it has ended (no C state) it can be bound again.
t.bind(f)
t()
stackless.run()
print(log)

# expect: scheduled True 1
# expect: bind while scheduled: tasklet is scheduled
# expect: paused True 1 False
# expect: bind refused: tasklet has C state on its stack
# expect: bind refused: tasklet has C state on its stack
# expect: bind refused: tasklet has C state on its stack
# expect: bind refused: tasklet has C state on its stack
# expect: unchanged True True 1
# expect: [('w done', [1, 2])] False 0
# expect: [('w done', [1, 2]), 'f ran']
