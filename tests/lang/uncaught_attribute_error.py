# uncaught AttributeError on a user instance
class Foo:
    def __init__(self):
        self.value = 1
f = Foo()
print(f.value)
print(f.bar)
