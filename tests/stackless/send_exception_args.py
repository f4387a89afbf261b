import stackless

ch = stackless.channel()

class MyError(Exception):
    pass

def r():
    try:
        ch.receive()
    except ValueError as e:
        print("ValueError", e.args)
    try:
        ch.receive()
    except MyError as e:
        print("MyError", e.args)
    try:
        ch.receive()
    except KeyError as e:
        print("KeyError", e.args)

stackless.tasklet(r)()
stackless.run()
ch.send_exception(ValueError, "bad", 2)
ch.send_exception(MyError)
ch.send_exception(KeyError, "k")
try:
    ch.send_exception(42)
except TypeError as e:
    print("TypeError", e)
print("done")

# expect: ValueError ('bad', 2)
# expect: MyError ()
# expect: KeyError ('k',)
# expect: TypeError channel.send_exception needs Exception or string subclass as first parameter
# expect: done
