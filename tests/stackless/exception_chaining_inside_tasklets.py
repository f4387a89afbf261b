import stackless
import sys

class AppError(Exception):
    pass

ch = stackless.channel()

def worker():
    try:
        ch.receive()
    except KeyError as e:
        try:
            raise AppError("wrapped") from e
        except AppError as e2:
            print("cause", repr(e2.__cause__), e2.__suppress_context__)
    try:
        try:
            ch.receive()
        except ValueError:
            stackless.schedule()
            print("worker exc_info", sys.exc_info()[0].__name__)
            raise AppError("during handling")
    except AppError as e3:
        print("context", repr(e3.__context__), e3.__cause__)

def bystander():
    # Runs while worker is inside its except block: its own exceptions
    # must not pick up worker's ValueError as context.
    print("bystander exc_info", sys.exc_info())
    try:
        raise IndexError("own")
    except IndexError as e:
        print("bystander context", e.__context__)

stackless.tasklet(worker)()
stackless.run()
ch.send_exception(KeyError, "k")
stackless.tasklet(bystander)()
ch.send_exception(ValueError, "v")
stackless.run()
print("end", ch.balance, stackless.getruncount())

# expect: cause KeyError('k') True
# expect: bystander exc_info (None, None, None)
# expect: bystander context None
# expect: worker exc_info ValueError
# expect: context ValueError('v') None
# expect: end 0 1
