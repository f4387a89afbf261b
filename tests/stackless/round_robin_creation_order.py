import stackless

def worker(name, n):
    for i in range(n):
        print(name, i)
        stackless.schedule()

stackless.tasklet(worker)("a", 3)
stackless.tasklet(worker)("b", 2)
stackless.tasklet(worker)("c", 3)
stackless.run()
print("done", stackless.getruncount())

# expect: a 0
# expect: b 0
# expect: c 0
# expect: a 1
# expect: b 1
# expect: c 1
# expect: a 2
# expect: c 2
# expect: done 1
