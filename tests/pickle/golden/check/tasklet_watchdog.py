# tasklet_watchdog.json: src/g_tasklet_watchdog.py: a tasklet the watchdog
# interrupted in the middle of a loop; insert() resumes it where it stopped.
import pickle, sys, stackless
v = pickle.loads(open(sys.path[0] + "/../tasklet_watchdog.json").read())
t = v["t"]
print(v["was_victim"], t.alive, t.paused, t.scheduled, t.blocked, v["log"])
t.insert()
stackless.run()
print(t.alive, v["log"])
# Once more from the same document: a second, independent copy.
v2 = pickle.loads(open(sys.path[0] + "/../tasklet_watchdog.json").read())
print(v2["t"] is t, v2["log"])
v2["t"].insert()
print(stackless.run(50) is v2["t"], v2["t"].paused)
v2["t"].insert()
stackless.run()
print(v2["log"])

# expect: True True True False False []
# expect: spin finished 499500
# expect: False [499500]
# expect: False []
# expect: True True
# expect: spin finished 499500
# expect: [499500]
