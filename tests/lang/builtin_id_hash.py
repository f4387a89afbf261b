# id() and hash(): only compare, never print ids or string hashes
a = [1]
b = a
c = [1]
print(id(a) == id(b), id(a) == id(c), id(None) == id(None))
print(hash(1), hash(0), hash(-5), hash(True), hash(False), hash(1.0) == hash(1), hash(0.0) == hash(-0.0))
print(hash(2.5) == hash(2.5), hash(10 ** 6), hash(-7) == hash(-7.0))
print(hash("abc") == hash("ab" + "c"), hash((1, "x")) == hash((1, "x")), hash(None) == hash(None))
for bad in [[1], {"a": 1}, {1}]:
    try:
        hash(bad)
    except TypeError as e:
        print(type(e).__name__, e)
class Obj:
    pass
o = Obj()
print(hash(o) == hash(o), id(o) == id(o))
ids = {id(x) for x in [a, b, c]}
print(len(ids))
