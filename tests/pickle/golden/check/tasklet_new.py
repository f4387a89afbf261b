# tasklet_new.json: src/g_tasklet_new.py: tasklets bound to a function and
# arguments that have not started (one atomic), and a finished one.
import pickle, sys, stackless
fresh, atomic, finished = pickle.loads(open(sys.path[0] + "/../tasklet_new.json").read())
print(fresh.alive, fresh.scheduled, atomic.atomic, atomic.alive, finished.alive)
atomic.insert()
fresh.insert()
stackless.run()
print(fresh.alive, atomic.alive, stackless.getruncount())

# expect: True False True True False
# expect: hi you?
# expect: hello ada!
# expect: False False 1
