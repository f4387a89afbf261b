# A workflow that blocks waiting for an approval, is pickled to a file, and
# is resumed by a second process running the same script.
import sys
import stackless
import pickle

def approve(request, decisions):
    log = ["validated " + request["what"]]
    steps = 0
    try:
        for step in ("manager", "finance"):
            answer = decisions.receive()
            steps += 1
            log.append(step + ": " + answer)
            if answer != "yes":
                log.append("rejected")
                return log
        log.append("approved")
        return log
    finally:
        log.append("closed after %d steps" % steps)
        print("\n".join(log))

mode, path = sys.argv[1], sys.argv[2]
if mode == "start":
    decisions = stackless.channel()
    t = stackless.tasklet(approve)({"what": "laptop", "cost": 1200}, decisions)
    stackless.run()
    decisions.send("yes")                      # the manager answers now
    print("parked:", t.blocked, decisions.balance)
    f = open(path, "w")
    f.write(pickle.dumps({"tasklet": t, "channel": decisions}))
    f.close()
else:
    f = open(path)
    state = pickle.loads(f.read())
    f.close()
    t, decisions = state["tasklet"], state["channel"]
    print("resumed:", t.blocked, decisions.balance)
    decisions.send(sys.argv[3])                # finance, days later
    print("alive:", t.alive)
