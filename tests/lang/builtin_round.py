# round: banker's rounding, ndigits, negative ndigits, return types
print(round(0.5), round(1.5), round(2.5), round(3.5), round(-0.5), round(-1.5), round(-2.5))
print(round(2.675, 2), round(1.005, 2), round(3.14159, 3), round(2.5, 0), round(-2.5, 0))
print(round(1234.5678, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(15, -1), round(25, -1))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__, type(round(7)).__name__, type(round(7, 1)).__name__)
print(round(7), round(7, 2), round(0.1 + 0.2, 1), round(1e16), round(123.456, 1), round(-0.4))
print(round(5.55, 1), round(0.125, 2), round(0.375, 2), round(1 / 3, 5))
try:
    round(float("inf"))
except OverflowError as e:
    print(type(e).__name__, e)
try:
    round(float("nan"))
except ValueError as e:
    print(type(e).__name__, e)
