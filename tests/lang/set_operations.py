# set operations (printed sorted, or with at most one element)
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(b - a), sorted(a ^ b))
print(sorted(a.union(b, [9])), sorted(a.intersection([2, 3, 7])), sorted(a.difference({1})), sorted(a.symmetric_difference(b)))
print({1, 2}.issubset(a), a.issubset({1}), {1, 2} <= a, {1, 2} < {1, 2}, a >= b)
print(not ({1, 2} & {3}), 3 in a, 9 in a, 9 not in a, len(a | b))
print(set(), {7}, set([1, 1, 1]), len(set("mississippi")), sorted(set("mississippi")))
print({1, 2} == {2, 1}, {1} != {1, 2}, set([3]) == {3.0})
print(sorted({x % 3 for x in range(10)}), set() == set(), {()} == {()})
c = a.copy()
c |= {10}
c &= {1, 10, 2}
c -= {2}
print(sorted(c), sorted(a))
try:
    {[1, 2]}
except TypeError as e:
    print(type(e).__name__, e)
