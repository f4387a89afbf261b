# f-string format specs: width, alignment, fill, precision, types, nested specs
x = 3.14159
n = 255
s = "hi"
print(f"[{s:>10}] [{s:<10}] [{s:^10}] [{s:*^9}] [{s:10}] [{n:10}]")
print(f"[{x:08.3f}] [{x:.2f}] [{x:10.4f}] [{-x:+.1f}] [{x:+.1f}] [{x: .2f}] [{x:.0f}]")
print(f"{n:x} {n:X} {n:o} {n:b} {n:#x} {n:#o} {n:#b} {n:08b} {-n:x}")
print(f"{1234567:,} {1234567.891:,.2f} {1234567:_} {-1234:,} {1234567:>12,}")
print(f"{0.5:%} {0.125:.1%} {1e-7:e} {12345.678:.3e} {12345.678:E} {0.00001234:g} {1234567.0:g} {100.0:g}")
width, prec = 12, 3
print(f"[{x:{width}.{prec}f}] [{s:>{width}}] [{n:{'^'}{width}}] [{x:{'<'}{width}.{prec}}]")
print(f"[{42:05d}] [{-42:05d}] [{42:<5d}|] [{42:^7}] [{'x':=>4}] [{7:=+5}]")
print(f"[{True:>6}] [{None!s:>6}] [{[1, 2]!s:>8}] [{3:.2f}] [{2.5:.0f}] [{3.5:.0f}]")
print(f"{1e16:.1f} {1/3:.10f} {2/3:.3} {100:.2e} {123.456:.1g} {0.0:.3f} {-0.0:.1f}")
print(f"{'日本':>5}|{'é':*<3}|{12:>{width - 8}}|")
for name, qty, price in [("apple", 3, 0.5), ("kiwi", 12, 0.25), ("melon", 1, 3.0)]:
    print(f"{name:<8}{qty:>4}{price:>8.2f}{qty * price:>8.2f}")
