# A tasklet blocked four calls deep, through a generator driven by a for
# loop and a list comprehension.
def make():
    import stackless
    ch = stackless.channel()
    def leaf(ch, depth):
        v = ch.receive()
        return v * depth
    def numbers(ch):
        for d in (1, 2):
            yield leaf(ch, d)
    def middle(ch):
        out = []
        for x in numbers(ch):
            out.append(x + 1)
        return out + [leaf(ch, k) for k in (10, 20)]
    def top(ch):
        r = middle(ch)
        print("top got", r)
        return r
    t = stackless.tasklet(top)(ch)
    stackless.run()
    ch.send(3)
    return (t, ch)
