# A tasklet blocked in receive inside for/try-finally pickles with its
# channel; the copy comes back blocked on the copied channel and continues.
import stackless, pickle

ch = stackless.channel()
log = []

def worker(name, limit, ch):
    total = 0
    try:
        for i in range(limit):
            v = ch.receive()
            total += v
            log.append((name, i, v, total))
    finally:
        log.append((name, "finally", total))
    return total

t = stackless.tasklet(worker)("w", 3, ch)
stackless.run()
ch.send(10)
print("blocked", t.blocked, ch.balance, t.restorable)
doc = pickle.dumps([t, ch])
print("size", len(doc) > 100)
t2, ch2 = pickle.loads(doc)
print("loaded", t2 is not t, t2.blocked, ch2.balance, t2.alive, t2.scheduled)
ch2.send(20)
ch2.send(30)
print(log)

# expect: blocked True -1 True
# expect: size True
# expect: loaded True True -1 True True
# expect: [('w', 0, 10, 10), ('w', 1, 20, 30), ('w', 2, 30, 60), ('w', 'finally', 60)]
