# enumerate (start), zip (uneven), map (multiple iterables), filter (None)
print(list(enumerate("abc")), list(enumerate(["x", "y"], start=1)), list(enumerate([], 5)))
for i, ch in enumerate("日本", 10):
    print(i, ch)
print(list(zip([1, 2, 3], "ab")), list(zip()), list(zip([1, 2])), list(zip(*[(1, 2), (3, 4), (5, 6)])))
print(dict(zip(range(3), "xyz")))
print(list(map(str, [1, 2])), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])), list(map(len, ["a", "bb"])))
print(list(filter(None, [0, 1, "", "x", None, [], [0]])), list(filter(str.isdigit, "a1b2")))
m = map(lambda x: x * 2, range(3))
print(type(m).__name__, next(m), list(m), list(m))
e = enumerate("ab")
print(type(e).__name__, next(e), next(e), next(e, None))
z = zip("ab", "cd")
print(type(z).__name__, next(z), list(z))
f = filter(lambda x: x > 1, [1, 2, 3])
print(type(f).__name__, list(f))
names = ["ann", "bo"]
ages = [31, 42]
for n, (i, a) in zip(names, enumerate(ages)):
    print(n, i, a)
