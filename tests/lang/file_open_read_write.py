# open(): write, read, readline, readlines, iteration, append, with
name = "_tmp_open_rw.txt"
with open(name, "w") as f:
    n = f.write("first line\n")
    f.write("second line\n")
    f.write("third")
print("wrote", n)
with open(name) as f:
    print(repr(f.read()))
with open(name, "r") as f:
    print(repr(f.readline()))
    print(repr(f.readline()))
    print(repr(f.readline()))
    print(repr(f.readline()))
with open(name) as f:
    for i, line in enumerate(f):
        print(i, repr(line), repr(line.rstrip("\n")))
with open(name, "a") as f:
    f.write("\nappended\n")
with open(name) as f:
    lines = f.readlines()
print(lines, len(lines))
f = open(name, "w")
f.write("overwritten\n")
f.close()
f = open(name)
print(repr(f.read()), repr(f.read()))
f.close()
with open(name, "w") as f:
    for i in range(3):
        f.write("row %d\n" % i)
with open(name) as f:
    print([l.split()[1] for l in f])
