# Methods of builtin classes pickle by name; a call such as
# log.append(ch.receive()) holds one on the stack while it blocks.
import pickle, stackless

for m in (list.append, dict.get, str.join, stackless.channel.send, stackless.tasklet.insert):
    print(pickle.loads(pickle.dumps(m)) is m)

x = [1]
bound = pickle.loads(pickle.dumps(x.append))
bound(2)
print(bound.__self__ if hasattr(bound, "__self__") else "no __self__")

ch = stackless.channel()
log = []
def worker():
    mine = []
    mine.append(ch.receive())
    mine.append("after")
    print(mine)
    # A global is the loaded module's (same source): by reference.
    log.append("global")

t = stackless.tasklet(worker)()
stackless.run()
t2, ch2 = pickle.loads(pickle.dumps((t, ch)))
ch2.send("hello")
print(log)

try:
    pickle.loads('{"format":"spindle-pickle","version":1,"bytecode":1,"codes":[],"objects":[],"root":{"builtin":"list.nope"}}')
except pickle.UnpicklingError as e:
    print(e)

# expect: True
# expect: True
# expect: True
# expect: True
# expect: True
# expect: [1, 2]
# expect: ['hello', 'after']
# expect: ['global']
# expect: /root/builtin: no builtin named 'list.nope'
