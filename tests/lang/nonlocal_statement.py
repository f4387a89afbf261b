# nonlocal rebinding in enclosing function scopes
def outer():
    x = 1
    def inner():
        nonlocal x
        x += 1
        return x
    inner(); inner()
    return x
print(outer())
def make_account(balance):
    def deposit(amount):
        nonlocal balance
        balance += amount
        return balance
    def withdraw(amount):
        nonlocal balance
        if amount > balance:
            return "insufficient"
        balance -= amount
        return balance
    return deposit, withdraw
dep, wd = make_account(100)
print(dep(50), wd(30), wd(500), dep(0))
def three_levels():
    v = "a"
    def middle():
        def innermost():
            nonlocal v
            v += "c"
        nonlocal v
        v += "b"
        innermost()
    middle()
    return v
print(three_levels())
def no_nonlocal():
    y = 1
    def inner():
        y = 2
        return y
    return inner(), y
print(no_nonlocal())
