import stackless

def bad():
    print("bad runs")
    raise ValueError("uncaught in tasklet")

stackless.tasklet(bad)()
stackless.run()
print("never")

# expect: bad runs
# expect-error: ValueError: uncaught in tasklet
