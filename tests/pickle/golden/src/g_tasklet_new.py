# Tasklets that have not started (a function, its arguments and keyword
# arguments), one atomic, and one that has finished.
def make():
    import stackless
    def greet(greeting, name="you", punct="!"):
        print(greeting, name + punct)
        return greeting
    fresh = stackless.tasklet(greet)("hello", name="ada")
    fresh.remove()
    atomic = stackless.tasklet(greet)("hi", punct="?")
    atomic.set_atomic(True)
    atomic.remove()
    finished = stackless.tasklet(greet)("bye")
    stackless.run()
    return [fresh, atomic, finished]
