#!/usr/bin/env python3
"""Times Spindle's tasklets against their peers in one run and prints the ratios.

usage: bench/stackless/run.py --spindle build/spindle [--repeat 5] [--scale 1.0]
           [--clock cpu|wall] [--blocked 100000] [--mem-repeat 2] [names...]

names: switch, channel, create, blocked (default: all four).

Spindle has no time module, so every figure is taken from outside: each
program runs in its own process with a large N and with N = 0, best of
--repeat each, and the cost of one operation is (t(N) - t(0)) / count. The
time is the child's user + system CPU time from os.wait4 (--clock wall: wall
clock), so other work on a shared machine disturbs it less. Memory is the
child's peak RSS (measured by /usr/bin/time -f %M) with --blocked suspended
tasklets minus that with none, divided by --blocked.

Peers, run in the same invocation where they are installed: CPython
generators (--python), greenlet (the first of --python and /usr/bin/python3
that imports it) and Lua 5.4 coroutines (--lua). Figures measured earlier on
this kind of machine are printed as "reference (not rerun)", and Spindle's
goals beside them. spindle/x > 1.0 means Spindle is slower or bigger.

Every program prints "<word> <count>" only after checking its own result
(both tasklets interleaved, the last reply came back, every tasklet ran, the
channel's balance is -N); any other output or exit status marks the row
failed instead of timing it. This is a benchmark, not a test: it never fails
on speed.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "peers")
TIME = "/usr/bin/time"

# name (also Spindle's program name.py) ->
#     (title, unit, word the programs print, peer mode, count per N)
MEASURES = {
    "switch": ("soft switch", "ns", "switch", "switch", 2),
    "channel": ("channel round trip", "ns", "roundtrip", "roundtrip", 1),
    "create": ("create+run+finish", "ns", "create", "create", 1),
    "blocked": ("blocked tasklet", "bytes", "blocked", "blocked", 1),
}

# Default N per runtime and measurement, for about 0.3 s of work each.
SIZES = {
    "spindle": {"switch": 3_000_000, "channel": 1_500_000, "create": 1_000_000},
    "generator": {"switch": 1_500_000, "channel": 1_000_000, "create": 800_000},
    "greenlet": {"switch": 1_000_000, "channel": 700_000, "create": 5_000},
    "lua": {"switch": 3_000_000, "channel": 2_000_000, "create": 2_000_000},
}

# Measured earlier on this kind of machine, quoted and not rerun.
REFERENCE = {
    "switch": [("CPython generator", 14), ("Lua coroutine", 42),
               ("Boost.Fiber yield", 49), ("Go Gosched", 56), ("greenlet", 102)],
    "channel": [("Boost.Fiber channel", 208), ("Go channel", 219)],
    "create": [("greenlet", 7900)],
    "blocked": [("Go goroutine (2.7 KB)", 2700), ("greenlet (5.9 KB)", 5900)],
}
GOALS = {"switch": 50, "channel": 300, "create": 200, "blocked": 1000}

# The peers have no channel: their round trip hands a value to the other
# side and gets it back (gen.send, greenlet.switch, coroutine.resume).
NOTES = {"channel": " (value there+back)"}


def run_once(cmd, rss=False):
    """Runs cmd; returns (seconds cpu, seconds wall, peak RSS bytes, rc, output).

    With rss, the peak RSS comes from /usr/bin/time -f %M when it exists:
    Linux keeps a child's ru_maxrss across exec, so the child of this (large)
    Python process would report at least this process's own peak. Without
    /usr/bin/time, /proc/PID/status VmHWM is polled while the child runs.
    """
    wrap = rss and os.path.exists(TIME)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err, \
            tempfile.NamedTemporaryFile("r") as mem:
        if wrap:
            cmd = [TIME, "-f", "%M", "-o", mem.name] + cmd
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        hwm, pid = 0, 0
        while rss and not wrap and not pid:
            hwm = max(hwm, vm_hwm(proc.pid))
            time.sleep(0.002)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if not pid:
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read() + err.read()
        if wrap:
            peak = int(mem.read().split()[-1]) * 1024
        else:
            peak = hwm if rss else usage.ru_maxrss * 1024
    cpu = usage.ru_utime + usage.ru_stime
    return cpu, wall, peak, proc.returncode, text


def vm_hwm(pid):
    """The peak RSS of a live process in bytes, 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def best(cmd, n, expect, repeat, clock, rss):
    """Best-of-repeat (time, peak RSS) of cmd + [n], or (None, error text)."""
    best_t = best_m = None
    for _ in range(repeat):
        cpu, wall, peak, rc, text = run_once(cmd + [str(n)], rss)
        if rc != 0 or text.strip() != expect:
            return None, f"N={n}: exit {rc}: {text.strip()[:200]}"
        t = cpu if clock == "cpu" else wall
        best_t = t if best_t is None else min(best_t, t)
        best_m = peak if best_m is None else min(best_m, peak)
    return (best_t, best_m), None


