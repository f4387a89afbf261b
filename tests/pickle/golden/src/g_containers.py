# Containers: list, tuple, dict (insertion order, tuple and frozenset keys),
# set, frozenset, empty ones, nesting.
def make():
    return {
        "list": [1, [2, [3, []]], "x"],
        "tuple": (1, (2, (3, ())), ("one",)),
        "dict": {"b": 1, "a": 2, 3: "three", None: [], (1, 2): "pair", frozenset({7}): "frozen", 2.5: True},
        "set": {3, 1, 2, "s", (4, 5)},
        "frozenset": frozenset({frozenset({1}), frozenset(), "f"}),
        "empty": ([], (), {}, set(), frozenset()),
        "range": range(2, 20, 3),
        "slice": slice(1, None, -1),
    }
