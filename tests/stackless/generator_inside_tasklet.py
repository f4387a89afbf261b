import stackless

def gen(name, n):
    for i in range(n):
        yield name + str(i)

def worker(name):
    g = gen(name, 3)
    for v in g:
        print(v)
    print(name, "sum", sum(len(x) for x in gen(name, 2)))

stackless.tasklet(worker)("a")
stackless.tasklet(worker)("b")
stackless.run()

# expect: a0
# expect: a1
# expect: a2
# expect: a sum 4
# expect: b0
# expect: b1
# expect: b2
# expect: b sum 4
