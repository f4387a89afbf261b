# conditional expressions, nested, lazily evaluated
def side(v):
    print("side", v)
    return v
for n in [-5, 0, 7]:
    print(n, "neg" if n < 0 else "zero" if n == 0 else "pos")
print(side(1) if True else side(2))
print(side(1) if False else side(2))
x = 3
print([("even" if i % 2 == 0 else "odd") for i in range(x)])
y = (lambda v: v * 2) if x > 2 else (lambda v: v)
print(y(10))
print(abs(-4) if x else None, (1 if x else 2) + 10, "a" + ("b" if not x else "c"))
