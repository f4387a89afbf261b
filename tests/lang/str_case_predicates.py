# str case conversion and is* predicates
for s in ["hello", "Hello World", "HELLO", "123", "12a", "", " ", "\t\n", "abc123", "héllo", "ÀB", "hello world!", "x1 y2"]:
    print(repr(s), s.isdigit(), s.isalpha(), s.isspace(), s.isupper(), s.islower(), s.isalnum())
print("hello world".upper(), "Hello World".lower(), "hello world".capitalize(), "hELLO".capitalize())
print("hello world foo".title(), "they're bill's".title(), "ABC def".lower().title())
