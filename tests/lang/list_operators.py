# list operators: + * comparison, membership, nested lists and aliasing
a = [1, 2]
b = a + [3]
print(a, b, a * 3, 2 * [0], [] * 5, [None] * 0)
print([1, 2, 3] < [1, 2, 4], [1, 2] < [1, 2, 0], [2] > [1, 9, 9], [1, 2] == [1, 2], [1] != [1.0])
print([1, [2, 3]] == [1, [2, 3]], [[]] * 2, [] < [0], [3] <= [3], ["a"] >= ["b"])
grid = [[0] * 3 for _ in range(2)]
grid[0][1] = 5
print(grid)
alias = [[0] * 3] * 2
alias[0][1] = 5
print(alias, alias[0] is alias[1])
c = a
c += [9]
print(a, c is a)
d = a
d = d + [10]
print(a, d, d is a)
print(3 in [1, 2, 3], [2] in [[1], [2]], 4 not in [1, 2])
print(len([[1, 2], [3]]), sum([[1], [2, 3]], []), list(range(5)) [::-1])
print(max([[1, 2], [1, 3], [0, 9]]), sorted([[2, 1], [1, 2], [1]]))
x = [1, 2, 3]
x *= 2
print(x)
try:
    [1] < ["a"]
except TypeError as e:
    print(type(e).__name__, e)
