import stackless

ch = stackless.channel()
try:
    ch.send(1)
except RuntimeError as e:
    print("RuntimeError", e)
print(ch.balance, stackless.getcurrent().blocked)
try:
    stackless.schedule_remove()
except RuntimeError as e:
    print("RuntimeError", e)
print(stackless.getruncount())

# expect: RuntimeError Deadlock: the last runnable tasklet cannot be blocked.
# expect: 0 False
# expect: 1
