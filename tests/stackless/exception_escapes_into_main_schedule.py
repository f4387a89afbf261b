import stackless

def bad():
    raise KeyError("k")

stackless.tasklet(bad)()
try:
    stackless.schedule()
    print("not reached")
except KeyError as e:
    print("schedule raised", e)
print(stackless.getruncount())

# expect: schedule raised 'k'
# expect: 1
