# small program: matrices as nested lists, operator overloading, iteration
class Matrix:
    def __init__(self, rows):
        self.rows = [list(r) for r in rows]
    @classmethod
    def identity(cls, n):
        return cls([[1 if i == j else 0 for j in range(n)] for i in range(n)])
    def __mul__(self, other):
        cols = list(zip(*other.rows))
        return Matrix([[sum(a * b for a, b in zip(r, c)) for c in cols] for r in self.rows])
    def __add__(self, other):
        return Matrix([[a + b for a, b in zip(r1, r2)] for r1, r2 in zip(self.rows, other.rows)])
    def __eq__(self, other):
        return self.rows == other.rows
    def __getitem__(self, ij):
        i, j = ij
        return self.rows[i][j]
    def __iter__(self):
        for r in self.rows:
            yield from r
    def __len__(self):
        return len(self.rows)
    def __str__(self):
        w = max(len(str(x)) for x in self)
        return "\n".join(" ".join(str(x).rjust(w) for x in r) for r in self.rows)
a = Matrix([[1, 2], [3, 4]])
b = Matrix([[0, 1], [1, 0]])
print(a * b)
print(a + b)
print(a * Matrix.identity(2) == a, a[1, 0], len(a), sum(a), max(a))
p = Matrix.identity(2)
fibm = Matrix([[1, 1], [1, 0]])
for _ in range(30):
    p = p * fibm
print(p[0, 1])
print(Matrix([[1, -20, 300], [4, 5, -6]]))
