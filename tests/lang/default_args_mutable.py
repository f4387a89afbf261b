# defaults are evaluated once: the mutable default gotcha
def append_to(item, bucket=[]):
    bucket.append(item)
    return bucket
print(append_to(1))
print(append_to(2))
print(append_to(3, []))
print(append_to(4))
def safe_append(item, bucket=None):
    if bucket is None:
        bucket = []
    bucket.append(item)
    return bucket
print(safe_append(1), safe_append(2))
counter = 10
def uses_default(x=counter):
    return x
counter = 20
print(uses_default(), counter)
def memo(n, cache={}):
    if n in cache:
        return cache[n]
    print("computing", n)
    cache[n] = n * n
    return cache[n]
print(memo(3), memo(3), memo(4), memo(3))
def defaults(a, b=2, c="three", d=None, e=(1, 2)):
    return a, b, c, d, e
print(defaults(0), defaults(0, c="C"))
print(append_to(5, bucket=[0]), append_to(6))
