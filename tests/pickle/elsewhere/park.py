# Process 1: a workflow that uses its module's globals (a constant, a
# helper, a class) parks itself in a file. Mutable module state (`seen`)
# stays with this process: the pickle carries definitions and constants.
import pickle, stackless, sys

RATE = 3
LABELS = ("a", "b", "c")
seen = []

class Step:
    def __init__(self, name):
        self.name = name
    def describe(self):
        return "step " + self.name

def scaled(x):
    return x * RATE

def workflow(inbox):
    total = 0
    calls = 0
    for name in LABELS:
        step = Step(name)
        total += scaled(inbox.receive())
        calls += 1
        print(step.describe(), "total", total, "calls", calls)
        if name == "a":
            seen.append(name)
        else:
            try:
                seen.append(name)
            except NameError as e:
                print("NameError:", e)
    return total

log = open(sys.argv[1] + ".log", "w")  # no pickled code names it: not pickled
inbox = stackless.channel()
t = stackless.tasklet(workflow)(inbox)
stackless.run()
inbox.send(1)
with open(sys.argv[1], "w") as f:
    f.write(pickle.dumps((t, inbox)))
log.close()
print("parked")
