# The key function runs even when there is nothing to compare.
l = [1]
l.sort(key=print)
print(sorted([2], key=print))
print(sorted([], key=print))
try:
    sorted([1], key=lambda x: 1 / 0)
except ZeroDivisionError as e:
    print("raised", e)
