# printf-style % formatting
print("%d items" % 5)
print("%s and %s" % ("this", "that"))
print("%r %r %s" % ("q", 1.5, None))
print("[%5.2f] [%.3f] [%f] [%10.1f] [%-10.1f]" % (3.14159, 2.0, 1.5, -0.25, 9.99))
print("%x %X %o %#x %#o %08x" % (255, 255, 8, 255, 8, 48879))
print("[%-5s] [%5s] [%-5d] [%5d] [%05d] [%+d]" % ("ab", "ab", 42, 42, 42, 42))
print("100%% sure, %d%%" % 50)
print("%(name)s is %(age)d; %(name)r" % {"name": "Bob", "age": 7})
print("%s" % [1, 2], "%s" % (["in tuple"],), "%s" % {"a": 1})
print("%c%c %i" % (72, "i", 3))
print("%e %g %g %G" % (12345.6789, 0.0001, 1e-5, 1e20))
print("%.2s|%5.1s|" % ("abcdef", "xyz"))
print("%s" % "日本", "%3s|" % "é", "%d" % 3.99, "%s" % 3.0)
try:
    "%d %d" % (1,)
except TypeError as e:
    print(type(e).__name__, e)
try:
    "%d" % (1, 2)
except TypeError as e:
    print(type(e).__name__, e)
try:
    "%d" % "x"
except TypeError as e:
    print(type(e).__name__, e)
