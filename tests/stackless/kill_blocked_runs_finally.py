import stackless

ch = stackless.channel()

def r():
    try:
        ch.receive()
        print("never")
    finally:
        print("finally runs")

t = stackless.tasklet(r)()
stackless.run()
print(t.blocked, ch.balance)
t.kill()
print(t.alive, t.blocked, ch.balance)

# expect: True -1
# expect: finally runs
# expect: False False 0
