import stackless

ch = stackless.channel()

def f():
    print("f runs and ends")

stackless.tasklet(f)()
try:
    ch.send(5)
except RuntimeError as e:
    print("RuntimeError", e)
print(ch.balance)

# expect: f runs and ends
# expect: RuntimeError the main tasklet is sending without a receiver available.
# expect: 0
