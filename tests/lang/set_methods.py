# set mutation methods
s = set()
s.add(1); s.add(1); s.add("x")
print(len(s), 1 in s, "x" in s)
s.discard("x"); s.discard("not there")
print(s)
s.remove(1)
print(s, len(s))
try:
    s.remove(42)
except KeyError as e:
    print(type(e).__name__, e)
s.update([3, 1, 2], (2, 4))
print(sorted(s))
print(s.pop() in {1, 2, 3, 4}, len(s))
s.clear()
print(s, bool(s))
seen = set()
out = []
for x in [3, 1, 3, 2, 1, 5]:
    if x not in seen:
        seen.add(x)
        out.append(x)
print(out, sorted(seen))
t = {(1, 2), (1, 2), (2, 1)}
print(len(t), (2, 1) in t)
try:
    set().pop()
except KeyError as e:
    print(type(e).__name__, e)
