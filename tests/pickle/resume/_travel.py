# Imported by code_travels.py in process 1 only: process 2 runs without
# this file, so the code of accumulate() reaches it inside the pickle.
def accumulate(ch, out):
    total = 0
    count = 0
    while True:
        v = ch.receive()
        if v is None:
            break
        total += v
        count += 1
        out.append((count, total))
    out.append("closed at %d" % total)
