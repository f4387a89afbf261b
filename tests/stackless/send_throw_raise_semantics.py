import stackless

ch = stackless.channel()

def r():
    for i in range(3):
        try:
            ch.receive()
        except Exception as e:
            print(type(e).__name__, e.args)

stackless.tasklet(r)()
stackless.run()
ch.send_throw(ValueError, ("a", 1))
ch.send_throw(KeyError, "k")
ch.send_throw(IndexError("i"))
stackless.tasklet(r)()
stackless.run()
try:
    ch.send_throw(IndexError("i"), "v")
except TypeError as e:
    print("TypeError", e)
print("balance", ch.balance)

# expect: ValueError ('a', 1)
# expect: KeyError ('k',)
# expect: IndexError ('i',)
# expect: TypeError instance exception may not have a separate value
# expect: balance -1
