# sys.exc_info() is per generator: yielding inside an except block does not
# leak the generator's exception into its caller, and it comes back on resume.
import sys

def gen():
    try:
        raise ValueError("inside")
    except ValueError:
        yield sys.exc_info()[0].__name__
        yield repr(sys.exc_info()[1])
    yield sys.exc_info()[0]

g = gen()
print(next(g))
print(sys.exc_info())
try:
    raise KeyError("outer")
except KeyError:
    print(next(g))
    print(sys.exc_info()[0].__name__)
print(next(g))
print(sys.exc_info())

def plain():
    yield sys.exc_info()[0]
try:
    raise IndexError
except IndexError:
    print(next(plain()).__name__)
