# Tasklets blocked on channels, pickled with their channels: a receiver
# that already took one value, and a sender blocked in a for loop.
def make():
    import stackless
    inbox = stackless.channel()
    outbox = stackless.channel()
    def worker(name, inbox, outbox):
        total = 0
        while True:
            v = inbox.receive()
            if v is None:
                break
            total += v
            print(name, "got", v, "total", total)
        outbox.send(total)
        print(name, "done")
    t = stackless.tasklet(worker)("w", inbox, outbox)
    stackless.run()
    inbox.send(5)
    def producer(ch, items):
        for x in items:
            ch.send(x)
        print("producer done")
    feed = stackless.channel()
    p = stackless.tasklet(producer)(feed, ["p1", "p2"])
    stackless.run()
    return {"worker": t, "inbox": inbox, "outbox": outbox, "producer": p, "feed": feed}
