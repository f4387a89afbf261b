# uncaught ZeroDivisionError: stdout so far, traceback on stderr, exit 1
def ratio(a, b):
    return a // b
print("before")
print(ratio(10, 3))
print(ratio(1, 0))
print("never printed")
