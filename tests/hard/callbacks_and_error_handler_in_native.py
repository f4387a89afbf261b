import stackless

# The schedule and channel callbacks see hard switches (a receive in a
# sorted() key function, sends from a map() callback) exactly like soft
# ones; the error handler is called in a tasklet that fails inside a key
# function after a hard switch. (Tasklets have no __dict__: names by id.)
ch = stackless.channel()
events = []
def cb(prev, next):
    events.append((names.get(id(prev), "?"), names.get(id(next), "?")))
def chcb(chan, task, sending, willblock):
    events.append(("ch", names.get(id(task), "?"), sending, willblock))
stackless.set_schedule_callback(cb)
stackless.set_channel_callback(chcb)
names = {id(stackless.getcurrent()): "main"}
def w(n):
    sorted([1, 2], key=lambda x: ch.receive())
def s(n):
    list(map(ch.send, [1, 2]))
a = stackless.tasklet(w)(1); names[id(a)] = "a"
b = stackless.tasklet(s)(2); names[id(b)] = "b"
stackless.run()
stackless.set_schedule_callback(None)
stackless.set_channel_callback(None)
for e in events: print(e)
def handler(typ, val, tb):
    print("handler", typ.__name__, val, names[id(stackless.getcurrent())])
stackless.set_error_handler(handler)
def bad():
    sorted([1], key=lambda x: ch.receive() / 0)
c = stackless.tasklet(bad)(); names[id(c)] = "c"
stackless.run()
ch.send(1)
print("after", c.alive)

# expect: ('main', 'a')
# expect: ('ch', 'a', 0, 1)
# expect: ('a', 'b')
# expect: ('ch', 'b', 1, 0)
# expect: ('b', 'a')
# expect: ('ch', 'a', 0, 1)
# expect: ('a', 'b')
# expect: ('ch', 'b', 1, 0)
# expect: ('b', 'a')
# expect: ('a', 'b')
# expect: ('b', 'main')
# expect: handler ZeroDivisionError division by zero c
# expect: after False
