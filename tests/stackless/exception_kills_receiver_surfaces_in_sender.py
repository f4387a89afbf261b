import stackless

ch = stackless.channel()

def r():
    v = ch.receive()
    print("never", v)

stackless.tasklet(r)()
stackless.run()
try:
    ch.send_exception(ValueError, "boom")
except ValueError as e:
    print("main caught", e)
print("balance", ch.balance)

# expect: main caught boom
# expect: balance 0
