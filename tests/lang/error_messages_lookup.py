# CPython's exact IndexError / KeyError messages
cases = [
    lambda: [1, 2, 3][3],
    lambda: [][0],
    lambda: [1][-2],
    lambda: (1, 2)[5],
    lambda: "abc"[3],
    lambda: ""[0],
    lambda: "日本"[2],
    lambda: [].pop(),
    lambda: [1].pop(3),
    lambda: {"a": 1}["b"],
    lambda: {1: "x"}[2],
    lambda: {(1, 2): 0}[(2, 1)],
    lambda: {}.pop("k"),
    lambda: set().remove(3),
    lambda: {"a": 1}[None],
]
for c in cases:
    try:
        c()
        print("no error?")
    except LookupError as e:
        print(type(e).__name__ + ":", e, "| repr:", repr(e))
def store():
    lst = [1, 2]
    lst[2] = 3
try:
    store()
except IndexError as e:
    print(type(e).__name__ + ":", e)
