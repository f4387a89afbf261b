# and/or return operands and short-circuit
def t(label, value):
    print("called", label)
    return value
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, "" or "default", None or 0, [] and "x")
print(None and t("never", 1))
print(True or t("never", 1))
print(t("a", 0) or t("b", "") or t("c", "last"))
print(t("a", 1) and t("b", 2) and t("c", 0) and t("d", 4))
print(not 0, not "x", not [], not not [1])
name = None
print(name or "anonymous", (name and name.upper()))
x = 5
print(x > 3 and "big" or "small", x > 10 and "big" or "small")
d = {}
print("k" in d and d["k"])
print(0 or 0.0 or "" or [] or {} or None)
print(1 and [1] and (1,) and {"a": 1})
