# unterminated string literal
print("start")
s = "never closed
print(s)
