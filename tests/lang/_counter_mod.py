# helper module: counts how often its body runs
print("executing _counter_mod body")
value = 0
def bump():
    global value
    value += 1
    return value
