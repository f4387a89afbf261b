#!/usr/bin/env python3
"""Times Spindle's hard (stack-copying) tasklet switch against greenlet in one run.

usage: bench/hard/run.py [--hard-bench build/bench/hard_bench] [--depths 0,1,2,...]
           [--repeat 5] [--target 0.2] [--clock cpu|wall] [--apply-depths 1] [--python python3]

Builds nothing: build the `hard_bench` target first (it is part of the
default build). Two programs run one after the other:

- hard_bench (C++, links Spindle): two tasklets ping-pong with
  stackless.schedule() while each sits d native levels deep, through
  sorted([d], key=lambda x: nest(d - 1, body)). d = 0 is a soft switch, d >= 1
  a hard one. The slice size is spindle::inspect(peer).stack_bytes of the
  switched-out peer. Timed in-process around spindle::run_tasklets().
- greenlet_switch.py (the first of --python and /usr/bin/python3 that
  imports greenlet; Debian's python3-greenlet): two greenlets ping-pong with
  switch(), each nested d levels through the same sorted() recursion. The
  slice is greenlet._stack_saved of the switched-out peer.

Both take the best of --repeat runs at a calibrated N (about --target
seconds of switching) and at N = 100, and report (t(N) - t(100)) /
(2 (N - 100)) per switch. --clock cpu (the default) is process CPU time, which
other work on a shared machine disturbs less; --clock wall is
std::chrono::steady_clock / time.perf_counter. --apply-depths also runs
Spindle nested through a host function that calls back (the thinnest native
caller), which gives the smallest slices Spindle can produce.

Prints a table (depth, slice sizes, ns per switch, ratio), a least-squares
line ns = a + b * KiB for each side, the soft/hard ratio, figures measured
earlier as "reference (not rerun)" and Spindle's goals. A benchmark, not a
test: it never fails on speed; it exits non-zero only if a program failed.
"""
import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DEPTHS = "0,1,2,3,4,6,8,11,16"

# Measured earlier on this kind of machine, quoted and not rerun.
REFERENCE = [
    "raw Boost.Context switch (jump_fcontext there and back): 5 ns",
    "stack-copying prototype: 23 ns + 17 ns per KiB of slice",
    "greenlet: 102 ns shallow, 727 ns at 100 nested C levels, 8.7 us at 1,000",
]
PROTO_A, PROTO_B = 23.0, 17.0
GOAL_SMALL_NS, GOAL_SMALL_KIB, GOAL_PER_KIB = 60.0, 1.0, 25.0


def parse_rows(text):
    """{depth: {key: value}} from the programs' 'row k=v ...' lines."""
    rows = {}
    for line in text.splitlines():
        if not line.startswith("row "):
            continue
        fields = dict(item.split("=", 1) for item in line.split()[1:])
        rows[int(fields["depth"])] = {
            "slice": int(fields["slice"]), "ns": float(fields["ns"]),
            "nesting": int(fields["nesting"]), "n": int(fields["n"]),
        }
    return rows


def run(cmd, label):
    """Runs a program, echoes its comment lines; (rows, error or None)."""
    print(f"running {label}: {' '.join(cmd)}", flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    for line in proc.stdout.splitlines():
        if line.startswith("#"):
            print("  " + line[1:].strip())
    if proc.returncode != 0:
        return parse_rows(proc.stdout), f"exit {proc.returncode}: {proc.stderr.strip()[:400]}"
    return parse_rows(proc.stdout), None


def has_greenlet(python):
    if not python or not shutil.which(python):
        return False
    return subprocess.run([python, "-c", "import greenlet"], capture_output=True).returncode == 0


def fit(points):
    """Least squares ns = a + b * KiB over (KiB, ns) points: (a, b, r2) or None."""
    if len(points) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in points)
    b = sxy / sxx
    a = my - b * mx
    syy = sum((y - my) ** 2 for _, y in points)
    r2 = (sxy * sxy) / (sxx * syy) if syy else 1.0
    return a, b, r2


def kib(nbytes):
    return nbytes / 1024.0


