# builtins and methods beyond the core subset: bin hex oct format callable slice,
# str.swapcase/rindex, set.isdisjoint/issuperset, dict |, function __name__
print(bin(10), hex(255), oct(8), bin(-5), hex(-255), bin(0))
print(format(3.5, ".2f"), format(10, "b"), format("s", ">3"), format(12345, ","), format(7))
print(callable(len), callable(5), callable(lambda: 0), callable(int))
print([0, 1, 2, 3, 4][slice(1, 4)], "abcdef"[slice(None, None, -2)], slice(1, 5, 2).stop)
print("ABC def".swapcase(), "banana".rindex("an"))
try:
    "banana".rindex("x")
except ValueError as e:
    print(type(e).__name__, e)
print({1, 2}.isdisjoint({3}), {1, 2, 3}.issuperset({1, 2}), {"a": 1} | {"b": 2, "a": 0})
def named():
    pass
print(named.__name__, (lambda: 0).__name__)
