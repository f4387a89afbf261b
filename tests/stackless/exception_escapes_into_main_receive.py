import stackless

ch = stackless.channel()

def bad():
    raise IndexError("idx")

stackless.tasklet(bad)()
try:
    ch.receive()
except IndexError as e:
    print("receive raised", e)
print(ch.balance, stackless.getcurrent().blocked)

# expect: receive raised idx
# expect: 0 False
