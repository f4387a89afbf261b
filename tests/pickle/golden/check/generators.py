# generators.json: src/g_generators.py: suspended, fresh, finished,
# try/finally, yield from, send() and generator-expression generators.
import pickle, sys
v = pickle.loads(open(sys.path[0] + "/../generators.json").read())
print(list(v["mid"]), list(v["fresh"]), list(v["done"]))
g, log = v["guarded"], v["log"]
print(next(g), log)
print(list(g), log)
d = v["delegating"]
print(list(d))
e = v["echo"]
print(e.send("world"), e.send("!"))
print(list(v["genexpr"]))
print(v["mid"].__name__, v["fresh"].__qualname__)

# expect: [3, 6, 10] [0, 1, 3] []
# expect: b []
# expect: [] ['finally ran']
# expect: [2, 'after']
# expect: ['hello', 'world', '!'] ['hello', 'world', '!']
# expect: [4, 9, 16]
# expect: counter make.<locals>.counter
