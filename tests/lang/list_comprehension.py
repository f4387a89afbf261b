# list comprehensions with conditions and own scope
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([c.upper() for c in "hello" if c != "l"])
print([(i, j) for i in range(3) for j in range(i)])
print([x if x > 0 else -x for x in [-2, -1, 0, 1, 2]])
x = "outer"
squares = [x for x in range(3)]
print(x, squares)
words = ["apple", "Banana", "cherry"]
print([w[0] for w in words], [len(w) for w in words if w.islower()])
print([[row * 3 + col for col in range(3)] for row in range(3)])
matrix = [[1, 2, 3], [4, 5, 6]]
print([[r[i] for r in matrix] for i in range(3)])
print([n for row in matrix for n in row if n % 2])
print([i for i in []], [None for _ in "ab"])
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
