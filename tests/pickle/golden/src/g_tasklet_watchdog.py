# A tasklet interrupted by the watchdog (stackless.run with a tick budget)
# in the middle of a loop: it resumes at the instruction it stopped before.
def make():
    import stackless
    def spin(n, log):
        total = 0
        for i in range(n):
            total += i
        log.append(total)
        print("spin finished", total)
    log = []
    t = stackless.tasklet(spin)(1000, log)
    victim = stackless.run(100)
    return {"t": t, "was_victim": victim is t, "log": log}
