# Iterators of the simple kinds, part-way through.
def make():
    it_list = iter([10, 20, 30, 40])
    next(it_list)
    it_tuple = iter(("a", "b"))
    it_str = iter("h\u00e9llo")
    next(it_str)
    next(it_str)
    it_range = iter(range(0, 100, 7))
    next(it_range)
    en = enumerate(["x", "y", "z"], 5)
    next(en)
    zp = zip([1, 2, 3], "abc")
    next(zp)
    mp = map(lambda v: v * 10, [1, 2, 3])
    next(mp)
    fl = filter(lambda v: v % 2, range(10))
    next(fl)
    return [it_list, it_tuple, it_str, it_range, en, zp, mp, fl]
