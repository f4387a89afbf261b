# starred assignment targets and starred expressions in displays
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abcd"
print(init, last)
a, *mid, z = range(6)
print(a, mid, z)
x, *empty, y = 1, 2
print(x, empty, y)
(p, *q), r = "hey", 0
print(p, q, r)
for head, *tail in [(1, 2, 3), (4,)]:
    print(head, tail)
print([*range(3), *"ab", 9], (*[1], *(2, 3)), {*[1, 1, 2]} == {1, 2})
print({**{"a": 1}, **{"b": 2}})
*all_of_it, = (5, 6)
print(all_of_it)
