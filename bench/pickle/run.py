#!/usr/bin/env python3
"""Times pickling tasklets in Spindle against CPython pickle and json of the
equivalent plain data, in one run, and prints the ratios.

usage: bench/pickle/run.py [--pickle-bench build/bench/pickle_bench] [--python python3]
           [--repeat 5] [names...]          names: deep, many, workflow, workflow-lean (default: all)

Spindle has no time module: its side (tasklets.py) runs under pickle_bench,
a `spindle` with one more builtin, bench_clock() (process CPU time), and
times pickle.dumps / pickle.loads / resuming inside the VM. The peer
(peer.py, CPython's time.process_time) does the same with pickle (protocol
5) and json on the data a CPython program would have to save by hand,
since CPython cannot pickle frames:

  deep      one tasklet blocked 10 frames deep with 100 locals per frame;
            peer: 10 dicts of the same 100 values
  many      10,000 tasklets blocked receiving on 100 channels (the root is
            the channels; the tasklets are reached through their queues);
            peer: 10,000 records in 100 queue lists
  workflow  an order workflow that builds a catalog, generates, validates
            and prices 2,000 order lines, then blocks for an approval:
            starting it afresh and running it to the end vs. loading it
            from a pickle and delivering the approval; peer: the same
            computation, with the state saved as an explicit dict. The
            frame keeps the catalog and the priced lines while it waits.
  workflow-lean  the same, but the workflow drops the catalog and the
            lines before it waits (keeps the summary and the problems)

Every figure is the best of --repeat in one process. Each program checks
its result before printing (the loaded tasklets resume and finish with the
right values; the peers' copies equal the originals; Spindle's and
CPython's workflow results are compared here). A benchmark, not a test: it
never fails on speed, only when a program fails.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NAMES = ("deep", "many", "workflow", "workflow-lean")


def rows(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    out = {}
    for line in p.stdout.splitlines():
        if line.startswith("row "):
            f = dict(item.split("=", 1) for item in line.split()[1:])
            out[f["impl"]] = f
    if p.returncode != 0 or not out:
        return None, "exit %d: %s" % (p.returncode, (p.stdout + p.stderr).strip()[-400:])
    return out, None


def us(seconds):
    return float(seconds) * 1e6


def fmt_t(v):
    return "%.0f" % v if v >= 100 else "%.1f" % v


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pickle-bench", default=None)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    bench = a.pickle_bench
    if bench is None:
        cands = [os.path.join(ROOT, "build", "bench", "pickle_bench")]
        cands += sorted(os.path.join(ROOT, d, "bench", "pickle_bench") for d in os.listdir(ROOT)
                        if d.startswith("build-"))
        bench = next((c for c in cands if os.access(c, os.X_OK)), None)
        if bench is None:
            sys.exit("pickle_bench not found: build it (cmake --build build --target pickle_bench) "
                     "or pass --pickle-bench")
    names = a.names or list(NAMES)
    print("spindle: %s (bench_clock = process CPU time)" % bench)
    print("peer: %s (time.process_time), pickle protocol 5 and json" % a.python)
    print("best of %d; us = microseconds; x = Spindle / peer (above 1: Spindle slower or bigger)" % a.repeat)
    failed = False
    table = []
    for name in names:
        sp, err = rows([bench, os.path.join(HERE, "tasklets.py"), name, str(a.repeat)])
        if err:
            print("%s: Spindle failed: %s" % (name, err))
            failed = True
            continue
        py, err = rows([a.python, os.path.join(HERE, "peer.py"), name, str(a.repeat)])
        if err:
            print("%s: CPython failed: %s" % (name, err))
            failed = True
            py = {}
        s = sp["spindle"]
        pk, js = py.get("cpython-pickle"), py.get("cpython-json")
        if name.startswith("workflow") and pk and pk["result"] != s["result"]:
            print(name + ": results differ: Spindle %s, CPython %s" % (s["result"], pk["result"]))
            failed = True
        metrics = [("dumps us", "dumps"), ("loads us", "loads")] if not name.startswith("workflow") else \
            [("afresh us", "fresh"), ("load+resume us", "resume")]
        for label, key in metrics:
            table.append((name, label, us(s[key]), us(pk[key]) if pk else None, us(js[key]) if js else None, True))
        table.append((name, "bytes", int(s["bytes"]), int(pk["bytes"]) if pk else None,
                      int(js["bytes"]) if js else None, False))
        if name == "many":
            n = int(s["tasklets"])
            table.append((name, "bytes/tasklet", int(s["bytes"]) / n, int(pk["bytes"]) / n if pk else None,
                          int(js["bytes"]) / n if js else None, False))
        if name.startswith("workflow"):
            table.append((name, "resume/afresh", us(s["resume"]) / us(s["fresh"]),
                          us(pk["resume"]) / us(pk["fresh"]) if pk else None,
                          us(js["resume"]) / us(js["fresh"]) if js else None, False))
            print("%s result (Spindle = CPython): %s" % (name, s["result"]))
    print()
    head = "%-13s %-15s %12s %14s %12s %9s %9s" % ("bench", "measure", "Spindle", "CPy pickle", "CPy json",
                                                    "x pickle", "x json")
    print(head)
    print("-" * len(head))
    for name, label, s, p, j, timed in table:
        def cell(v):
            if v is None:
                return "-"
            if label == "resume/afresh":
                return "%.3f" % v
            return fmt_t(v) if timed else ("%.0f" % v)
        ratio = lambda peer: "%.2f" % (s / peer) if peer and label != "resume/afresh" else "-"
        print("%-13s %-15s %12s %14s %12s %9s %9s" % (name, label, cell(s), cell(p), cell(j), ratio(p), ratio(j)))
    print()
    print("resume/afresh < 1: loading the pickle and finishing beats redoing the setup.")
    print("The peers save plain data: CPython cannot pickle the frames, so their state is written out by hand.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
