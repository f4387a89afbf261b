# with statement: __enter__ return value, __exit__ always runs, nesting order
class Managed:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type is None)
        return False
with Managed("a") as v:
    print("body", v)
with Managed("outer") as o, Managed("inner") as i:
    print("both", o, i)
with Managed("no-as"):
    print("no as")
def early_return():
    with Managed("ret"):
        return "returned"
print(early_return())
for n in range(3):
    with Managed("loop%d" % n):
        if n == 1:
            break
try:
    with Managed("err"):
        raise ValueError("boom")
except ValueError as e:
    print("caught outside", e)
class Resource:
    def __enter__(self):
        return self
    def __exit__(self, *args):
        print("released", len(args))
with Resource() as r:
    print(type(r).__name__)
