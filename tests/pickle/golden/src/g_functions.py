# Functions by value: defaults, keyword-only defaults, *args/**kwargs,
# closures whose cells are shared between functions, an empty cell (a
# variable not yet assigned), nested closures, a lambda, a recursive closure,
# function attributes.
def make():
    def counter(start):
        count = start
        def incr(by=1):
            nonlocal count
            count += by
            return count
        def get():
            return count
        return incr, get
    incr, get = counter(10)
    incr(5)
    def later():
        def read():
            return value
        cell_reader = read
        value = None
        del value
        return cell_reader
    def fact(n):
        return 1 if n <= 1 else n * fact(n - 1)
    def adder(a, b=2, *rest, scale=1, **named):
        return (a + b + sum(rest)) * scale + len(named)
    adder.tag = "attr"
    def outer(x):
        def middle(y):
            def inner(z):
                return x + y + z
            return inner
        return middle
    return {"incr": incr, "get": get, "unbound": later(), "fact": fact, "adder": adder,
            "inner": outer(100)(20), "power": lambda x, *, p=2: x ** p}
