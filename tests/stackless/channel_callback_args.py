import stackless

ch = stackless.channel()
names = {}

def cb(chan, task, sending, willblock):
    print("cb", chan is ch, names.get(id(task)), sending, willblock, task.tempval if sending else "-")

def r():
    print("r got", ch.receive())

print(stackless.set_channel_callback(cb))
t = stackless.tasklet(r)()
names[id(t)] = "r"
names[id(stackless.getmain())] = "main"
stackless.run()
ch.send("x")
print(stackless.set_channel_callback(None) is cb)

# expect: None
# expect: cb True r 0 1 -
# expect: cb True main 1 0 x
# expect: r got x
# expect: True
