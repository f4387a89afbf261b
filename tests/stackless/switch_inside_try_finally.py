import stackless

def f(name):
    try:
        try:
            print(name, "try")
            stackless.schedule()
            if name == "b":
                raise ValueError(name)
            print(name, "after schedule")
        finally:
            print(name, "finally")
            stackless.schedule()
            print(name, "finally resumed")
    except ValueError as e:
        print(name, "caught", e)

stackless.tasklet(f)("a")
stackless.tasklet(f)("b")
stackless.run()

# expect: a try
# expect: b try
# expect: a after schedule
# expect: a finally
# expect: b finally
# expect: a finally resumed
# expect: b finally resumed
# expect: b caught b
