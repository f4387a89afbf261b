# global declarations
counter = 0
def bump():
    global counter
    counter += 1
    return counter
bump(); bump()
print(counter, bump())
def create():
    global created_later
    created_later = "made in function"
create()
print(created_later)
x = "module"
def shadow():
    x = "local"
    return x
print(shadow(), x)
def read_only():
    return x + "!"
print(read_only())
def nested_global():
    def inner():
        global counter
        counter = 100
    inner()
nested_global()
print(counter)
