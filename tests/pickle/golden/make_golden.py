#!/usr/bin/env python3
"""Regenerate the golden pickle documents from their generator modules.

usage: python3 tests/pickle/golden/make_golden.py --spindle build/spindle [CASE...]

For each generator module src/g_CASE.py (or only the CASEs named), spindle
runs a two-line main program that imports the module and writes
pickle.dumps(g_CASE.make()) to a file; the document is stored as CASE.json
beside this script. The module is copied to a temporary directory first and
that directory is removed from the "file" fields, so documents do not depend
on where the checkout lives: a document is exactly what the pickler wrote,
except that its code and module records name "g_CASE.py".

Two more documents are derived from scalars.json: refused_version2.json
("version": 2) and refused_bytecode2.json ("bytecode": 2), which every
Spindle that reads only version 1 must refuse.

Golden documents are frozen: regenerate one only on purpose (a new case, or
a deliberate format change that bumps kFormatVersion or kBytecodeVersion, in
which case the old files stay as they are and the loader must keep reading
them or refuse them by version). check/CASE.py states what loading CASE.json
must give; run_golden.py runs those checks (ctest pickle/golden_documents).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")

MAIN = """import sys, pickle
import {module}
doc = pickle.dumps({module}.make())
f = open(sys.argv[1], "w")
f.write(doc)
f.close()
"""


def generate(spindle, case):
    module = "g_" + case
    with tempfile.TemporaryDirectory() as tmp:
        tmp = os.path.realpath(tmp)
        shutil.copy(os.path.join(SRC, module + ".py"), tmp)
        with open(os.path.join(tmp, "main.py"), "w") as f:
            f.write(MAIN.format(module=module))
        out = os.path.join(tmp, "out.json")
        p = subprocess.run([spindle, "main.py", out], cwd=tmp, capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            sys.exit("make_golden: %s failed (exit %d):\n%s%s" % (case, p.returncode, p.stdout, p.stderr))
        with open(out, encoding="utf-8") as f:
            text = f.read()
    prefix = json.dumps(tmp + "/")[1:-1]
    text = text.replace(prefix, "")
    if tmp in text:
        sys.exit("make_golden: %s: the document still names the temporary directory" % case)
    json.loads(text)  # must be one JSON document
    return text


def derive(text, old, new, name):
    if text.count(old) != 1:
        sys.exit("make_golden: cannot derive %s: %r occurs %d times" % (name, old, text.count(old)))
    return text.replace(old, new)


def write(name, text):
    path = os.path.join(HERE, name + ".json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")
    print("wrote", os.path.relpath(path))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spindle", required=True)
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    spindle = os.path.abspath(a.spindle)
    cases = a.cases or sorted(n[2:-3] for n in os.listdir(SRC) if n.startswith("g_") and n.endswith(".py"))
    for case in cases:
        text = generate(spindle, case)
        write(case, text)
        if case == "scalars":
            write("refused_version2", derive(text, '"version":1', '"version":2', "refused_version2"))
            write("refused_bytecode2", derive(text, '"bytecode":1', '"bytecode":2', "refused_bytecode2"))


if __name__ == "__main__":
    main()
