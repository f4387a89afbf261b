import stackless

# Soft tasklets (plain receive/send/schedule) and hard ones (blocked inside
# sorted() key functions, map(), __str__) share one channel: FIFO order,
# balance and values are the same as if all were soft.
ch = stackless.channel()
log = []

def soft_receiver(name, n):
    for i in range(n):
        log.append((name, ch.receive()))

def hard_receiver(name, n):
    def key(x):
        log.append((name, ch.receive()))
        return x
    sorted(range(n), key=key)

class Sender:
    def __init__(self, v):
        self.v = v
    def __str__(self):
        ch.send(self.v)
        return "sent %s" % self.v

def soft_sender(name, values):
    for v in values:
        ch.send(v)
    log.append((name, "done"))

def hard_sender(name, values):
    texts = list(map(lambda v: str(Sender(v)), values))
    log.append((name, texts[-1]))

# Receivers first: they queue up on the channel alternately soft and hard.
stackless.tasklet(soft_receiver)("s1", 3)
stackless.tasklet(hard_receiver)("h1", 3)
stackless.tasklet(soft_receiver)("s2", 2)
stackless.tasklet(hard_receiver)("h2", 2)
stackless.run()
print("receivers waiting", ch.balance)
stackless.tasklet(hard_sender)("H", [1, 2, 3, 4, 5])
stackless.tasklet(soft_sender)("S", [6, 7, 8, 9, 10])
stackless.run()
print(log)
print("balance", ch.balance, stackless.getruncount())

# Senders first, then receivers: the senders block (soft and hard) and the
# receivers take the values in the order the senders queued.
log.clear()
stackless.tasklet(hard_sender)("H", ["a", "b"])
stackless.tasklet(soft_sender)("S", ["c", "d"])
stackless.tasklet(hard_sender)("H2", ["e"])
stackless.run()
print("senders waiting", ch.balance)
stackless.tasklet(hard_receiver)("h", 3)
stackless.tasklet(soft_receiver)("s", 2)
stackless.run()
print(log)

# Preference 1 (sender preferred) and 0, with hard receivers: who runs next.
for pref in (1, 0, -1):
    ch.preference = pref
    log.clear()
    stackless.tasklet(hard_receiver)("h", 2)
    stackless.tasklet(soft_receiver)("s", 1)
    stackless.run()
    for v in "xyz":
        ch.send(v)
        log.append(("main sent", v))
    stackless.run()
    print("preference", pref, log)

# Schedule-based round-robin between soft and hard tasklets.
ch.preference = -1
log.clear()

def soft_spinner(name):
    for i in range(3):
        log.append(name + str(i))
        stackless.schedule()

def hard_spinner(name):
    def key(i):
        log.append(name + str(i))
        stackless.schedule()
        return i
    sorted(range(3), key=key)

stackless.tasklet(soft_spinner)("a")
stackless.tasklet(hard_spinner)("B")
stackless.tasklet(soft_spinner)("c")
stackless.tasklet(hard_spinner)("D")
stackless.run()
print(" ".join(log))

# expect: receivers waiting -4
# expect: [('s1', 1), ('h1', 6), ('s2', 2), ('h2', 7), ('s1', 3), ('h1', 8), ('s2', 4), ('h2', 9), ('s1', 5), ('h1', 10), ('H', 'sent 5'), ('S', 'done')]
# expect: balance 0 1
# expect: senders waiting 3
# expect: [('h', 'a'), ('h', 'c'), ('h', 'e'), ('s', 'b'), ('s', 'd'), ('H2', 'sent e'), ('H', 'sent b'), ('S', 'done')]
# expect: preference 1 [('main sent', 'x'), ('main sent', 'y'), ('h', 'x'), ('main sent', 'z'), ('s', 'y'), ('h', 'z')]
# expect: preference 0 [('main sent', 'x'), ('main sent', 'y'), ('h', 'x'), ('h', 'z'), ('s', 'y'), ('main sent', 'z')]
# expect: preference -1 [('h', 'x'), ('main sent', 'x'), ('s', 'y'), ('main sent', 'y'), ('h', 'z'), ('main sent', 'z')]
# expect: a0 B0 c0 D0 a1 B1 c1 D1 a2 B2 c2 D2
