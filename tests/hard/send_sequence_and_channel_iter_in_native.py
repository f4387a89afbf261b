import stackless

# send_sequence() over a generator that blocks inside a key function of
# sorted() on another channel, received by a tasklet blocked in a key
# function; a channel iterator advanced with next() from a key function
# and from a map() callback.
ch = stackless.channel()
other = stackless.channel()
log = []
def gen():
    for i in range(3):
        v = sorted([i], key=lambda x: other.receive())
        log.append(("gen", i))
        yield i * 10
def sender():
    log.append(("sent", ch.send_sequence(gen())))
def receiver():
    for i in range(3):
        log.append(("recv", sorted([0], key=lambda x: ch.receive())))
def feeder():
    for i in range(3):
        other.send(i)
stackless.tasklet(sender)()
stackless.tasklet(receiver)()
stackless.tasklet(feeder)()
stackless.run()
print(log)
# channel iteration inside a key function and in list()
log.clear()
def producer():
    for i in range(4):
        ch.send(i)
def consumer():
    it = iter(ch)
    log.append(sorted([0, 1], key=lambda x: next(it)))
    log.append(list(map(lambda x: next(it), [0, 1])))
stackless.tasklet(consumer)()
stackless.tasklet(producer)()
stackless.run()
print(log)

# expect: [('gen', 0), ('recv', [0]), ('gen', 1), ('recv', [0]), ('gen', 2), ('recv', [0]), ('sent', 3)]
# expect: [[0, 1], [2, 3]]
