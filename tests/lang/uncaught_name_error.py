# uncaught NameError from calling an undefined function
def main():
    print("calling foo")
    foo()
main()
