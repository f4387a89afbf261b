import stackless

ch = stackless.channel()
received = []

def items():
    yield "a"
    yield "b"
    raise KeyError("gen broke")

def consumer():
    while True:
        received.append(ch.receive())

c = stackless.tasklet(consumer)()
stackless.run()
try:
    ch.send_sequence(items())
except KeyError as e:
    print("caught", repr(e))
print(received, ch.balance, c.blocked)
print("count", ch.send_sequence(iter(range(5))))
print(received)
print("count", ch.send_sequence("xy"), received[-2:])
c.kill()
print(c.alive, ch.balance)

# expect: caught KeyError('gen broke')
# expect: ['a', 'b'] -1 True
# expect: count 5
# expect: ['a', 'b', 0, 1, 2, 3, 4]
# expect: count 2 ['x', 'y']
# expect: False 0
