# dict methods
d = {"a": 1, "b": 2}
print(d.get("a"), d.get("z"), d.get("z", 0), d["b"], len(d))
print(d.setdefault("c", 3), d.setdefault("a", 100), d)
print(d.pop("a"), d.pop("zz", "dflt"), d)
d["x"] = 9
print(d.popitem(), d)
d.update({"b": 20, "e": 5}); print(d)
d.update(f=6, g=7); print(d)
d.update([("h", 8)]); print(d)
e = d.copy(); e["b"] = -1; print(d["b"], e["b"], e is d)
print("b" in d, "z" in d, "z" not in d, 20 in d)
e.clear(); print(e, len(e))
print(dict.fromkeys(["x", "y"]), dict.fromkeys("ab", 0))
print(dict(zip(["k1", "k2"], [1, 2])), dict(a=1, b=2), dict([("p", 1)], q=2), dict({"m": 1}))
print({k: v * 2 for k, v in {"a": 1, "b": 2}.items()})
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
groups = {}
for w in ["apple", "avocado", "banana", "blueberry", "cherry"]:
    groups.setdefault(w[0], []).append(w)
print(groups)
d2 = {1: "int", 1.0: "float?", True: "bool?"}
print(d2)
for bad in [lambda: d.pop("nope"), lambda: {}.popitem(), lambda: d["missing"]]:
    try:
        bad()
    except KeyError as exc:
        print(type(exc).__name__, exc)
print({"a": 1} == {"a": 1}, {"a": 1, "b": 2} == {"b": 2, "a": 1}, {} != {"a": None})
print({**{"a": 1}, "b": 2, **{"a": 3}})
