# unexpected indent
print("never runs")
    x = 1
print(x)
