# tasklet_blocked.json: src/g_tasklet_blocked.py: a receiver blocked after
# one value and a sender blocked in a for loop come back blocked on their
# channels and continue.
import pickle, sys, stackless
v = pickle.loads(open(sys.path[0] + "/../tasklet_blocked.json").read())
t, inbox, outbox, p, feed = v["worker"], v["inbox"], v["outbox"], v["producer"], v["feed"]
print(t.alive, t.blocked, t.scheduled, inbox.balance, outbox.balance, p.blocked, feed.balance)
inbox.send(7)
inbox.send(None)
print("outbox", outbox.balance)
print("received", outbox.receive())
stackless.run()
print(t.alive, feed.receive(), feed.receive())
stackless.run()
print(p.alive, feed.balance, stackless.getruncount())

# expect: True True True -1 0 True 1
# expect: w got 7 total 12
# expect: outbox 1
# expect: received 12
# expect: w done
# expect: False p1 p2
# expect: producer done
# expect: False 0 1
