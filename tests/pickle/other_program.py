#!/usr/bin/env python3
"""A workflow parked by one program (elsewhere/park.py) is resumed by a
different program (elsewhere/resume.py) in a new process, parked again and
finished by a third process: the pickle carries the code and the module
globals that code uses (definitions and constants; mutable module state stays
in its process), so the resuming program needs neither the script nor
matching globals of its own.
usage: other_program.py --spindle PATH"""
import argparse, os, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--spindle", required=True)
args = ap.parse_args()
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "elsewhere")
steps = [
    (["park.py", "{d}/1.json"], "step a total 3 calls 1\nparked\n"),
    (["resume.py", "{d}/1.json", "2", "{d}/2.json"],
     "loaded True -1\nstep b total 9 calls 2\nNameError: name 'seen' is not defined\nalive True RATE here 100 -1\nparked again\n"),
    (["resume.py", "{d}/2.json", "5"], "loaded True -1\nstep c total 24 calls 3\nNameError: name 'seen' is not defined\nalive False RATE here 100 -1\n"),
]
failures = 0
with tempfile.TemporaryDirectory() as d:
    for argv, want in steps:
        # Each process runs in its own empty directory: no script is importable.
        cwd = tempfile.mkdtemp(dir=d)
        cmd = [os.path.abspath(args.spindle), os.path.join(here, argv[0])] + [a.format(d=d) for a in argv[1:]]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=cwd)
        if p.returncode != 0 or p.stdout != want:
            failures += 1
            print("FAIL %s: exit %d\n--- want\n%s--- got\n%s%s" % (" ".join(argv), p.returncode, want, p.stdout, p.stderr))
print("ok" if not failures else "%d failures" % failures)
sys.exit(1 if failures else 0)
