import stackless

state = {"stop": False, "n": 0}

def spinner():
    while not state["stop"]:
        state["n"] += 1
    print("spinner stops")

t = stackless.tasklet(spinner)()
v = stackless.run(1000)
print(v is t, t.alive, t.scheduled, t.paused, state["n"] > 0)
state["stop"] = True
t.insert()
print(stackless.run(1000))
print(t.alive)

# expect: True True False True True
# expect: spinner stops
# expect: None
# expect: False
