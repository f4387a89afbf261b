#!/usr/bin/env python3
"""Differential test runner: run each program under CPython and under Spindle
and compare stdout (exactly), the exit code, and the last non-empty line of
stderr (the exception line of a traceback, or the SyntaxError line).

usage: python3 tests/difftest.py --spindle PATH [--python python3]
           [--known tests/lang/known_failures.txt] [--timeout 60] FILE.py ...

Files whose basename starts with '_' are helper modules and are skipped.
A directory argument stands for the *.py files in it.  If NAME.args exists
next to NAME.py, its whitespace-separated words are passed as extra argv.
Files listed in the known-failures file are expected to fail; if --known is
not given, known_failures.txt next to each test file is used when present.
The last line printed is always "N passed, M failed" (an expected failure
counts as passed; an unexpected pass counts as failed).  Exit status is 0
only if every file behaved as expected.
"""
import argparse
import difflib
import os
import signal
import subprocess
import sys


def load_known(path):
    """Return {basename: reason}.  Lines: 'name.py  # reason', or a name
    preceded by '# reason' comment lines."""
    known, pending = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                pending = []
            elif line.startswith("#"):
                pending.append(line.lstrip("#").strip())
            else:
                name, _, reason = line.partition("#")
                name = name.strip()
                if not name.endswith(".py"):
                    name += ".py"
                known[name] = reason.strip() or " ".join(pending) or "known failure"
    return known


def run(interp, path, extra, timeout):
    """Return (stdout bytes, exit code, last non-empty stderr line), or an
    error string if the program timed out or could not be started."""
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8",
               PYTHONDONTWRITEBYTECODE="1")
    try:
        p = subprocess.Popen([interp, os.path.basename(path)] + extra,
                             cwd=os.path.dirname(os.path.abspath(path)),
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env,
                             start_new_session=True)
    except OSError as e:
        return "cannot run %s: %s" % (interp, e)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)  # the whole group, grandchildren too
        p.communicate()
        return "%s timed out after %gs" % (interp, timeout)
    lines = err.decode("utf-8", "replace").splitlines()
    last = next((l.rstrip() for l in reversed(lines) if l.strip()), "")
    return (out, p.returncode, last)


def compare(path, args):
    stem = os.path.splitext(path)[0]
    extra = []
    if os.path.exists(stem + ".args"):
        with open(stem + ".args", encoding="utf-8") as f:
            extra = f.read().split()
    want = run(args.python, path, extra, args.timeout)
    if isinstance(want, str):
        return want, []
    got = run(args.spindle, path, extra, args.timeout)
    if isinstance(got, str):
        return got, []
    reasons, details = [], []
    if want[0] != got[0]:
        reasons.append("stdout differs")
        details += difflib.unified_diff(
            want[0].decode("utf-8", "replace").splitlines(True),
            got[0].decode("utf-8", "replace").splitlines(True),
            "expected (%s)" % args.python, "actual (spindle)")
    if want[1] != got[1]:
        reasons.append("exit code %d, expected %d" % (got[1], want[1]))
    if want[2] != got[2]:
        reasons.append("stderr differs")
        details += ["stderr last line:\n", "-" + want[2] + "\n",
                    "+" + got[2] + "\n"]
    return "; ".join(reasons), details


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--spindle", required=True)
    ap.add_argument("--python", default="python3")
    ap.add_argument("--known")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    # programs run with cwd = their own directory: make interpreter paths
    # such as build/spindle absolute (bare names are looked up on PATH)
    for attr in ("spindle", "python"):
        if os.sep in getattr(args, attr):
            setattr(args, attr, os.path.abspath(getattr(args, attr)))

    files = []
    for f in args.files:
        if os.path.isdir(f):
            files += sorted(os.path.join(f, n) for n in os.listdir(f)
                            if n.endswith(".py"))
        else:
            files.append(f)
    files = [f for f in files if not os.path.basename(f).startswith("_")]

    known_cache = {}

    def known_for(path):
        kf = args.known or os.path.join(os.path.dirname(path) or ".",
                                        "known_failures.txt")
        if kf not in known_cache:
            known_cache[kf] = load_known(kf) if (args.known or
                                                 os.path.exists(kf)) else {}
        return known_cache[kf]

    passed = failed = xfailed = 0
    for path in files:
        name = os.path.basename(path)
        known = known_for(path).get(name)
        reason, details = compare(path, args)
        if known is None and not reason:
            print("PASS %s" % name)
            passed += 1
        elif known is not None and reason:
            print("XFAIL %s: %s (known: %s)" % (name, reason, known))
            passed += 1
            xfailed += 1
        elif known is not None:
            print("FAIL %s: unexpectedly passed, remove it from "
                  "known_failures.txt" % name)
            failed += 1
        else:
            for line in details:
                print(line, end="" if line.endswith("\n") else "\n")
            print("FAIL %s: %s" % (name, reason))
            failed += 1
        sys.stdout.flush()
    if xfailed:
        print("(%d expected failure%s counted as passed)"
              % (xfailed, "" if xfailed == 1 else "s"))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
