# closures capture variables, not values: late binding in loops
fns = []
for i in range(4):
    fns.append(lambda: i)
print([f() for f in fns])
fns2 = []
for i in range(4):
    fns2.append(lambda i=i: i)
print([f() for f in fns2])
def make(i):
    return lambda: i
fns3 = [make(i) for i in range(4)]
print([f() for f in fns3])
def outer():
    fs = []
    for j in range(3):
        def g():
            return j * 10
        fs.append(g)
    j = 99
    return fs
print([f() for f in outer()])
x = 1
def get_x():
    return x
x = 2
print(get_x())
def counter_pair():
    n = 0
    def inc():
        nonlocal n
        n += 1
    def get():
        return n
    return inc, get
inc, get = counter_pair()
inc(); inc(); inc()
print(get())
