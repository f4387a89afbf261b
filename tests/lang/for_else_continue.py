# for loops: else, break, continue, nested loops, loop variable after loop
for i in range(3):
    print("i", i)
else:
    print("else after", i)
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, "is prime")
for ch in "a1b2c3":
    if ch.isdigit():
        continue
    print("letter", ch)
for x in []:
    print("never")
else:
    print("empty loop else")
for i in range(10):
    if i == 4:
        break
else:
    print("not printed")
print("i after break", i)
for i, j in zip(range(3), range(10, 13)):
    print(i + j, end=" ")
print()
for key in {"b": 1, "a": 2}:
    print(key, end=";")
print()
for i in range(10, 0, -3):
    print(i, end=" ")
print()
total = 0
for row in [[1, 2], [3], []]:
    for v in row:
        total += v
print(total)
lst = [1, 2, 3]
for v in lst:
    if v == 1:
        lst.append(4)
print(lst)
