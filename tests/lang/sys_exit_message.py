# sys.exit("msg"): message on stderr, exit status 1
import sys
def fail(reason):
    print("failing:", reason)
    sys.exit("fatal: " + reason)
fail("bad input")
print("not reached")
