# sys.setrecursionlimit / getrecursionlimit and catching RecursionError
import sys
sys.setrecursionlimit(500)
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print(type(e).__name__, e)
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(300))
sys.setrecursionlimit(2000)
print(depth(1500))
