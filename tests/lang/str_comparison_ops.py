# string comparison, concatenation, repetition, iteration and immutability
print("apple" < "banana", "apple" < "Apple", "a" < "ab", "" < "a", "Z" < "a", "abc" == "abc", "é" > "z")
print(sorted(["pear", "Peach", "apple", "Apple", "äpfel", "10", "9"]))
print("ab" + "cd", "ab" * 3, 3 * "-", "x" * 0, "x" * -1 == "")
s = "héllo"
for ch in s:
    print(ch, ord(ch), end="; ")
print()
print(max("hello world".split()), min("hello world".split(), key=len))
t = s
s += "!"
print(s, t, s is t)
print(len("abc"), len(""), len("日本語"), str(123) + str(4.5))
print("a" "b" "c", ("implicit "
                      "concatenation"))
print("Hello"[1:] + "Hello"[0], "racecar" == "racecar"[::-1], "hello"[::-1] == "hello")
words = ["b", "a", "c"]
print("".join(sorted(words)), ",".join(w * 2 for w in words))
