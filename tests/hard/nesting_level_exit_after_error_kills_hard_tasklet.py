import stackless

# The program ends with an uncaught exception in main while a tasklet is
# blocked inside native code (a __str__ called by str() in a map()): the traceback
# is reported and the blocked tasklet is still killed (its finally runs);
# a soft blocked tasklet's finally does not run.
#
# Expectations written by hand: the reference model (stackless-model) ends
# without unwinding any tasklet; not run with --model.
ch = stackless.channel()

class Waits:
    def __str__(self):
        try:
            return "got %s" % ch.receive()
        finally:
            print("__str__ finally")

def hard():
    try:
        print("hard never prints", list(map(str, [Waits()])))
    finally:
        print("hard finally")

def soft():
    try:
        ch.receive()
    finally:
        print("soft finally must not run")

stackless.tasklet(hard)()
stackless.tasklet(soft)()
stackless.run()
print("balance", ch.balance)
raise KeyError("main fails")

# expect: balance -2
# expect: __str__ finally
# expect: hard finally
# expect-error: KeyError: 'main fails'
