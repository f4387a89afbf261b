# CPython's side of bench/pickle/run.py: the same three measurements on the
# equivalent plain data. CPython cannot pickle a frame or a blocked
# coroutine, so the peer saves what a CPython program would have to save by
# hand -- the frames' locals as dicts, the tasklets' state as records, the
# workflow's state as a dict -- with pickle (protocol 5) and with json.
# usage: python3 peer.py deep|many|workflow|workflow-lean REPEAT
import json
import pickle
import sys
import time

MODE = sys.argv[1]
REPEAT = int(sys.argv[2])
clock = time.process_time


def best(fn):
    b, r = None, None
    for _ in range(REPEAT):
        t0 = clock()
        r = fn()
        t = clock() - t0
        if b is None or t < b:
            b = t
    return b, r


def row(bench, impl, **fields):
    print("row bench=%s impl=%s %s" % (bench, impl, " ".join(
        "%s=%s" % (k, ("%.9f" % v) if isinstance(v, float) else v) for k, v in fields.items())))


def codecs():
    yield "pickle", lambda o: pickle.dumps(o, protocol=5), pickle.loads
    yield "json", lambda o: json.dumps(o, separators=(",", ":")), json.loads


def frame_locals(d):
    # The locals of one frame of Spindle's deep(): 100 values in 5 kinds.
    kinds = [lambda i: d * 1000 + i, lambda i: d + i * 0.5, lambda i: "s%d_%d" % (d, i),
             lambda i: [d, i], lambda i: {"d": d, "i": i}]
    loc = {"d": d, "ch": {"channel": 0}, "r": None}
    for i in range(100):
        loc["v%02d" % i] = kinds[i % 5](i)
    return loc


def bench_deep():
    frames = [{"function": "deep", "pc": 412, "stack": [], "locals": frame_locals(d)} for d in range(10)]
    data = {"tasklet": {"state": "blocked", "frames": frames}, "channel": {"balance": -1}, "out": []}
    for name, dumps, loads in codecs():
        dumps_s, doc = best(lambda: dumps(data))
        loads_s, copy = best(lambda: loads(doc))
        if copy != data:
            sys.exit("broken deep %s" % name)
        size = len(doc) if isinstance(doc, bytes) else len(doc.encode())
        row("deep", "cpython-" + name, dumps=dumps_s, loads=loads_s, bytes=size)


def bench_many():
    n, nch = 10000, 100
    for name, dumps, loads in codecs():
        chans = [{"balance": 0, "queue": []} for _ in range(nch)]
        for i in range(n):
            t = {"function": "many_worker", "pc": 31, "state": "blocked",
                 "locals": {"i": i, "name": "w%d" % i, "state": {"id": i, "seen": 0}, "v": None}}
            # pickle keeps the shared references (channel <-> tasklet);
            # json cannot, so there the tasklet names its channel by index.
            t["locals"]["ch"] = chans[i % nch] if name == "pickle" else i % nch
            chans[i % nch]["queue"].append(t)
            chans[i % nch]["balance"] -= 1
        data = [chans, []]
        dumps_s, doc = best(lambda: dumps(data))
        loads_s, copy = best(lambda: loads(doc))
        if sum(c["balance"] for c in copy[0]) != -n:
            sys.exit("broken many %s" % name)
        size = len(doc) if isinstance(doc, bytes) else len(doc.encode())
        row("many", "cpython-" + name, dumps=dumps_s, loads=loads_s, bytes=size, tasklets=n)


# The workflow as CPython must write it to save it: setup() returns the
# state explicitly, finish() continues from it.
def setup(order_id, n_lines, lean):
    seed = order_id
    catalog = {}
    for k in range(200):
        seed = (seed * 1103515245 + 12345) % 2147483648
        catalog["SKU%04d" % k] = {"price": 1 + seed % 500,
                                  "category": ("hw", "sw", "svc", "ops")[seed % 4],
                                  "max_qty": 5 + (seed >> 9) % 20}
    lines = []
    problems = []
    totals = {}
    for j in range(n_lines):
        seed = (seed * 1103515245 + 12345) % 2147483648
        sku = "SKU%04d" % (seed % 204)
        qty = 1 + (seed >> 8) % 8
        item = catalog.get(sku)
        if item is None:
            problems.append((j, sku, "unknown sku"))
            continue
        if qty > item["max_qty"]:
            problems.append((j, sku, "qty %d > %d" % (qty, item["max_qty"])))
            qty = item["max_qty"]
        cost = qty * item["price"]
        totals[item["category"]] = totals.get(item["category"], 0) + cost
        lines.append((sku, qty, cost))
    subtotal = sum(totals.values())
    summary = {"order": order_id, "lines": len(lines), "problems": len(problems),
               "subtotal": subtotal, "tax": round(subtotal * 0.2, 2), "by_category": totals}
    # Everything the Spindle frame still holds when it blocks.
    if lean:
        return {"order_id": order_id, "n_lines": n_lines, "seed": seed, "problems": problems, "totals": totals,
                "subtotal": subtotal, "summary": summary}
    return {"order_id": order_id, "n_lines": n_lines, "seed": seed, "catalog": catalog, "lines": lines,
            "problems": problems, "totals": totals, "subtotal": subtotal, "summary": summary}


def finish(state, decision):
    summary = state["summary"]
    if decision == "approve" and summary["problems"] * 10 < summary["lines"]:
        status = "approved"
    else:
        status = "rejected"
    return (summary["order"], status, summary["subtotal"], summary["tax"], summary["lines"],
            len(state["problems"]))


def bench_workflow(lean):
    n_lines = 2000
    fresh_s, want = best(lambda: finish(setup(7, n_lines, lean), "approve"))
    state = setup(7, n_lines, lean)
    for name, dumps, loads in codecs():
        doc = dumps(state)
        resume_s, got = best(lambda: finish(loads(doc), "approve"))
        if list(got) != list(want):
            sys.exit("broken workflow %s: %r %r" % (name, got, want))
        size = len(doc) if isinstance(doc, bytes) else len(doc.encode())
        row("workflow-lean" if lean else "workflow", "cpython-" + name, fresh=fresh_s, resume=resume_s, bytes=size,
            result="/".join(str(x) for x in want))


{"deep": bench_deep, "many": bench_many, "workflow": lambda: bench_workflow(False),
 "workflow-lean": lambda: bench_workflow(True)}[MODE]()
