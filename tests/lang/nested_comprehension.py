# nested comprehensions and comprehension scoping of the iterable
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([[row[i] for row in matrix] for i in range(len(matrix[0]))])
print([x for row in matrix for x in row])
print([[x * 10 for x in row if x % 2] for row in matrix])
print({row[0]: [x for x in row[1:]] for row in matrix})
print([(a, b, c) for a in range(1, 20) for b in range(a, 20) for c in range(b, 20) if a * a + b * b == c * c])
print(sum(x * y for x, y in zip([1, 2, 3], [4, 5, 6])))
n = 3
print([[1 if i == j else 0 for j in range(n)] for i in range(n)])
primes = [p for p in range(2, 50) if all(p % d for d in range(2, p))]
print(primes)
class C:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
print(C.doubled)
