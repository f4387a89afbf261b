# containers.json: src/g_containers.py's dict of containers.
import pickle, sys
v = pickle.loads(open(sys.path[0] + "/../containers.json").read())
expected = {
    "list": [1, [2, [3, []]], "x"],
    "tuple": (1, (2, (3, ())), ("one",)),
    "dict": {"b": 1, "a": 2, 3: "three", None: [], (1, 2): "pair", frozenset({7}): "frozen", 2.5: True},
    "set": {3, 1, 2, "s", (4, 5)},
    "frozenset": frozenset({frozenset({1}), frozenset(), "f"}),
    "empty": ([], (), {}, set(), frozenset()),
    "range": range(2, 20, 3),
    "slice": slice(1, None, -1),
}
print(v == expected)
print(list(v))
print(list(v["dict"].items()))
print([type(x).__name__ for x in v["empty"]], [type(x).__name__ for x in v.values()])
print(list(v["set"]), v["dict"][(1, 2)], v["dict"][frozenset([7])])
print(list(v["range"]), v["slice"], [0, 1, 2][v["slice"]])

# expect: True
# expect: ['list', 'tuple', 'dict', 'set', 'frozenset', 'empty', 'range', 'slice']
# expect: [('b', 1), ('a', 2), (3, 'three'), (None, []), ((1, 2), 'pair'), (frozenset({7}), 'frozen'), (2.5, True)]
# expect: ['list', 'tuple', 'dict', 'set', 'frozenset'] ['list', 'tuple', 'dict', 'set', 'frozenset', 'tuple', 'range', 'slice']
# expect: [3, 1, 2, 's', (4, 5)] pair frozen
# expect: [2, 5, 8, 11, 14, 17] slice(1, None, -1) [1, 0]
