# modules.json: src/g_modules.py: built-in modules, their members and
# builtins travel by name and come back as the very same objects; a script
# module that is not loaded here comes back as an empty module of its name.
import pickle, sys, math, stackless
v = pickle.loads(open(sys.path[0] + "/../modules.json").read())
print(v[0] is math, v[1] is sys, v[2] is stackless, v[3] is math.sqrt, v[4] == math.pi)
print(v[5] is len, v[6] is print, v[7] is sorted, v[8] is int, v[9] is dict, v[10] is ValueError)
print(v[11] is StopIteration, v[12] is stackless.channel, type(v[13]).__name__, v[13].__name__)
print(sys.modules["g_modules"] is v[13])

# expect: True True True True True
# expect: True True True True True True
# expect: True True module g_modules
# expect: True
