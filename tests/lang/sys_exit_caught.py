# SystemExit can be caught; sys.exit() with no argument / 0 exits 0
import sys
try:
    sys.exit(7)
except SystemExit as e:
    print("caught SystemExit", e.code, e.args)
try:
    sys.exit("text")
except SystemExit as e:
    print("caught", repr(e.code))
try:
    sys.exit()
except SystemExit as e:
    print("no arg code", e.code)
try:
    sys.exit(1)
except Exception:
    print("not caught by Exception")
except BaseException as e:
    print("caught by BaseException", type(e).__name__)
print("exiting with 0")
sys.exit(0)
