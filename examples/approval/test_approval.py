#!/usr/bin/env python3
"""End to end: expense workflows parked in SQLite and resumed by separate
processes of examples/approval (each command below is its own process).

usage: test_approval.py --approval PATH/approval_example
Checks every process's output and exit status, and the database itself
(read with Python's sqlite3, independently of the host)."""
import argparse, json, os, re, shutil, sqlite3, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--approval", required=True)
args = ap.parse_args()
here = os.path.dirname(os.path.abspath(__file__))
failures = []


def run(db, *argv, flow=None, allow=False, want_rc=0):
    cmd = [args.approval]
    if flow:
        cmd += ["--flow", flow]
    if allow:
        cmd += ["--allow-changed-code"]
    cmd += [db] + list(argv)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if p.returncode != want_rc:
        failures.append("%s: exit %d (wanted %d)\n%s%s" % (" ".join(argv), p.returncode, want_rc, p.stdout, p.stderr))
    # The parked frame's location names the script's path: keep the file name.
    return re.sub(r"\(\S*/", "(", p.stdout), p.stderr


def expect(what, got, want):
    if got != want:
        failures.append("%s:\n--- want\n%s--- got\n%s" % (what, want, got))


def rows(db):
    with sqlite3.connect(db) as c:
        return {n: (s, o, d) for n, s, o, d in c.execute("SELECT number, state, outcome, document FROM workflows")}


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "expenses.db")

    out, _ = run(db, "start", "17", "alice", "1250", "a laptop")
    expect("start 17", re.sub(r"\d+ bytes", "N bytes", out),
           "[manager] expense 17: alice asks 1250 for a laptop (step 1)\n"
           "expense 17 waiting in expense (flow.py:41) (N bytes pickled)\n")
    out, _ = run(db, "start", "18", "bob", "300", "train tickets")
    expect("start 18", out.splitlines()[0], "[manager] expense 18: bob asks 300 for train tickets (step 1)")
    # Refused at once: never parked.
    out, _ = run(db, "start", "19", "carol", "0", " ")
    expect("start 19", out,
           "[audit] expense 19 (carol, 0) closed after 0 decision(s)\n"
           "expense 19 rejected: the amount must be positive; say what it is for\n")
    _, err = run(db, "start", "17", "alice", "1", "again", want_rc=1)
    expect("start 17 twice", err, "expense 17 exists already\n")

    with sqlite3.connect(db) as c:
        expect("journal mode", c.execute("PRAGMA journal_mode").fetchone()[0], "wal")
    r = rows(db)
    expect("states after start", {n: s for n, (s, _, _) in r.items()},
           {"17": "waiting", "18": "waiting", "19": "rejected"})
    doc17 = json.loads(r["17"][2])
    expect("document format", (doc17["format"], doc17["version"]), ("spindle-pickle", 1))
    expect("no document once closed", r["19"][2], None)

    # A damaged row: refused with a pointer, the row left exactly as it was.
    with sqlite3.connect(db) as c:
        broken = r["18"][2].replace('"t":"tasklet"', '"t":"taskle"')
        if broken == r["18"][2]:
            failures.append("could not damage document 18 (format changed?)")
        c.execute("UPDATE workflows SET document = ? WHERE number = '18'", (broken,))
    out, err = run(db, "decide", "18", "yes", "dana", want_rc=1)
    if "UnpicklingError: /objects/" not in err or "unknown record type 'taskle'" not in err:
        failures.append("damaged document 18: wrong error:\n" + err)
    expect("damaged document: row unchanged", rows(db)["18"], ("waiting", None, broken))
    with sqlite3.connect(db) as c:
        c.execute("UPDATE workflows SET document = ? WHERE number = '18'", (r["18"][2],))

    # The script changed since the workflow was parked: refused by default,
    # naming module, function and both hashes; nothing is written.
    changed = os.path.join(tmp, "flow.py")
    with open(os.path.join(here, "flow.py")) as f:
        source = f.read()
    with open(changed, "w") as f:
        f.write(source.replace("closed after", "done after"))
    out, err = run(db, "decide", "18", "yes", "dana", flow=changed, want_rc=1)
    if not re.search(r"UnpicklingError: /objects/\d+: module '__main__' changed: function 'expense' was pickled "
                     r"with source fnv1a64:[0-9a-f]+, the loaded module has fnv1a64:[0-9a-f]+", err):
        failures.append("changed code: wrong error:\n" + err)
    expect("changed code: row unchanged", rows(db)["18"], r["18"])

    # Each decision is a new process; 17 needs two (manager, then finance).
    out, _ = run(db, "decide", "17", "yes", "dana", "fine")
    expect("decide 17 manager", re.sub(r"\d+ bytes", "N bytes", out),
           "[finance] expense 17: alice asks 1250 for a laptop (step 2)\n"
           "expense 17 waiting in expense (flow.py:41) (N bytes pickled)\n")
    expect("17 still waiting", rows(db)["17"][0], "waiting")
    out, _ = run(db, "decide", "17", "yes", "erin")
    expect("decide 17 finance", out,
           "[audit] expense 17 (alice, 1250) closed after 2 decision(s)\n"
           "expense 17 approved: manager dana, finance erin\n")
    _, err = run(db, "decide", "17", "yes", "erin", want_rc=1)
    expect("decide 17 again", err, "expense 17 is approved\n")

    # Opting in runs the pickled (old) code: its finally block still says
    # "closed after", the text of the code it was parked in.
    out, _ = run(db, "decide", "18", "no", "dana", "use the bus", flow=changed, allow=True)
    expect("decide 18 with changed code allowed", out,
           "[audit] expense 18 (bob, 300) closed after 1 decision(s)\n"
           "expense 18 rejected: manager dana said no: use the bus\n")

    expect("final rows", {n: (s, o) for n, (s, o, _) in rows(db).items()},
           {"17": ("approved", "manager dana, finance erin"),
            "18": ("rejected", "manager dana said no: use the bus"),
            "19": ("rejected", "the amount must be positive; say what it is for")})
    out, _ = run(db, "show")
    expect("show", out,
           "17  approved  manager dana, finance erin\n"
           "18  rejected  manager dana said no: use the bus\n"
           "19  rejected  the amount must be positive; say what it is for\n")

for f in failures:
    print("FAIL " + f)
print("ok" if not failures else "%d failures" % len(failures))
sys.exit(1 if failures else 0)
