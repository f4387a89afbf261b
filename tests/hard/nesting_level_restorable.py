import stackless

# restorable is True exactly when nesting_level is 0: no native code
# between the tasklet's frames. A tasklet switched out inside native code
# (hard) is not restorable while it is there, and is again once it has
# left the native call.
#
# Expectations written by hand from that rule: the reference model
# (stackless-model) cannot see native frames (it reports 0 / True), so this
# file is not checked with --model.
def state():
    c = stackless.getcurrent()
    return (c.restorable, c.nesting_level)

def states_in_key():
    seen = []
    sorted([1, 2], key=lambda x: seen.append(state()) or x)
    return seen

class Show:
    def __str__(self):
        return "str %s %s" % state()

print("top", state())
print("key", states_in_key())
print(Show())
print("direct", Show().__str__())

ch = stackless.channel()

def worker():
    print("tasklet", state())
    print("tasklet key", states_in_key())
    stackless.schedule()
    print("tasklet between", state())
    sorted([0], key=lambda x: ch.receive())
    print("tasklet end", state())

t = stackless.tasklet(worker)()
print("new tasklet", t.restorable, t.nesting_level)
stackless.schedule()
print("switched out soft", t.restorable, t.nesting_level, t.alive, t.blocked)
stackless.schedule()
print("switched out hard", t.restorable, t.nesting_level, t.alive, t.blocked)
ch.send(1)
print("finished", t.alive)

# Main switched out hard, seen from a tasklet.
main = stackless.getcurrent()

def watcher():
    print("main from tasklet", main.restorable, main.nesting_level, main.blocked)
    ch.send("go")

stackless.tasklet(watcher)()
print(Show(), sorted([5], key=lambda x: ch.receive()))
print("main after", state())

# expect: top (True, 0)
# expect: key [(False, 1), (False, 1)]
# expect: str False 1
# expect: direct str True 0
# expect: new tasklet True 0
# expect: tasklet (True, 0)
# expect: tasklet key [(False, 1), (False, 1)]
# expect: switched out soft True 0 True False
# expect: tasklet between (True, 0)
# expect: switched out hard False 1 True True
# expect: tasklet end (True, 0)
# expect: finished False
# expect: main from tasklet False 1 True
# expect: str False 1 [5]
# expect: main after (True, 0)
