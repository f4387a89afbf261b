# A chain of wrapping iterators far deeper than the C stack allows: next()
# raises RecursionError (as a deep call chain does) instead of crashing,
# whether the script built it or a pickle did.
import pickle

it = iter([1, 2, 3])
for _ in range(200000):
    it = enumerate(it)
try:
    next(it)
except RecursionError as e:
    print("RecursionError:", e)

# The pickler and the loader walk such chains without recursing, and a
# pickling error's path is spelled out only when it is needed.
it = iter([7])
for _ in range(500):
    it = enumerate(it)
v = next(pickle.loads(pickle.dumps(it)))
depth = 0
while type(v) is tuple:
    v = v[1]
    depth += 1
print(depth, v)

shallow = map(str, enumerate(zip("ab", filter(None, [0, 5, 6]))))
print(list(pickle.loads(pickle.dumps(shallow))))

# expect: RecursionError: maximum recursion depth exceeded
# expect: 500 7
# expect: ["(0, ('a', 5))", "(1, ('b', 6))"]
