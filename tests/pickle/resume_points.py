#!/usr/bin/env python3
"""Tasklets pickled at each kind of suspension point and resumed in a fresh
spindle process (tests/pickle/resume/*.py).

usage: resume_points.py --spindle PATH [CASE.py ...]

Each case script runs in three ways, each a separate `spindle` process:

    spindle CASE.py whole            the program uninterrupted, nothing pickled
    spindle CASE.py start STATE      runs up to its checkpoint, pickles the
                                     suspended tasklet(s) and their channels
                                     to STATE and exits
    spindle CASE.py resume STATE     loads STATE, delivers what the tasklets
                                     wait for and prints the rest; run from
                                     a copy of CASE.py alone in an empty
                                     directory, so code that is not in the
                                     script itself can only come from STATE

Expectations are written by hand in the script as trailing `# expect:` lines
(the whole program's stdout). The first line starting with `checkpoint` is
the last line of process 1. The driver checks that

  - the uninterrupted run prints exactly the expected lines;
  - process 1 prints the expected lines up to and including the checkpoint;
  - process 2 prints the rest (so process 1 + process 2 == uninterrupted);
  - every process exits with status 0 and writes nothing on stderr;
  - STATE is one spindle-pickle JSON document holding as many tasklet and
    channel (frame, ...) records as the script's
    `# expect-doc: tasklets=N channels=M frames>=K` line says.

Prints PASS/FAIL per case and exits non-zero if any case failed.
"""
import argparse
import difflib
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def expectations(path):
    lines, doc = [], None
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line.startswith("# expect:"):
                rest = line[len("# expect:"):]
                lines.append(rest[1:] if rest.startswith(" ") else rest)
            elif line.startswith("# expect-doc:"):
                doc = line[len("# expect-doc:"):].split()
    return lines, doc


def run(spindle, script, argv, timeout):
    try:
        p = subprocess.run([spindle, script] + argv, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=timeout, cwd=os.path.dirname(script))
    except subprocess.TimeoutExpired:
        return None, "", "timeout after %ss" % timeout
    return p.returncode, p.stdout, p.stderr


def compare(label, rc, out, err, want):
    problems = []
    got = out.splitlines()
    if got != want:
        diff = "\n".join(difflib.unified_diff(want, got, "expected", "actual", lineterm="", n=2))
        problems.append("%s: stdout differs\n%s" % (label, diff))
    if rc != 0:
        problems.append("%s: exit status %s" % (label, rc))
    if err.strip():
        problems.append("%s: stderr:\n%s" % (label, err.rstrip()[-2000:]))
    return problems


def check(spindle, script, timeout):
    want, doc_want = expectations(script)
    split = next((i for i, l in enumerate(want) if l.startswith("checkpoint")), None)
    if split is None:
        return ["no '# expect: checkpoint...' line"]
    problems = []
    rc, out, err = run(spindle, script, ["whole"], timeout)
    problems += compare("uninterrupted", rc, out, err, want)
    with tempfile.TemporaryDirectory() as d:
        state = os.path.join(d, "state.json")
        rc, out1, err = run(spindle, script, ["start", state], timeout)
        problems += compare("process 1", rc, out1, err, want[:split + 1])
        if not os.path.exists(state):
            return problems + ["process 1 wrote no state file"]
        with open(state, encoding="utf-8") as f:
            text = f.read()
        try:
            doc = json.loads(text)
        except ValueError as e:
            return problems + ["state is not JSON: %s" % e]
        if doc.get("format") != "spindle-pickle":
            problems.append("state is not a spindle-pickle document")
        kinds = [o.get("t") for o in doc.get("objects", []) if isinstance(o, dict)]
        for item in doc_want or []:
            at_least = ">=" in item
            kind, n = item.split(">=" if at_least else "=")
            have = kinds.count(kind[:-1])  # "tasklets" counts "tasklet" records
            if have < int(n) if at_least else have != int(n):
                problems.append("document holds %d %s records, expected %s" % (have, kind[:-1], item))
        # Process 2 runs a copy of the script alone in an empty directory:
        # modules beside the script are not there, code comes in the pickle.
        alone = os.path.join(d, "elsewhere")
        os.mkdir(alone)
        copy = os.path.join(alone, os.path.basename(script))
        shutil.copyfile(script, copy)
        rc, out2, err = run(spindle, copy, ["resume", state], timeout)
        problems += compare("process 2", rc, out2, err, want[split + 1:])
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spindle", required=True)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    spindle = os.path.abspath(a.spindle)
    cases = a.cases or sorted(glob.glob(os.path.join(HERE, "resume", "[!_]*.py")))
    cases = [os.path.abspath(c) for c in cases if os.path.basename(c) != "workflow.py"]
    failed = 0
    for script in cases:
        problems = check(spindle, script, a.timeout)
        name = os.path.basename(script)
        if problems:
            failed += 1
            print("FAIL %s:\n  %s" % (name, "\n".join(problems).replace("\n", "\n  ")))
        else:
            print("PASS %s" % name)
        sys.stdout.flush()
    print("%d passed, %d failed" % (len(cases) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
