import stackless

# restorable is True exactly when nesting_level is 0: no native code
# between the tasklet's frames.
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

def worker():
    print("tasklet", state())
    print("tasklet key", states_in_key())
    stackless.schedule()
    print("tasklet end", state())

t = stackless.tasklet(worker)()
print("new tasklet", t.restorable, t.nesting_level)
stackless.schedule()
print("switched out", t.restorable, t.nesting_level, t.alive)
stackless.run()
print("main after", state())

# expect: top (True, 0)
# expect: key [(False, 1), (False, 1)]
# expect: str False 1
# expect: direct str True 0
# expect: new tasklet True 0
# expect: tasklet (True, 0)
# expect: tasklet key [(False, 1), (False, 1)]
# expect: switched out True 0 True
# expect: tasklet end (True, 0)
# expect: main after (True, 0)
