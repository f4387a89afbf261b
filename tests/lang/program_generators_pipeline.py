# small program: generator pipeline over lines of text
LOG = """INFO start
WARN disk 91%
INFO tick
ERROR failed to open file
INFO tick
WARN disk 95%
ERROR timeout after 30s
INFO stop"""
def lines(text):
    for line in text.splitlines():
        yield line
def parse(it):
    for n, line in enumerate(it, 1):
        level, _, msg = line.partition(" ")
        yield n, level, msg
def only(levels, it):
    for rec in it:
        if rec[1] in levels:
            yield rec
def numbered(it):
    count = 0
    for rec in it:
        count += 1
        yield count, rec
    return count
def report():
    total = yield from numbered(only({"WARN", "ERROR"}, parse(lines(LOG))))
    yield "total problems: %d" % total
for item in report():
    print(item)
counts = {}
for _, level, _ in parse(lines(LOG)):
    counts[level] = counts.get(level, 0) + 1
print(counts)
print(max(parse(lines(LOG)), key=lambda r: len(r[2])))
