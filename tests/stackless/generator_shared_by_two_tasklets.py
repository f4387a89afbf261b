import stackless

def numbers():
    for i in range(6):
        print("gen yields", i)
        yield i
    print("gen exhausted")

g = numbers()
taken = {"a": [], "b": []}

def taker(name):
    for v in g:
        taken[name].append(v)
        stackless.schedule()
    print(name, "sees end")

stackless.tasklet(taker)("a")
stackless.tasklet(taker)("b")
stackless.run()
print(taken["a"], taken["b"])

# A generator suspended in a switch inside its own body is "executing":
# another tasklet cannot resume it meanwhile.
ch = stackless.channel()

def blocking_gen():
    while True:
        yield ch.receive()

bg = blocking_gen()

def first():
    print("first got", next(bg))

def second():
    try:
        next(bg)
    except ValueError as e:
        print("second", e)

stackless.tasklet(first)()
stackless.tasklet(second)()
stackless.run()
ch.send("hello")
print("end", ch.balance, stackless.getruncount())

# expect: gen yields 0
# expect: gen yields 1
# expect: gen yields 2
# expect: gen yields 3
# expect: gen yields 4
# expect: gen yields 5
# expect: gen exhausted
# expect: a sees end
# expect: b sees end
# expect: [0, 2, 4] [1, 3, 5]
# expect: second generator already executing
# expect: first got hello
# expect: end 0 1
