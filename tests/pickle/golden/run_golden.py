#!/usr/bin/env python3
"""Check the golden pickle documents, or the fuzzer's regression inputs.

usage: run_golden.py --spindle PATH golden
       run_golden.py --spindle PATH refused DIR

golden: every *.json beside this script must have a check program
check/NAME.py (and every check program its document, except
check/refused_versions.py which covers refused_*.json). Each check runs in
a fresh spindle process (cwd = check/), loads its document and prints what
it finds; its stdout must equal its `# expect:` lines (the format of
tests/stackless/run.py) and it must exit 0.

refused: every *.json in DIR is loaded by expect_refused.py in a fresh
spindle process and must be refused with pickle.UnpicklingError (exit 0;
under the sanitizers a leak or memory error makes the exit non-zero). When
NAME.expect exists beside NAME.json, the error message must contain its
text (the refusal must come from the check that fixed the finding).
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "stackless"))
import run as runner  # noqa: E402  (tests/stackless/run.py)


def golden(spindle):
    docs = sorted(n[:-5] for n in os.listdir(HERE) if n.endswith(".json"))
    checks = sorted(n[:-3] for n in os.listdir(os.path.join(HERE, "check")) if n.endswith(".py"))
    problems = []
    for d in docs:
        if d not in checks and not d.startswith("refused_"):
            problems.append("%s.json has no check/%s.py" % (d, d))
    for c in checks:
        if c not in docs and c != "refused_versions":
            problems.append("check/%s.py has no %s.json" % (c, c))
    if not docs:
        problems.append("no golden documents")
    passed = 0
    for c in checks:
        reason = runner.check(spindle, os.path.join(HERE, "check", c + ".py"), 120)
        if reason is None:
            passed += 1
            print("PASS %s" % c)
        else:
            problems.append("FAIL %s: %s" % (c, reason))
    for p in problems:
        print(p)
    print("%d passed, %d problems" % (passed, len(problems)))
    return 0 if not problems else 1


def refused(spindle, directory):
    files = sorted(n for n in os.listdir(directory) if n.endswith(".json"))
    failures = 0
    for n in files:
        path = os.path.abspath(os.path.join(directory, n))
        try:
            p = subprocess.run([spindle, os.path.join(HERE, "expect_refused.py"), path], capture_output=True,
                               text=True, timeout=120, stdin=subprocess.DEVNULL)
            out, rc, err = p.stdout, p.returncode, p.stderr
        except subprocess.TimeoutExpired:
            out, rc, err = "", None, "timeout"
        want = None
        sidecar = path[:-5] + ".expect"
        if os.path.exists(sidecar):
            with open(sidecar, encoding="utf-8") as f:
                want = f.read().strip()
        if rc == 0 and out.startswith("UnpicklingError: ") and (want is None or want in out):
            print("PASS %s: %s" % (n, out.strip()[:200]))
        else:
            failures += 1
            print("FAIL %s: exit %s\n%s%s" % (n, rc, out[-2000:], err[-4000:]))
    if not files:
        failures += 1
        print("FAIL: no inputs in %s" % directory)
    print("%d passed, %d failed" % (len(files) - failures, failures))
    return 0 if not failures else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spindle", required=True)
    ap.add_argument("mode", choices=("golden", "refused"))
    ap.add_argument("dir", nargs="?")
    a = ap.parse_args()
    spindle = os.path.abspath(a.spindle)
    if a.mode == "golden":
        return golden(spindle)
    if not a.dir:
        ap.error("refused needs a directory")
    return refused(spindle, a.dir)


if __name__ == "__main__":
    sys.exit(main())
