# assigning anywhere in a function makes the name local for the whole body
x = "global"
def reads_then_assigns():
    print(x)
    x = "local"
def conditional_assign(flag):
    if flag:
        y = 1
    return y
def del_then_read():
    z = 1
    del z
    return z
for fn, arg in [(reads_then_assigns, None), (conditional_assign, False), (del_then_read, None)]:
    try:
        fn(arg) if arg is not None else fn()
    except NameError as e:
        print(type(e).__name__, "|", e, "|", isinstance(e, NameError))
print(conditional_assign(True), x)
print(issubclass(UnboundLocalError, NameError))
