import stackless

ch = stackless.channel()

def f():
    me = stackless.getcurrent()
    me.block_trap = True
    try:
        ch.receive()
    except RuntimeError as e:
        print("RuntimeError", e)
    print("balance", ch.balance, me.blocked)
    me.block_trap = False
    print("receiving for real")
    print("got", ch.receive())

t = stackless.tasklet(f)()
stackless.run()
print(ch.balance)
ch.send("ok")

# expect: RuntimeError this tasklet does not like to be blocked.
# expect: balance 0 False
# expect: receiving for real
# expect: -1
# expect: got ok
