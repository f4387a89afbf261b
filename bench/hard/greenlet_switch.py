# greenlet peer of hard_switch.cpp: two greenlets ping-pong with switch()
# while each is nested d levels deep in C recursion, through the same
# sorted([d], key=lambda x: nest(d - 1, body)) as the Spindle program
# (CPython's sorted() calls the key from C, so every level adds C frames).
# greenlet copies stack slices too: the suspended greenlet's bytes are saved
# to the heap when the other one needs that part of the C stack.
#
# Both greenlets are started from the same place in main (b first, which
# nests and switches back to main; then a), so they occupy the same stack
# addresses and every switch copies the slices out and in, as in Spindle.
# Time per switch = (t(N) - t(small)) / (2 (N - small)), best of --repeat.
# The slice is b._stack_saved (bytes of b's stack held on the heap) read by
# a while b is switched out.
#
# usage: /usr/bin/python3 greenlet_switch.py [--depths 0,1,2] [--repeat 5]
#            [--target 0.2] [--clock wall|cpu]
# Output: the same "row depth=... slice=... ns=..." lines as hard_bench.
# Exits non-zero only if a run went wrong (no interleaving, no finish).
import argparse
import sys
import time

from greenlet import getcurrent, greenlet


def nest(d, body):
    # d C levels: sorted() calls the key, which recurses.
    if d == 0:
        return body()
    return sorted([d], key=lambda x: nest(d - 1, body))


def one_run(d, n, clock, probe=None):
    """Seconds for a's n switches to b and b's n switches back."""
    main = getcurrent()
    order = []

    def body_a():
        order.append("a start")
        for i in range(n):
            b.switch()
            if probe is not None and i == 0:
                # b has nested and is switched out inside a.switch().
                probe["slice"] = b._stack_saved
        order.append("a end")

    def body_b():
        order.append("b start")
        main.switch()  # primed: suspended d levels deep
        for i in range(n):
            a.switch()
        order.append("b end")

    a = greenlet(lambda: nest(d, body_a))
    b = greenlet(lambda: nest(d, body_b))
    b.switch()
    t0 = clock()
    a.switch()
    t1 = clock()
    b.switch()  # let b leave its loop and finish
    if order != ["b start", "a start", "a end", "b end"] or not a.dead or not b.dead:
        sys.exit(f"greenlet_switch: depth {d}, n {n}: broken run {order}")
    return t1 - t0


def best(d, n, clock, repeat):
    return min(one_run(d, n, clock) for _ in range(repeat))


def measure(d, clock, repeat, target):
    probe = {}
    one_run(d, 2, clock, probe)
    small, calibrate = 100, 20000
    rough = (one_run(d, calibrate, clock) - best(d, small, clock, repeat)) / (2 * (calibrate - small))
    n = max(10 * small, int(target / (2 * max(rough, 1e-9))))
    big = tiny = None
    for _ in range(repeat):
        tb, ts = one_run(d, n, clock), one_run(d, small, clock)
        big = tb if big is None else min(big, tb)
        tiny = ts if tiny is None else min(tiny, ts)
    ns = (big - tiny) * 1e9 / (2 * (n - small))
    return probe.get("slice", -1), ns, n, small


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--depths", default="0,1,2,3,4,6,8,11,16")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--target", type=float, default=0.2)
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    args = ap.parse_args()
    depths = [int(x) for x in args.depths.split(",")]
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * max(depths) + 1000))
    import greenlet as module
    print(f"# greenlet {module.__version__} on Python {sys.version.split()[0]}: two greenlets ping-pong "
          f"with switch(), each nested d levels through sorted([d], key=lambda x: ...); "
          f"best of {args.repeat}, clock {args.clock}")
    for d in depths:
        slice_bytes, ns, n, small = measure(d, clock, args.repeat, args.target)
        print(f"row depth={d} nesting={d} slice={slice_bytes} ns={ns:.2f} n={n} small={small} "
              f"clock={args.clock} via=sorted", flush=True)


if __name__ == "__main__":
    main()
