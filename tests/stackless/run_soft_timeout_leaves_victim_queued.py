import stackless

state = {"stop": False}

def spinner():
    n = 0
    while not state["stop"]:
        n += 1
        stackless.schedule()
    print("spinner stops")

def busy():
    i = 0
    while i < 200000:
        i += 1
    print("busy done")

t = stackless.tasklet(spinner)()
b = stackless.tasklet(busy)()
r = stackless.run(100, soft=True)
print("run returned", r, t.scheduled)
state["stop"] = True
stackless.run()
print(t.alive, b.alive)

# expect: busy done
# expect: run returned None True
# expect: spinner stops
# expect: False False
