import stackless

ch = stackless.channel()

def f():
    print("f runs")

def r():
    print("r got", ch.receive())

stackless.tasklet(r)()
stackless.run()
t = stackless.tasklet(f)()
print(stackless.switch_trap(1))
try:
    stackless.schedule()
except RuntimeError as e:
    print("RuntimeError", e)
try:
    ch.send(1)
except RuntimeError as e:
    print("RuntimeError", e)
print(ch.balance, t.alive, stackless.getruncount())
ch.preference = 0
ch.send(2)
print("send without switch ok", ch.balance)
print(stackless.switch_trap(-1))
stackless.run()
print("end")

# expect: 0
# expect: RuntimeError switch_trap
# expect: RuntimeError switch_trap
# expect: -1 True 2
# expect: send without switch ok 0
# expect: 1
# expect: f runs
# expect: r got 2
# expect: end
