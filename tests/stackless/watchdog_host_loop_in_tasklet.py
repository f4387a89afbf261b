import stackless

# The host loop need not be main: a tasklet can call run(N) and become the
# watchdog.  A spinner it preempts is returned to it; main only gets control
# back when the host tasklet is done.
state = {"n": 0, "stop": False}

def spinner():
    while not state["stop"]:
        state["n"] += 1
    print("spinner stops")

def host():
    sp = stackless.tasklet(spinner)()
    v = stackless.run(100)
    print("host got victim", v is sp, sp.paused, state["n"] > 0)
    print("host is current", stackless.getcurrent() is h, stackless.getruncount())
    state["stop"] = True
    sp.insert()
    print("second run", stackless.run(100))
    print("host done", sp.alive)

h = stackless.tasklet(host)()
stackless.run()
print("main back", h.alive, stackless.getruncount())

# expect: host got victim True True True
# expect: host is current True 1
# expect: spinner stops
# expect: second run None
# expect: host done False
# expect: main back False 1
