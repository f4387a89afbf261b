# if / elif / else chains and pass
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    elif n < 100:
        pass
    else:
        return "large"
    return "medium"
for n in [-3, 0, 5, 50, 500]:
    print(n, classify(n))
if []:
    print("never")
elif {}:
    print("never")
else:
    print("empty containers are falsy")
x = 7
if x:
    if x > 5:
        print("nested > 5")
    else:
        print("nested <= 5")
if x == 7: print("one-line if")
if not x:
    print("no")
else:
    pass
print("done")
