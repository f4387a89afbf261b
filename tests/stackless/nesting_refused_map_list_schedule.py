import stackless

# list(map(f, ...)) calls f from native code; a switch inside f is refused.
# The first element was already mapped when the switch was attempted.
calls = []
ran = []

def f(x):
    calls.append(x)
    if x == 2:
        stackless.schedule()
    return x * 10

def other(name):
    ran.append(name)

t = stackless.tasklet(other)("t")
try:
    print(list(map(f, [1, 2, 3])))
except RuntimeError as e:
    print("refused", str(e).startswith("cannot switch tasklets here: native code is on the stack"))
print("calls", calls, "ran", ran, "runcount", stackless.getruncount(), t.scheduled)

# The same function in a plain Python loop switches normally.
calls.clear()
result = [f(x) for x in [1, 2, 3]]
print(result, "calls", calls, "ran", ran, "runcount", stackless.getruncount())

# Inside a tasklet: the refusal is an ordinary exception there too.
def mapper():
    try:
        list(map(f, [2]))
    except RuntimeError as e:
        print("tasklet refused", str(e).startswith("cannot switch tasklets here"))
    print("tasklet goes on", stackless.getcurrent().nesting_level)

stackless.tasklet(mapper)()
stackless.tasklet(other)("u")
stackless.run()
print("end", ran, stackless.getruncount())

# expect: refused True
# expect: calls [1, 2] ran [] runcount 2 True
# expect: [10, 20, 30] calls [1, 2, 3] ran ['t'] runcount 1
# expect: tasklet refused True
# expect: tasklet goes on 0
# expect: end ['t', 'u'] 1
