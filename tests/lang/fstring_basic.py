# f-strings: expressions, conversions, braces, nesting quotes
name = "Wörld"
n = 42
items = [1, 2]
print(f"Hello, {name}!")
print(f"{n} {n + 1} {n * 2} {n // 5} {n / 8} {-n}")
print(f"{name!r} {name!s} {items!r} {'x'!r} {3.5!s}")
print(f"{{literal}} {{{n}}} {'{'}")
print(f"{items[0]} {items} {len(items)} {dict(a=1)['a']} {'yes' if n else 'no'}")
print(f"{n}{n}", f"{name}"f"{n}", f"{n:}" + f"{name:}")
class P:
    def __init__(self):
        self.x = 3
    def __str__(self):
        return "P-str"
    def __repr__(self):
        return "P-repr"
p = P()
print(f"{p} {p!r} {p!s} {p.x}")
print(f"{'multi' + 'ple'} {[c for c in 'ab']} {(lambda: 'lam')()}")
print(f"" + f"{''}" + "end")
print(f"tab\t{n}\\n")
print(f"""triple {n}
line2""")
print(F"{True} {None} {1e16} {0.1}")
