# Soft switch: two tasklets ping-pong with stackless.schedule().
# usage: spindle switch.py N  -> 2*N switches (each tasklet schedules N times)
# Prints "switch <2N>" only if both tasklets really interleaved.
import sys
import stackless

n = int(sys.argv[1])
order = []


def ping(name, n):
    order.append(name + " start")
    for i in range(n):
        stackless.schedule()
    order.append(name + " end")


stackless.tasklet(ping)("a", n)
stackless.tasklet(ping)("b", n)
stackless.run()
# Interleaved: b starts before a ends (unless n == 0), and both ran n times.
want = ["a start", "a end", "b start", "b end"] if n == 0 else ["a start", "b start", "a end", "b end"]
if order != want:
    print("broken", order)
    sys.exit(1)
print("switch", 2 * n)
