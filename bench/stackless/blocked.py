# Memory: N tasklets each blocked in a channel receive (the runner reads the
# process's peak RSS and compares with N = 0).
# usage: spindle blocked.py N
import sys
import stackless

n = int(sys.argv[1])
ch = stackless.channel()


def f(ch):
    ch.receive()


for i in range(n):
    stackless.tasklet(f)(ch)
stackless.run()
if ch.balance != -n:
    print("broken", ch.balance)
    sys.exit(1)
print("blocked", n)
