# container protocol: __len__ __bool__ __getitem__ __setitem__ __delitem__ __contains__
class Bag:
    def __init__(self):
        self.data = {}
    def __len__(self):
        return len(self.data)
    def __getitem__(self, k):
        print("get", k)
        return self.data[k]
    def __setitem__(self, k, v):
        print("set", k, v)
        self.data[k] = v
    def __delitem__(self, k):
        print("del", k)
        del self.data[k]
    def __contains__(self, k):
        return k in self.data
b = Bag()
print(len(b), bool(b))
b["x"] = 1
b[2] = "two"
b["x"] += 10
print(b["x"], len(b), "x" in b, "y" in b, 2 not in b, bool(b))
del b["x"]
print(len(b))
try:
    b["missing"]
except KeyError as e:
    print(type(e).__name__, e)
class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * i
print(list(Seq()), 9 in Seq(), 5 in Seq(), [x for x in Seq()])
class Truthy:
    def __init__(self, v):
        self.v = v
    def __bool__(self):
        return self.v > 0
print(bool(Truthy(1)), bool(Truthy(-1)), "yes" if Truthy(0) else "no", not Truthy(2))
class LenOnly:
    def __len__(self):
        return 0
print(bool(LenOnly()), "empty" if not LenOnly() else "full")
class SliceAware:
    def __getitem__(self, key):
        if isinstance(key, slice):
            return ("slice", key.start, key.stop, key.step)
        return ("index", key)
s = SliceAware()
print(s[1], s[1:5], s[::2], s[-1])
