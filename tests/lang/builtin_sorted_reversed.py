# sorted (key, reverse, stability) and reversed
data = [("bob", 25), ("alice", 30), ("carol", 25), ("dave", 30), ("eve", 22)]
print(sorted(data, key=lambda p: p[1]))
print(sorted(data, key=lambda p: p[1], reverse=True))
print(sorted(data))
print(sorted(sorted(data, key=lambda p: p[0]), key=lambda p: -p[1]))
print(sorted([3, 1, 2]), sorted("dcba"), sorted((5, -1)), sorted({"b": 1, "a": 2}), sorted([]))
print(sorted(["B", "a", "C"]), sorted(["B", "a", "C"], key=str.lower), sorted([-3, 2, -1], key=abs))
print(sorted([1.5, 1, True, 0.5]), sorted([[2], [1, 5], [1]]))
print(list(reversed([1, 2, 3])), list(reversed("héllo")), list(reversed(range(4))), list(reversed((1, 2))))
r = reversed([1, 2])
print(next(r), next(r), next(r, "end"))
words = "the Quick brown fox Jumps over".split()
print(sorted(words, key=len), sorted(words, key=lambda w: (len(w), w.lower())))
nums = [5, 2, 8]
s = sorted(nums)
print(nums, s, s is nums)
try:
    sorted([1, "a"])
except TypeError as e:
    print(type(e).__name__, e)
print(list(reversed({"a": 1, "b": 2})))
