# dict keys/values/items views: printing, iteration, liveness
d = {"a": 1, "b": 2}
print(d.keys(), d.values(), d.items())
ks = d.keys()
d["c"] = 3
print(ks, len(ks), "c" in ks, list(ks))
for k in d:
    print("key", k)
for v in d.values():
    print("value", v)
for k, v in d.items():
    print("item", k, v)
print(sorted(d.values(), reverse=True), list(d.items())[0], list(reversed(list(d))))
print(dict.fromkeys([]).keys(), {}.items())
print(("a", 1) in d.items(), 2 in d.values())
try:
    for k in d:
        d["new" + k] = 0
except RuntimeError as e:
    print(type(e).__name__, e)
