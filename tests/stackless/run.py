#!/usr/bin/env python3
"""Run the stackless-module test programs and compare with their expectations.

usage: python3 tests/stackless/run.py --spindle PATH [--model PATH] [--timeout S] FILE...

Each FILE is run as `PATH FILE` with cwd = the file's directory.  Its expected
output is given by trailing comment lines in the file itself:

    # expect: <line>          one line of stdout, in order (all of stdout)
    # expect-error: <line>    the last non-empty stderr line; exit status 1

A file without `# expect-error:` must exit with status 0.  With --model, each
file is also run under the reference model and must match there too (this
catches stale expectations; the model is a development tool, not a dependency).
A directory argument stands for the *.py files in it; run.py itself is skipped.
Prints `PASS name` or `FAIL name: reason` per file and ends with
`N passed, M failed`; exit status 0 only if every file passed.
"""
import argparse
import difflib
import os
import subprocess
import sys

EXPECT = "# expect:"
EXPECT_ERROR = "# expect-error:"


def strip_prefix(line, prefix):
    rest = line[len(prefix):]
    return rest[1:] if rest.startswith(" ") else rest


def parse_expectations(path):
    out, err = [], None
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line.startswith(EXPECT_ERROR):
                err = strip_prefix(line, EXPECT_ERROR).rstrip()
            elif line.startswith(EXPECT):
                out.append(strip_prefix(line, EXPECT))
    return out, err


def run_one(cmd, path, timeout):
    d = os.path.dirname(os.path.abspath(path))
    try:
        p = subprocess.run([cmd, os.path.basename(path)], cwd=d,
                           stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None, None, "timeout after %ss" % timeout
    except OSError as e:
        return None, None, None, "cannot run %s: %s" % (cmd, e)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    return out, err, p.returncode, None


def check(cmd, path, timeout):
    """Return None if the program behaves as expected, else a reason string."""
    exp_out, exp_err = parse_expectations(path)
    out, err, rc, problem = run_one(cmd, path, timeout)
    if problem:
        return problem
    got = out.splitlines()
    reasons = []
    if got != exp_out:
        diff = "\n".join(difflib.unified_diff(exp_out, got, "expected", "actual",
                                              lineterm="", n=2))
        reasons.append("stdout differs\n" + diff)
    err_lines = [l for l in err.splitlines() if l.strip()]
    last_err = err_lines[-1].rstrip() if err_lines else ""
    if exp_err is None:
        if rc != 0:
            reasons.append("exit status %s (expected 0); last stderr line: %s" % (rc, last_err))
    else:
        if rc != 1:
            reasons.append("exit status %s (expected 1)" % rc)
        if last_err != exp_err:
            reasons.append("last stderr line %r, expected %r" % (last_err, exp_err))
    return "\n".join(reasons) if reasons else None


def expand(args):
    files = []
    for a in args:
        if os.path.isdir(a):
            files.extend(os.path.join(a, n) for n in sorted(os.listdir(a))
                         if n.endswith(".py") and n != "run.py")
        elif os.path.basename(a) != "run.py":
            files.append(a)
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spindle", required=True, help="interpreter command to test")
    ap.add_argument("--model", help="stackless-model script: also check expectations against it")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    passed = failed = 0
    for path in expand(a.files):
        name = os.path.basename(path)
        reason = check(a.spindle, path, a.timeout)
        if reason is None and a.model:
            r = check(a.model, path, a.timeout)
            if r is not None:
                reason = "model disagrees with expectations: " + r
        if reason is None:
            passed += 1
            print("PASS %s" % name)
        else:
            failed += 1
            print("FAIL %s: %s" % (name, reason))
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
