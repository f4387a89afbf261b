# dict preserves insertion order; reassign keeps position; del+reinsert moves to end
d = {}
for k in ["zeta", "alpha", "mid", "beta"]:
    d[k] = len(k)
print(d)
d["alpha"] = 100
print(list(d))
del d["zeta"]
d["zeta"] = 0
print(d)
print(list(d.keys())[0], list(d.values())[-1])
e = {3: "c", 1: "a", 2: "b"}
print(e, sorted(e), list(e))
big = {i * 7 % 20: i for i in range(20)}
print(list(big)[:10])
print(list({n: None for n in [5, 3, 5, 1, 3]}))
