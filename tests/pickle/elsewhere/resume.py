# Process 2 and 3: a different program. It has its own RATE and scaled, but
# the workflow's code runs with the globals it was pickled with.
# usage: resume.py IN VALUE [OUT]
import pickle, stackless, sys

RATE = 100

def scaled(x):
    return -1

with open(sys.argv[1]) as f:
    t, inbox = pickle.loads(f.read())
print("loaded", t.blocked, inbox.balance)
inbox.send(int(sys.argv[2]))
print("alive", t.alive, "RATE here", RATE, scaled(5))
if len(sys.argv) > 3:
    with open(sys.argv[3], "w") as f:
        f.write(pickle.dumps((t, inbox)))
    print("parked again")
