# integer vs float division by zero messages
cases = [
    ("1 / 0", lambda: 1 / 0),
    ("1 // 0", lambda: 1 // 0),
    ("1 % 0", lambda: 1 % 0),
    ("1.0 / 0", lambda: 1.0 / 0),
    ("1 / 0.0", lambda: 1 / 0.0),
    ("1.0 // 0.0", lambda: 1.0 // 0.0),
    ("1.0 % 0", lambda: 1.0 % 0),
    ("divmod(5, 0)", lambda: divmod(5, 0)),
    ("divmod(5.0, 0)", lambda: divmod(5.0, 0)),
    ("0 ** -1", lambda: 0 ** -1),
    ("0.0 ** -1", lambda: 0.0 ** -1),
    ("x /= 0", None),
]
for label, fn in cases:
    try:
        if fn is None:
            x = 10
            x /= 0
        else:
            fn()
    except ZeroDivisionError as e:
        print(label, "->", type(e).__name__ + ":", e, isinstance(e, ArithmeticError))
print(0 / 1, -0.0 / 1, 0 // 5, 0 % 5)
