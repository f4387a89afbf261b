import stackless

ch = stackless.channel()
print("before")
ch.receive()
print("never")

# expect: before
# expect-error: RuntimeError: Deadlock: the last runnable tasklet cannot be blocked.
