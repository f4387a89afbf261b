# escape sequences and raw strings
print("tab:\t|newline:\\n|quote:\"|apos:\'|backslash:\\")
print(repr("a\tb\nc\\d\r\x00\x7f"), len("a\tb\nc\\d"))
print(r"raw \n string \t", len(r"\n"), repr(r"\d+"))
print("\x41\u00e9\u65e5\U0001F600", len("\U0001F600"))
print('single "double" inside', "double 'single' inside")
print("""triple "quoted" 'string'
spans lines""")
print('''another
one''', len("""a
b"""))
print("line1\
 continued")
print(repr("\\"), repr("'"), repr('"'), repr("'\""))
