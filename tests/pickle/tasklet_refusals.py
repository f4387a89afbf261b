# A tasklet blocked inside native code (not restorable) and the running
# tasklet are refused at pickle time; a soft one pickles.
import stackless, pickle

ch = stackless.channel()

def hard():
    sorted([2, 1], key=lambda x: ch.receive())

def soft():
    ch.receive()

h = stackless.tasklet(hard)()
s = stackless.tasklet(soft)()
stackless.run()
print(h.restorable, h.nesting_level, s.restorable)
try:
    pickle.dumps(h)
except pickle.PicklingError as e:
    print("PicklingError:", str(e).split(" (/")[0])
    print("blocked inside native code" in str(e), "> tasklet" in str(e))
try:
    pickle.dumps(stackless.getcurrent())
except pickle.PicklingError as e:
    print("PicklingError:", str(e).split(": ")[0])
print(len(pickle.dumps(s)) > 0)
for v in (1, 2, 3):
    ch.send(v)

# expect: False 1 True
# expect: PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in hard.<locals>.<lambda>
# expect: True True
# expect: PicklingError: cannot pickle the running tasklet (pickle it from another tasklet)
# expect: True
