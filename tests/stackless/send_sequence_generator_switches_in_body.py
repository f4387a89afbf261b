import stackless

# The generator that feeds send_sequence itself blocks on another channel.
# send_sequence drives the generator from native code, so the receive in the
# generator body switches with native code on the stack (hard switch).
data = stackless.channel()
out = stackless.channel()

def source():
    while True:
        v = data.receive()
        if v is None:
            return
        yield v

def relay():
    n = out.send_sequence(source())
    print("relay sent", n)
    out.send_exception(StopIteration)

def sink():
    for v in out:
        print("sink", v)
    print("sink ended")

stackless.tasklet(sink)()
stackless.tasklet(relay)()
stackless.run()
print("balances", data.balance, out.balance)
for v in ("x", "y", "z", None):
    data.send(v)
stackless.run()
print("end", data.balance, out.balance, stackless.getruncount())

# expect: balances -1 -1
# expect: sink x
# expect: sink y
# expect: sink z
# expect: relay sent 3
# expect: sink ended
# expect: end 0 0 1
