# while loops with else, break, continue
n = 0
while n < 5:
    n += 1
    if n == 2:
        continue
    print("n", n)
else:
    print("while finished normally")
i = 0
while True:
    i += 1
    if i > 3:
        break
print("broke at", i)
k = 10
while k > 0:
    if k == 7:
        print("found 7")
        break
    k -= 1
else:
    print("not reached")
m = 0
while m < 0:
    print("body never runs")
else:
    print("else runs on zero iterations")
a, b = 0, 1
fibs = []
while len(fibs) < 12:
    fibs.append(a)
    a, b = b, a + b
print(fibs)
def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps
print([collatz(x) for x in range(1, 12)])
