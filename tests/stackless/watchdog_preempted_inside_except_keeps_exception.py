import stackless
import sys

# A tasklet preempted inside an except block keeps its handled exception:
# the host sees none while the victim is paused, and a bare raise in the
# victim re-raises its own exception after it is resumed.
state = {"n": 0, "stop": False}

def victim():
    try:
        raise ValueError("victim's own")
    except ValueError:
        while not state["stop"]:
            state["n"] += 1
        print("victim exc_info", sys.exc_info()[0].__name__)
        try:
            raise
        except ValueError as e:
            print("re-raised", e)

t = stackless.tasklet(victim)()
try:
    raise KeyError("main's")
except KeyError:
    v = stackless.run(100)
    print("main preempted victim", v is t)
    print("main exc_info", sys.exc_info()[0].__name__)
print("main outside", sys.exc_info())
state["stop"] = True
t.insert()
stackless.run()
print("end", t.alive, sys.exc_info())

# expect: main preempted victim True
# expect: main exc_info KeyError
# expect: main outside (None, None, None)
# expect: victim exc_info ValueError
# expect: re-raised victim's own
# expect: end False (None, None, None)
