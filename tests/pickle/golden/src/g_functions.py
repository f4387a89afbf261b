# Functions by value: defaults, keyword-only defaults, *args/**kwargs,
# closures whose cells are shared between functions, an empty cell (a
# variable not yet assigned), nested closures, a lambda, function
# attributes. (A recursive closure is a reference cycle, which tests under
# LeakSanitizer could not break: cells have no writable cell_contents.)
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
    def fact(n, step):
        return 1 if n <= 1 else n * step(n - 1, step)
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
