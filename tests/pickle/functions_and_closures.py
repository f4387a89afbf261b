# Functions travel by value: code, defaults, closures (shared cells stay
# shared), bound methods; builtins travel by name.
import pickle

def rt(v):
    return pickle.loads(pickle.dumps(v))

def make_counter(start):
    count = start
    def incr(by=1):
        nonlocal count
        count += by
        return count
    def get():
        return count
    return incr, get

incr, get = rt(make_counter(10))
incr()
incr(5)
print("shared cell", get())

square = rt(lambda x, *, power=2: x ** power)
print(square(3), square(3, power=3))

class Greeter:
    def __init__(self, name):
        self.name = name
    def hello(self, punct="!"):
        return "hello " + self.name + punct

m = rt(Greeter("ada").hello)
print(m(), m("?"))

print(rt(len) is len, rt(print) is print, rt(ValueError) is ValueError)
f = rt(sorted)
print(f([3, 1, 2]))

def outer():
    def inner():
        return "inner of " + outer.__name__
    return inner
print(rt(outer())())

import math
print(rt(math.sqrt)(16.0), rt(math) is math)

# expect: shared cell 16
# expect: 9 27
# expect: hello ada! hello ada?
# expect: True True True
# expect: [1, 2, 3]
# expect: inner of outer
# expect: 4.0 True
