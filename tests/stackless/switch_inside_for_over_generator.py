import stackless

def gen(name):
    for i in range(3):
        print(name, "yields", i)
        yield i

def worker(name):
    total = 0
    for v in gen(name):
        stackless.schedule()
        total += v
    print(name, "total", total)

stackless.tasklet(worker)("a")
stackless.tasklet(worker)("b")
stackless.run()

# expect: a yields 0
# expect: b yields 0
# expect: a yields 1
# expect: b yields 1
# expect: a yields 2
# expect: b yields 2
# expect: a total 3
# expect: b total 3
