# generator expressions are lazy and single-pass
def noisy(n):
    for i in range(n):
        print("produce", i)
        yield i
g = (x * 10 for x in noisy(3))
print("created")
print(next(g))
print(list(g))
print(list(g))
print(sum(x for x in range(101)), max(len(w) for w in ["a", "abc", "ab"]))
print(any(x > 3 for x in [1, 5]), all(x > 0 for x in [1, -1]))
print(tuple(c for c in "hey"), sorted((x % 3, x) for x in range(6)))
first_even = next((x for x in [1, 3, 4, 6] if x % 2 == 0), None)
none_found = next((x for x in [1, 3] if x % 2 == 0), "none")
print(first_even, none_found)
gen = (i for i in range(3))
print(type(gen).__name__, iter(gen) is gen)
print(",".join(str(i) for i in range(5)))
print(list(zip((a for a in "ab"), (b for b in range(10)))))