def fmt_ns(v):
    if v is None:
        return "-"
    if v <= 0:
        return "noisy"
    return f"{v:.0f}" if v >= 100 else f"{v:.1f}"


def fmt_slice(nbytes):
    if nbytes is None or nbytes < 0:
        return "-"
    return f"{nbytes} ({kib(nbytes):.1f}K)"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hard-bench", default=None,
                    help="the hard_bench program (default: build/bench/hard_bench, then build-*/bench/hard_bench)")
    ap.add_argument("--python", default=sys.executable, help="a Python with greenlet (else /usr/bin/python3)")
    ap.add_argument("--depths", default=DEFAULT_DEPTHS, help="native nesting depths, comma-separated")
    ap.add_argument("--apply-depths", default="1",
                    help="depths also run through a host function that calls back ('' to skip)")
    ap.add_argument("--repeat", type=int, default=5, help="runs at each N; the best counts")
    ap.add_argument("--target", type=float, default=0.2, help="seconds of switching per timed run")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = ap.parse_args()

    bench = args.hard_bench
    if bench is None:
        candidates = [os.path.join(ROOT, "build", "bench", "hard_bench")]
        candidates += sorted(os.path.join(ROOT, d, "bench", "hard_bench") for d in os.listdir(ROOT)
                             if d.startswith("build-"))
        bench = next((c for c in candidates if os.access(c, os.X_OK)), None)
        if bench is None:
            sys.exit("hard_bench not found: build it (cd build && make hard_bench) or pass --hard-bench")
    depths = [int(d) for d in args.depths.split(",") if d.strip()]
    common = ["--depths", ",".join(map(str, depths)), "--repeat", str(args.repeat),
              "--target", str(args.target), "--clock", args.clock]
    failed = False

    spindle, err = run([bench] + common, "Spindle")
    if err:
        print(f"  Spindle failed: {err}")
        failed = True

    apply_rows = {}
    apply_depths = [int(d) for d in args.apply_depths.split(",") if d.strip()]
    if apply_depths:
        cmd = [bench, "--via", "apply", "--depths", ",".join(map(str, apply_depths)), "--repeat",
               str(args.repeat), "--target", str(args.target), "--clock", args.clock]
        apply_rows, err = run(cmd, "Spindle through a host function")
        if err:
            print(f"  Spindle (host_apply) failed: {err}")
            failed = True

    green_python = next((p for p in (args.python, "/usr/bin/python3") if has_greenlet(p)), None)
    green = {}
    if green_python:
        green, err = run([green_python, os.path.join(HERE, "greenlet_switch.py")] + common, "greenlet")
        if err:
            print(f"  greenlet failed: {err}")
            failed = True
    else:
        print("greenlet: not found (apt-get install python3-greenlet); its columns are empty")

    # ---- the table ----
    print()
    print(f"ns per switch, clock {args.clock}, best of {args.repeat} at N and at 100; "
          "slice = bytes of stack the switched-out peer keeps on the heap")
    print("depth = native levels each side is nested (sorted(key=...) recursion); 0 = Spindle soft switch")
    head = (f"{'depth':>5}  {'Spindle slice B':>17}  {'Spindle ns':>10}  {'greenlet slice B':>17}  "
            f"{'greenlet ns':>11}  {'Spindle/greenlet':>16}  {'proto ns (ref)':>14}")
    print(head)
    print("-" * len(head))
    for d in depths:
        s, g = spindle.get(d), green.get(d)
        s_ns = s["ns"] if s else None
        g_ns = g["ns"] if g else None
        ratio = f"{s_ns / g_ns:.2f}" if s_ns and g_ns and s_ns > 0 and g_ns > 0 else "-"
        proto = PROTO_A + PROTO_B * kib(s["slice"]) if s and s["slice"] > 0 else None
        s_slice = ("0 (soft)" if s and s["slice"] == 0 else fmt_slice(s["slice"])) if s else "-"
        print(f"{d:>5}  {s_slice:>17}  {fmt_ns(s_ns):>10}  {fmt_slice(g['slice'] if g else None):>17}  "
              f"{fmt_ns(g_ns):>11}  {ratio:>16}  {fmt_ns(proto):>14}")
    for d in apply_depths:
        s = apply_rows.get(d)
        if s:
            proto = PROTO_A + PROTO_B * kib(s["slice"])
            print(f"{str(d) + '*':>5}  {fmt_slice(s['slice']):>17}  {fmt_ns(s['ns']):>10}  {'':>17}  "
                  f"{'':>11}  {'':>16}  {fmt_ns(proto):>14}")
    if apply_rows:
        print("  * nested through host_apply(f), a host function that calls f back (vm.call): the thinnest "
              "native caller")
    print("  proto ns (ref) = the stack-copying prototype's 23 ns + 17 ns/KiB at Spindle's slice (not rerun)")

    # ---- fits and ratios ----
    print()
    hard = [(kib(r["slice"]), r["ns"]) for d, r in spindle.items() if r["slice"] > 0]
    hard += [(kib(r["slice"]), r["ns"]) for r in apply_rows.values() if r["slice"] > 0]
    sline = fit(hard)
    if sline:
        a, b, r2 = sline
        print(f"fit Spindle hard switch: ns = {a:.1f} + {b:.2f} * KiB   (r^2 {r2:.3f}, {len(hard)} points)")
    gpts = [(kib(r["slice"]), r["ns"]) for r in green.values() if r["slice"] > 0]
    gline = fit(gpts)
    if gline:
        a, b, r2 = gline
        print(f"fit greenlet switch:     ns = {a:.1f} + {b:.2f} * KiB   (r^2 {r2:.3f}, {len(gpts)} points)")
        if sline:
            print(f"  per KiB copied: Spindle/greenlet = {sline[1] / b:.2f}")
    layout = fit([(d, r["slice"]) for d, r in spindle.items() if r["slice"] > 0])
    if layout:
        print(f"Spindle slice = {layout[0]:.0f} B + {layout[1]:.0f} B per sorted() level "
              "(the base: the tasklet's base loop, schedule() and the switch itself)")
    smallest = min((r for r in list(spindle.values()) + list(apply_rows.values()) if r["slice"] > 0),
                   key=lambda r: r["slice"], default=None)
    if smallest:
        how = "through host_apply" if any(r is smallest for r in apply_rows.values()) else "through sorted()"
        print(f"smallest Spindle slice: {smallest['slice']} B ({kib(smallest['slice']):.1f} KiB) at nesting "
              f"{smallest['nesting']} {how}, {fmt_ns(smallest['ns'])} ns: a hard switch needs at least one "
              "native level (with none the switch is soft), so the base plus one level is the floor and "
              "slices of 0.5-3 KiB cannot be produced from a script")
    soft = spindle.get(0)
    first_hard = min((r for r in spindle.values() if r["slice"] > 0), key=lambda r: r["slice"], default=None)
    if soft and first_hard and soft["ns"] > 0 and first_hard["ns"] > 0:
        print(f"soft/hard: soft {fmt_ns(soft['ns'])} ns, hard at nesting {first_hard['nesting']} "
              f"({kib(first_hard['slice']):.1f} KiB) {fmt_ns(first_hard['ns'])} ns: "
              f"soft/hard = {soft['ns'] / first_hard['ns']:.2f} "
              f"(the hard switch costs {first_hard['ns'] / soft['ns']:.1f}x the soft one)")
    for line in REFERENCE:
        print(f"reference (not rerun): {line}")
    if sline:
        a, b, _ = sline
        at = a + b * GOAL_SMALL_KIB
        print(f"goal: <= {GOAL_SMALL_NS:.0f} ns for a slice <= {GOAL_SMALL_KIB:.0f} KiB: fit at 1 KiB "
              f"{at:.0f} ns (extrapolated: no slice that small exists) "
              f"{'met' if at <= GOAL_SMALL_NS else 'MISSED'}")
        print(f"goal: <= {GOAL_PER_KIB:.0f} ns per extra KiB: {b:.1f} ns/KiB "
              f"{'met' if b <= GOAL_PER_KIB else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
