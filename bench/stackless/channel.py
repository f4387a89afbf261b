# Channel round trip: A sends i on one channel, B receives it and sends it
# back on a second channel, A receives the reply.
# usage: spindle channel.py N  -> N round trips (4 channel operations each)
import sys
import stackless

n = int(sys.argv[1])
there = stackless.channel()
back = stackless.channel()
result = []


def client(n):
    reply = -1
    for i in range(n):
        there.send(i)
        reply = back.receive()
    result.append(reply)


def server(n):
    for i in range(n):
        back.send(there.receive())


stackless.tasklet(client)(n)
stackless.tasklet(server)(n)
stackless.run()
if result != [n - 1]:
    print("broken", result)
    sys.exit(1)
print("roundtrip", n)
