import stackless

class Ctx:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print(self.name, "enter")
        stackless.schedule()
        return self
    def __exit__(self, typ, val, tb):
        print(self.name, "exit", typ.__name__ if typ else None)
        stackless.schedule()
        print(self.name, "exit resumed")
        return True

def f(name):
    with Ctx(name):
        print(name, "body")
        stackless.schedule()
        if name == "b":
            raise KeyError(name)
    print(name, "after with")

stackless.tasklet(f)("a")
stackless.tasklet(f)("b")
stackless.run()

# expect: a enter
# expect: b enter
# expect: a body
# expect: b body
# expect: a exit None
# expect: b exit KeyError
# expect: a exit resumed
# expect: a after with
# expect: b exit resumed
# expect: b after with
