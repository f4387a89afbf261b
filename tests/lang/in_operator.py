# in / not in across containers
print(2 in [1, 2, 3], 2 in (1, 2), 2 in {2}, 2 in {2: "x"}, "x" in {2: "x"})
print("ell" in "hello", "" in "abc", "z" not in "abc", "日" in "日本")
print(3 in range(5), 5 in range(5), 4 in range(0, 10, 2), 5 in range(0, 10, 2), -1 in range(-5, 0))
print(1.0 in [1], True in [1], None in [0, False], [1] in [[1]], (1, 2) in [(1, 2)])
print("a" in {"a": 1}.keys(), 1 in {"a": 1}.values(), ("a", 1) in {"a": 1}.items())
it = iter([1, 2, 3, 4])
print(2 in it, next(it), 1 in it)
def gen():
    yield from "abc"
print("b" in gen(), "q" in gen())
try:
    print(1 in "abc")
except TypeError as e:
    print(type(e).__name__, e)
try:
    print(1 in 5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    print([] in {1})
except TypeError as e:
    print(type(e).__name__, e)
