# chained comparisons evaluate each operand once and short-circuit
def v(x):
    print("eval", x)
    return x
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1, 1 == 1 == 1, 1 == 1 != 2)
print(1 < 2 > 0, 5 >= 5 <= 6, 0 < 0.5 < 1 < 2.5 < 3)
x = 5
print(0 <= x < 10, 0 <= x < 5, x in [5] in [[5]], 1 < x is not None)
print(v(1) < v(2) < v(3))
print(v(3) < v(2) < v(1))
print(v(1) == v(1) < v(0) < v(10))
letters = "b"
print("a" < letters < "c", "a" <= "a" < "b", (1, 2) < (1, 3) <= (1, 3))
print([n for n in range(20) if 3 < n < 8 or 15 <= n < 17])
