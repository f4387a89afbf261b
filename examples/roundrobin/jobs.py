# Untrusted job scripts, as a workflow engine or a game's modding layer might
# load them. None of them is written to cooperate: they never call
# stackless.schedule(), and one of them never ends. The host (main.cpp) runs
# them as tasklets under an instruction budget, so it stays in control anyway.
#
# The host provides two functions: report(name, value) hands a job's result
# to the host, and released(name) tells it a job gave its resources back.


def checksum(name, n):
    # CPU-bound: a long loop with no switch point of its own.
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    report(name, total)


def word_stats(name, repeat):
    # Builds strings and a dict; longer per iteration than checksum, so it
    # needs fewer loop turns to exhaust a slice.
    text = "the quick brown fox jumps over the lazy dog " * repeat
    counts = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    report(name, counts["the"])


def runaway(name, target):
    # A buggy script: it steps by 2 towards an odd target, so `x != target`
    # never becomes false. With a plain stackless.run() it would hang the
    # host forever. The finally block shows that the host's kill() unwinds it
    # properly (TaskletExit is raised where it stopped).
    x = 0
    try:
        while x != target:
            x += 2
    finally:
        released(name)


def average(name, n):
    # Fails part-way: one of its samples has a zero count. The exception does
    # not crash the host; it comes back from run_tasklets() as an error
    # result, and the other jobs carry on.
    samples = [(100 * i, 3 - i) for i in range(n)]
    total = 0
    for total_ms, count in samples:
        total += total_ms // count
    report(name, total)
