import stackless

# schedule() inside __str__ called by print() or str() would switch to
# another tasklet while native code is on the stack: refused.
order = []

class Yielding:
    def __str__(self):
        stackless.schedule()
        return "yielding"

def other():
    order.append("other ran")

t = stackless.tasklet(other)()

for name, action in (("print", lambda: print(Yielding())),
                     ("str", lambda: str(Yielding())),
                     ("format", lambda: "{}".format(Yielding()))):
    try:
        action()
        print(name, "not refused")
    except RuntimeError as e:
        print(name, "refused", str(e).startswith("cannot switch tasklets here: native code is on the stack"))
    print(name, "unchanged", stackless.getruncount(), t.scheduled, order)

# Alone in the run queue, schedule() does not switch and is allowed.
stackless.run()
print("after run", order, stackless.getruncount())
print(Yielding())
print(str(Yielding()) + "!")

# A direct call of the same method is plain Python and switches fine.
t = stackless.tasklet(other)()
print("direct", Yielding().__str__(), order)

# expect: print refused True
# expect: print unchanged 2 True []
# expect: str refused True
# expect: str unchanged 2 True []
# expect: format refused True
# expect: format unchanged 2 True []
# expect: after run ['other ran'] 1
# expect: yielding
# expect: yielding!
# expect: direct yielding ['other ran', 'other ran']
