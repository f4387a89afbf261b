# lambdas: defaults, closures, immediately called, in sort keys
sq = lambda x: x * x
add = lambda a, b=10: a + b
print(sq(7), add(1), add(1, 2), (lambda: "nullary")(), (lambda *a, **k: (a, k))(1, 2, z=3))
print(sorted([(1, "b"), (2, "a"), (0, "c")], key=lambda p: p[1]))
print(list(map(lambda x: x + 1, [1, 2, 3])), list(filter(lambda x: x % 2, range(8))))
compose = lambda f, g: lambda x: f(g(x))
inc_then_sq = compose(sq, lambda x: x + 1)
print(inc_then_sq(4))
make_adders = [lambda x, n=n: x + n for n in range(3)]
print([f(10) for f in make_adders])
fact = lambda n: 1 if n <= 1 else n * fact(n - 1)
print(fact(10))
print((lambda x, y, *, z: x + y + z)(1, 2, z=3))
