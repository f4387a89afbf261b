import stackless

# A tasklet preempted by the watchdog (run(N, ignore_nesting=True)) while
# spinning inside a key function of sorted(): throw(), kill() and
# throw(pending=True) unwind it through sorted() (the key's finally runs);
# and a spinner inside a generator driven by list() inside a key function
# is preempted and re-inserted many times and still gets the right result.
# Only tick-independent facts are printed.
log = []
def spin_key(x):
    try:
        i = 0
        while True:
            i += 1
    finally:
        log.append("key finally")
def victim(name):
    try:
        sorted([1, 2], key=spin_key)
    except ValueError as e:
        log.append("%s caught %s" % (name, e))
    finally:
        log.append(name + " finally")
for how in ("throw", "kill", "pending"):
    log.clear()
    t = stackless.tasklet(victim)(how)
    v = stackless.run(100, ignore_nesting=True)
    print(how, v is t, t.paused)
    if how == "throw":
        t.throw(ValueError("bomb"))
    elif how == "kill":
        t.kill()
    else:
        t.throw(ValueError("later"), pending=True)
        print("pending", t.scheduled, log)
        stackless.run()
    print(how, t.alive, log)
# preempted by watchdog inside a generator driven by list() inside a key
def g():
    i = 0
    while i < 3000:
        i += 1
        if i % 1000 == 0:
            yield i
def w2(out):
    out.append(sorted([1], key=lambda x: list(g())))
out = []
stackless.tasklet(w2)(out)
n = 0
while stackless.getruncount() > 1:
    v = stackless.run(37, ignore_nesting=True)
    if v:
        n += 1
        v.insert()
print("gen in key", out, n > 5)

# expect: throw True True
# expect: throw False ['key finally', 'throw caught bomb', 'throw finally']
# expect: kill True True
# expect: kill False ['key finally', 'kill finally']
# expect: pending True True
# expect: pending True []
# expect: pending False ['key finally', 'pending caught later', 'pending finally']
# expect: gen in key [[1]] True
