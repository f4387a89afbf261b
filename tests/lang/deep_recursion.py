# 100,000-deep recursion after raising the limit (Spindle keeps frames on the heap)
import sys
sys.setrecursionlimit(200000)
def rsum(n):
    if n == 0:
        return 0
    return n + rsum(n - 1)
print(rsum(100000))
def depth(n, acc):
    if n == 0:
        return acc
    return depth(n - 1, acc + [n] if n % 20000 == 0 else acc)
print(depth(100000, []))
def is_even(n):
    return True if n == 0 else is_odd(n - 1)
def is_odd(n):
    return False if n == 0 else is_even(n - 1)
print(is_even(99999), is_odd(99999))
