# shared_cycles.json: src/g_shared_cycles.py: identity and cycles survive.
import pickle, sys
v = pickle.loads(open(sys.path[0] + "/../shared_cycles.json").read())
s = v["shared"]
print(s[0] is s[1], s[2][0] is s[0], s == [[1, 2], [1, 2], ([1, 2],)])
s[0].append(3)
print(s[1], s[2])
sr = v["selfref"]
print(len(sr), sr[0], sr[1] is sr, sr[1][1][1][0])
d = v["d"]
print(d["k"], d["me"] is d, list(d))
a = v["ring"]
print(type(a).__name__, a.name, a.next.name, a.next.next is a, type(a.next) is type(a))
t = v["tuple_cycle"]
print(type(t).__name__, t[1], t[0][0] is t)
# Cycles are not collected: break them so the process ends leak-free.
sr.clear()
d.clear()
a.next = None
t[0].clear()

# expect: True True True
# expect: [1, 2, 3] ([1, 2, 3],)
# expect: 2 head True head
# expect: 1 True ['k', 'me']
# expect: Node a b True True
# expect: tuple t True
