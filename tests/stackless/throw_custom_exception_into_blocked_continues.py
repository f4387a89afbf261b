import stackless

class Interrupt(Exception):
    def __init__(self, reason, code):
        super().__init__(reason)
        self.reason = reason
        self.code = code

ch = stackless.channel()

def server():
    handled = 0
    while True:
        try:
            v = ch.receive()
        except Interrupt as e:
            handled += 1
            print("server interrupted:", e.reason, e.code, handled)
            continue
        if v == "quit":
            break
        print("server got", v)
    print("server stops after", handled, "interrupts")

t = stackless.tasklet(server)()
stackless.run()
print("blocked", t.blocked, ch.balance)
t.throw(Interrupt("first", 1))
print("back in main", t.blocked, ch.balance)
ch.send("job")
t.throw(Interrupt, ("second", 2))
t.raise_exception(Interrupt, "third", 3)
t.throw(Interrupt("pending", 4), pending=True)
print("pending", t.blocked, t.scheduled, ch.balance)
stackless.run()
print("after run", t.blocked, ch.balance)
ch.send("quit")
print("end", t.alive, ch.balance, stackless.getruncount())

# expect: blocked True -1
# expect: server interrupted: first 1 1
# expect: back in main True -1
# expect: server got job
# expect: server interrupted: second 2 2
# expect: server interrupted: third 3 3
# expect: pending False True 0
# expect: server interrupted: pending 4 4
# expect: after run True -1
# expect: server stops after 4 interrupts
# expect: end False 0 1
