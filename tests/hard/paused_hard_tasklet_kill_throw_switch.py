import stackless

# A tasklet switched out inside a key function of sorted() and then removed
# from the run queue (paused, with native frames on its stack): kill(),
# throw() and throw(pending=True) unwind it through sorted(); switch()
# back and forth between main and a tasklet inside a key function.
log = []
def w(name):
    try:
        sorted([2, 1], key=lambda x: (stackless.schedule(), x)[1])
        log.append(name + " done")
    except ValueError as e:
        log.append(name + " caught " + str(e))
    finally:
        log.append(name + " finally")
t = stackless.tasklet(w)("k")
t.run()
t.remove()
print("paused", t.paused)
t.kill()
print(t.alive, log)
log.clear()
t = stackless.tasklet(w)("v")
t.run()
t.remove()
t.throw(ValueError("x"))
print(t.alive, log)
log.clear()
t = stackless.tasklet(w)("p")
t.run()
t.remove()
t.throw(ValueError("y"), pending=True)
print(t.alive, t.scheduled, log)
stackless.run()
print(t.alive, log)
# switch() to a paused hard tasklet and back
log.clear()
main = stackless.getcurrent()
def sw():
    def key(x):
        log.append("key %d" % x)
        main.switch()
        return x
    log.append(sorted([3, 1, 2], key=key))
t = stackless.tasklet(sw)()
t.switch()
print("main back 1", main.paused, t.paused, log)
t.switch()
print("main back 2", log)
t.switch()
t.switch()
print("main back 3", t.alive, log)

# expect: paused True
# expect: False ['k finally']
# expect: False ['v caught x', 'v finally']
# expect: True True []
# expect: False ['p caught y', 'p finally']
# expect: main back 1 False True ['key 3']
# expect: main back 2 ['key 3', 'key 1']
# expect: main back 3 False ['key 3', 'key 1', 'key 2', [1, 2, 3]]
