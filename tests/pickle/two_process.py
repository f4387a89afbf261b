#!/usr/bin/env python3
"""Pickles a blocked workflow in one spindle process and resumes it in
another (tests/pickle/resume/workflow.py); checks both outputs.
usage: two_process.py --spindle PATH"""
import argparse, os, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--spindle", required=True)
args = ap.parse_args()
script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "resume", "workflow.py")
failures = 0
for answer, last in (("yes", "approved"), ("no", "rejected")):
    with tempfile.TemporaryDirectory() as d:
        state = os.path.join(d, "state.json")
        a = subprocess.run([args.spindle, script, "start", state], capture_output=True, text=True, timeout=60)
        b = subprocess.run([args.spindle, script, "resume", state, answer], capture_output=True, text=True, timeout=60)
        want_a = "parked: True -1\n"
        want_b = ("resumed: True -1\nvalidated laptop\nmanager: yes\nfinance: %s\n%s\nclosed after 2 steps\nalive: False\n"
                  % (answer, last))
        for name, got, want in (("start", a, want_a), ("resume", b, want_b)):
            if got.returncode != 0 or got.stdout != want:
                failures += 1
                print("FAIL %s (%s): exit %d\n--- want\n%s--- got\n%s%s" % (name, answer, got.returncode, want, got.stdout, got.stderr))
print("ok" if not failures else "%d failures" % failures)
sys.exit(1 if failures else 0)
