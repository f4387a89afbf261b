# keyword-only parameters after * and *args
def connect(host, *, port=80, secure=False):
    return "%s:%d secure=%s" % (host, port, secure)
print(connect("a"))
print(connect("b", port=443, secure=True))
print(connect(secure=True, host="c"))
def tagged(*items, sep="-", required):
    return sep.join(items) + "|" + required
print(tagged("x", "y", required="r"))
print(tagged(required="only"))
print(tagged("p", "q", sep="+", required="!"))
try:
    connect("a", 8080)
except TypeError as e:
    print(type(e).__name__, e)
try:
    tagged("x")
except TypeError as e:
    print(type(e).__name__, e)
def kwonly_no_default(*, a, b):
    return a - b
print(kwonly_no_default(b=1, a=10))
try:
    kwonly_no_default(1, 2)
except TypeError as e:
    print(type(e).__name__, e)