def measure(cmd, name, n, repeat, clock):
    """Per-operation figure (ns or bytes) of one runtime, or (None, error)."""
    _, _, word, _, per = MEASURES[name]
    count = per * n
    rss = name == "blocked"
    big, err = best(cmd, n, f"{word} {count}", repeat, clock, rss)
    if err:
        return None, err
    zero, err = best(cmd, 0, f"{word} 0", repeat, clock, rss)
    if err:
        return None, err
    if name == "blocked":
        return (big[1] - zero[1]) / n, None
    return (big[0] - zero[0]) * 1e9 / count, None


def has_greenlet(python):
    if not python or not shutil.which(python):
        return False
    return subprocess.run([python, "-c", "import greenlet"], capture_output=True).returncode == 0


def runtimes(args):
    """(key, label, function: measurement name -> command without N) per runtime found."""
    found = [("spindle", "Spindle", lambda name: [args.spindle, os.path.join(HERE, name + ".py")])]

    def peer(interpreter, program):
        return lambda name: [interpreter, os.path.join(PEERS, program), MEASURES[name][3]]

    found.append(("generator", "CPython generator", peer(args.python, "generators.py")))
    green = next((p for p in (args.python, "/usr/bin/python3") if has_greenlet(p)), None)
    if green:
        found.append(("greenlet", "greenlet", peer(green, "greenlets.py")))
    lua = args.lua or shutil.which("lua5.4")
    if lua:
        found.append(("lua", "Lua 5.4 coroutine", peer(lua, "coroutines.lua")))
    print(f"spindle: {args.spindle}")
    print(f"generators: {args.python}")
    print(f"greenlet: {green or 'not found (apt-get install python3-greenlet); skipped'}")
    print(f"lua: {lua or 'not found (apt-get install lua5.4); skipped'}")
    return found


def fmt(value):
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spindle", required=True)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--lua", default=None, help="Lua 5.4 interpreter (default: lua5.4 on PATH)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each program and N; the best counts")
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies every timed N")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    ap.add_argument("--blocked", type=int, default=100_000, help="tasklets in the memory measurement")
    ap.add_argument("--mem-repeat", type=int, default=2, help="runs of each memory measurement")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    names = args.names or list(MEASURES)
    for name in names:
        if name not in MEASURES:
            ap.error(f"unknown benchmark {name!r}; choose from {', '.join(MEASURES)}")
    found = runtimes(args)
    print(f"time: {args.clock}, best of {args.repeat} runs at N and at 0, (t(N) - t(0)) / count")
    print(f"memory: peak RSS with {args.blocked} blocked minus with 0, / {args.blocked}, "
          f"best of {args.mem_repeat}")
    print(f"{'measurement':<28}{'runtime':<44}{'value':>8}{'spindle/x':>11}")
    for name in names:
        title, unit, _, _, _ = MEASURES[name]
        rows = []
        for key, label, command in found:
            n = args.blocked if name == "blocked" else max(1, int(SIZES[key][name] * args.scale))
            repeat = args.mem_repeat if name == "blocked" else args.repeat
            value, err = measure(command(name), name, n, repeat, args.clock)
            rows.append((label if key == "spindle" else label + NOTES.get(name, ""), value, err))
        mine = rows[0][1]
        rows += [(f"reference (not rerun): {label}", value, None) for label, value in REFERENCE[name]]
        rows.append(("goal", GOALS[name], None))
        head = f"{title} ({unit})"
        for label, value, err in rows:
            if err:
                line = f"  failed: {err}"
            elif value <= 0:
                line = "  too noisy: t(N) <= t(0); raise --scale"
            else:
                ratio = ""
                if label != "Spindle" and mine is not None and value > 0:
                    ratio = f"{mine / value:.2f}" if mine / value >= 0.1 else f"{mine / value:.4f}"
                line = f"{fmt(value):>8}{ratio:>11}"
                if label == "goal" and mine is not None:
                    line += "  met" if mine <= value else "  MISSED"
            print(f"{head:<28}{label:<44}{line}")
            head = ""
        sys.stdout.flush()


if __name__ == "__main__":
    main()
