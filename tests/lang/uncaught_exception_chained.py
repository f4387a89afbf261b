# uncaught exception raised while handling another: the last line is the new one
def parse(s):
    try:
        return int(s)
    except ValueError as e:
        raise RuntimeError("could not parse %r" % s) from e
print(parse("12"))
print(parse("twelve"))
