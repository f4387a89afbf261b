import stackless

# Native nesting counts: at the bottom of 400 sorted() calls nested through
# key functions a tasklet is at nesting_level 400, and blocked there it
# reports 400 from main. Recursing past the recursion limit (1000, the
# default) through sorted() key functions raises RecursionError in the
# tasklet, which catches it and goes on; so does main.
#
# Expectations written by hand: the reference model (stackless-model)
# cannot see native frames and runs with a huge recursion limit; not run
# with --model.
ch = stackless.channel()
levels = []

def nest(n):
    if n == 0:
        levels.append(stackless.getcurrent().nesting_level)
        return ch.receive()
    return sorted([n], key=lambda x: nest(n - 1))[0]

t = stackless.tasklet(nest)(400)
stackless.run()
print("bottom level", levels, "seen from main", t.nesting_level, t.restorable)
ch.send(0)
print("done", t.alive)

def too_deep():
    try:
        nest(2000)
        print("no error")
    except RecursionError as e:
        print("tasklet RecursionError")  # the message varies in CPython
    print("tasklet goes on", stackless.getcurrent().nesting_level)

stackless.tasklet(too_deep)()
stackless.run()
try:
    nest(2000)
except RecursionError as e:
    print("main RecursionError")
print("end", ch.balance, stackless.getruncount())

# expect: bottom level [400] seen from main 400 False
# expect: done False
# expect: tasklet RecursionError
# expect: tasklet goes on 0
# expect: main RecursionError
# expect: end 0 1
