# A suspended generator and a tasklet blocked inside a for loop over a
# generator pickle, load and continue where they stopped.
import pickle, stackless
def counter(n):
    total = 0
    for i in range(n):
        total += i
        yield total
g = counter(5)
print(next(g), next(g))
g2 = pickle.loads(pickle.dumps(g))
print(list(g2), list(g))
ch = stackless.channel()
def consumer(ch):
    for x in counter(4):
        ch.receive()
        print("item", x)
t = stackless.tasklet(consumer)(ch)
stackless.run()
ch.send(0)
t2, ch2 = pickle.loads(pickle.dumps((t, ch)))
for i in range(3):
    ch2.send(i)
print("done", t2.alive)

# expect: 0 1
# expect: [3, 6, 10] [3, 6, 10]
# expect: item 0
# expect: item 1
# expect: item 3
# expect: item 6
# expect: done False
