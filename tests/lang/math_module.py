# math module functions and constants (libm-sensitive results are rounded)
import math
print(math.sqrt(16), math.sqrt(2), math.floor(3.7), math.floor(-3.2), math.ceil(3.2), math.ceil(-3.7))
print(type(math.floor(2.5)).__name__, math.floor(5), math.ceil(5))
print(math.pi, math.e, math.inf, -math.inf, math.nan)
print(math.isnan(math.nan), math.isnan(1.0), math.isinf(math.inf), math.isinf(-math.inf), math.isinf(1e308))
print(math.fabs(-2), math.fabs(3.5), math.pow(2, 10), math.pow(2, 0.5), math.pow(4, -1))
print(math.gcd(12, 18), math.gcd(0, 5), math.gcd(-4, 6), math.gcd(17, 5))
print(round(math.log(math.e), 12), round(math.log(100, 10), 12), round(math.log(8, 2), 12), math.log(1))
print(math.exp(0), round(math.exp(1), 12), round(math.exp(2), 10))
print(round(math.sin(0), 12), round(math.sin(math.pi / 2), 12), round(math.cos(0), 12), round(math.cos(math.pi), 12))
print(round(math.sin(math.pi / 6), 10), round(math.cos(math.pi / 3), 10))
print(math.sqrt(0.0), math.sqrt(1e100), math.floor(-0.5), math.ceil(-0.5))
for bad in [lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.log(-1)]:
    try:
        bad()
    except ValueError as e:
        print(type(e).__name__, e)
try:
    math.exp(1000)
except OverflowError as e:
    print(type(e).__name__, e)
try:
    math.floor(math.inf)
except OverflowError as e:
    print(type(e).__name__, e)
try:
    math.floor(math.nan)
except ValueError as e:
    print(type(e).__name__, e)
