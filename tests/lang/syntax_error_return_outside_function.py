# return at module level
print("never runs")
return 5
