# body of a def must be indented
def f():
return 1
print(f())
