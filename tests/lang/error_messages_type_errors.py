# CPython's exact TypeError messages for bad operand and object types
five, none, abc, pair, lst, st = 5, None, "abc", ("a", "b"), [1, 2], {1, 2}
cases = [
    lambda: five[0],
    lambda: none(),
    lambda: abc(),
    lambda: 1 + "a",
    lambda: "a" + 1,
    lambda: [1] + (2,),
    lambda: "a" * "b",
    lambda: -"x",
    lambda: None + 1,
    lambda: 1 < "a",
    lambda: [] > {},
    lambda: {[1]: 2},
    lambda: st[0],
    lambda: len(5),
    lambda: int(None),
    lambda: int([1]),
    lambda: float(None),
    lambda: abc[1.5],
    lambda: lst["x"],
    lambda: "x".join([1]),
    lambda: pair[None],
    lambda: {"a": 1} + {"b": 2},
    lambda: sorted(5),
    lambda: 3 % "x",
    lambda: ~1.5,
    lambda: "abc".upper(1),
    lambda: iter(None),
]
for c in cases:
    try:
        c()
        print("no error?")
    except TypeError as e:
        print(type(e).__name__ + ":", e)
def assign_to_str():
    s = "abc"
    s[0] = "x"
def del_from_tuple():
    t = (1,)
    del t[0]
for fn in [assign_to_str, del_from_tuple]:
    try:
        fn()
    except TypeError as e:
        print(type(e).__name__ + ":", e)
