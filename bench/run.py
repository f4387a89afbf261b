#!/usr/bin/env python3
"""Times Spindle against its peers in one run and prints the ratios.

usage: bench/run.py --spindle build/spindle [--repeat 3] [names...]

Each program under bench/lang/ runs under python3 and spindle; the best of
--repeat wall-clock runs is reported, with the Spindle/CPython ratio (< 1.0
means Spindle is faster). Outputs must match, or the row says so. This is a
benchmark, not a test: it never fails on speed.
"""
import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def best_time(cmd, repeat):
    best, out = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            return None, proc.stdout + proc.stderr
        best = elapsed if best is None else min(best, elapsed)
        out = proc.stdout
    return best, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spindle", required=True)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    lang = os.path.join(HERE, "lang")
    names = args.names or sorted(f[:-3] for f in os.listdir(lang) if f.endswith(".py"))
    print(f"{'benchmark':<14}{'cpython s':>11}{'spindle s':>11}{'ratio':>8}")
    for name in names:
        path = os.path.join(lang, name + ".py")
        py_t, py_out = best_time([args.python, path], args.repeat)
        sp_t, sp_out = best_time([args.spindle, path], args.repeat)
        if py_t is None or sp_t is None:
            print(f"{name:<14} failed: {(py_out if py_t is None else sp_out).strip()[:200]}")
            continue
        note = "" if py_out == sp_out else "  (OUTPUT DIFFERS)"
        print(f"{name:<14}{py_t:>11.3f}{sp_t:>11.3f}{sp_t / py_t:>8.2f}{note}")


if __name__ == "__main__":
    main()
