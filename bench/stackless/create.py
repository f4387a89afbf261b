# Create + run + finish: stackless.tasklet(f)() then schedule() so that it
# runs to completion before the main tasklet goes on.
# usage: spindle create.py N  -> N tasklets
import sys
import stackless

n = int(sys.argv[1])
done = 0


def f():
    global done
    done += 1


def main(n):
    # Inside a function, like the peers' loops (module-level code looks
    # every name up in a dict).
    for i in range(n):
        stackless.tasklet(f)()
        stackless.schedule()


main(n)
if done != n or stackless.getruncount() != 1:
    print("broken", done, stackless.getruncount())
    sys.exit(1)
print("create", done)
