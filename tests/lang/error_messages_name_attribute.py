# NameError and AttributeError messages
def uses_undefined():
    return undefined_name + 1
try:
    uses_undefined()
except NameError as e:
    print(type(e).__name__ + ":", e)
try:
    print(also_missing)
except NameError as e:
    print(type(e).__name__ + ":", e)
class Foo:
    cls_attr = 1
    def __init__(self):
        self.x = 1
for obj, attr in [(Foo(), "bar"), (Foo, "baz"), (5, "foo"), ("s", "append"), ([], "add"), ({}, "push"), (None, "x"), ((1,), "append")]:
    try:
        getattr(obj, attr)
    except AttributeError as e:
        print(type(e).__name__ + ":", e)
try:
    Foo().x.y
except AttributeError as e:
    print(type(e).__name__ + ":", e)
try:
    [].no_such_method()
except AttributeError as e:
    print(type(e).__name__ + ":", e)
