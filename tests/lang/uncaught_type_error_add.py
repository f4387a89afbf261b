# uncaught TypeError: int + str
total = 0
for item in [1, 2, "3"]:
    print("adding", repr(item))
    total = total + item
print(total)
