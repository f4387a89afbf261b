# type() and isinstance() including tuples of types and subclasses
class A:
    pass
class B(A):
    pass
vals = [1, 1.5, "s", [1], (1,), {"a": 1}, {1}, None, True, A(), B(), range(3)]
for v in vals:
    print(type(v).__name__, end=" ")
print()
print(type(1) is int, type(True) is bool, type(True) == int, type(B()) is A)
print(isinstance(1, int), isinstance(True, int), isinstance(1, float), isinstance(1.0, (int, float)))
print(isinstance("x", (list, tuple)), isinstance([], (list, tuple)), isinstance(B(), A), isinstance(A(), B))
print(isinstance(None, type(None)), isinstance(3, (str, (float, int))), isinstance(A, type), isinstance(int, type))
print(type(type(1)).__name__, type(A).__name__, type(int).__name__, type(B()).__name__)
print(type(3)("42") + 1, type("")(5), type([])("ab"))
print(issubclass(bool, (str, int)), issubclass(B, (A,)), issubclass(A, B))
try:
    isinstance(1, "int")
except TypeError as e:
    print(type(e).__name__, e)
print(type(1) == type(2), type(1) != type(1.0), int.__name__, str.__name__, type(None).__name__)
