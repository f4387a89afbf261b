# finally blocks and __exit__ still run while an uncaught exception propagates
class CM:
    def __enter__(self):
        print("enter")
    def __exit__(self, t, v, tb):
        print("exit with", t.__name__)
def work():
    try:
        with CM():
            raise LookupError("deep failure")
    finally:
        print("finally ran")
work()
