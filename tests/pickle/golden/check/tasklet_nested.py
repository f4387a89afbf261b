# tasklet_nested.json: src/g_tasklet_nested.py: a tasklet blocked four VM
# calls deep (top > middle > numbers generator > leaf, after one value).
import pickle, sys, stackless
t, ch = pickle.loads(open(sys.path[0] + "/../tasklet_nested.json").read())
print(t.alive, t.blocked, ch.balance, t.restorable, t.nesting_level)
for x in (4, 5, 6):
    ch.send(x)
print(t.alive)

# expect: True True -1 True 0
# expect: top got [4, 9, 50, 120]
# expect: False
