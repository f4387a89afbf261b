# Spindle's side of bench/pickle/run.py: times pickle.dumps, pickle.loads
# and resuming with bench_clock() (a builtin of the pickle_bench driver,
# process CPU time). Each measurement checks its own result before it prints
# its row; a broken run prints no row.
# usage: pickle_bench tasklets.py deep|many|workflow|workflow-lean REPEAT
import sys
import stackless
import pickle

MODE = sys.argv[1]
REPEAT = int(sys.argv[2])


def best(fn):
    # (best seconds, last result) over REPEAT calls.
    b, r = None, None
    for _ in range(REPEAT):
        t0 = bench_clock()
        r = fn()
        t = bench_clock() - t0
        if b is None or t < b:
            b = t
    return b, r


def fail(why):
    print("broken", MODE, why)
    sys.exit(1)


# ---- (1) one tasklet blocked 10 frames deep, 100 locals per frame --------

def deep(d, ch):
    v00 = d * 1000 + 0
    v01 = d + 1 * 0.5
    v02 = "s%d_2" % d
    v03 = [d, 3]
    v04 = {"d": d, "i": 4}
    v05 = d * 1000 + 5
    v06 = d + 6 * 0.5
    v07 = "s%d_7" % d
    v08 = [d, 8]
    v09 = {"d": d, "i": 9}
    v10 = d * 1000 + 10
    v11 = d + 11 * 0.5
    v12 = "s%d_12" % d
    v13 = [d, 13]
    v14 = {"d": d, "i": 14}
    v15 = d * 1000 + 15
    v16 = d + 16 * 0.5
    v17 = "s%d_17" % d
    v18 = [d, 18]
    v19 = {"d": d, "i": 19}
    v20 = d * 1000 + 20
    v21 = d + 21 * 0.5
    v22 = "s%d_22" % d
    v23 = [d, 23]
    v24 = {"d": d, "i": 24}
    v25 = d * 1000 + 25
    v26 = d + 26 * 0.5
    v27 = "s%d_27" % d
    v28 = [d, 28]
    v29 = {"d": d, "i": 29}
    v30 = d * 1000 + 30
    v31 = d + 31 * 0.5
    v32 = "s%d_32" % d
    v33 = [d, 33]
    v34 = {"d": d, "i": 34}
    v35 = d * 1000 + 35
    v36 = d + 36 * 0.5
    v37 = "s%d_37" % d
    v38 = [d, 38]
    v39 = {"d": d, "i": 39}
    v40 = d * 1000 + 40
    v41 = d + 41 * 0.5
    v42 = "s%d_42" % d
    v43 = [d, 43]
    v44 = {"d": d, "i": 44}
    v45 = d * 1000 + 45
    v46 = d + 46 * 0.5
    v47 = "s%d_47" % d
    v48 = [d, 48]
    v49 = {"d": d, "i": 49}
    v50 = d * 1000 + 50
    v51 = d + 51 * 0.5
    v52 = "s%d_52" % d
    v53 = [d, 53]
    v54 = {"d": d, "i": 54}
    v55 = d * 1000 + 55
    v56 = d + 56 * 0.5
    v57 = "s%d_57" % d
    v58 = [d, 58]
    v59 = {"d": d, "i": 59}
    v60 = d * 1000 + 60
    v61 = d + 61 * 0.5
    v62 = "s%d_62" % d
    v63 = [d, 63]
    v64 = {"d": d, "i": 64}
    v65 = d * 1000 + 65
    v66 = d + 66 * 0.5
    v67 = "s%d_67" % d
    v68 = [d, 68]
    v69 = {"d": d, "i": 69}
    v70 = d * 1000 + 70
    v71 = d + 71 * 0.5
    v72 = "s%d_72" % d
    v73 = [d, 73]
    v74 = {"d": d, "i": 74}
    v75 = d * 1000 + 75
    v76 = d + 76 * 0.5
    v77 = "s%d_77" % d
    v78 = [d, 78]
    v79 = {"d": d, "i": 79}
    v80 = d * 1000 + 80
    v81 = d + 81 * 0.5
    v82 = "s%d_82" % d
    v83 = [d, 83]
    v84 = {"d": d, "i": 84}
    v85 = d * 1000 + 85
    v86 = d + 86 * 0.5
    v87 = "s%d_87" % d
    v88 = [d, 88]
    v89 = {"d": d, "i": 89}
    v90 = d * 1000 + 90
    v91 = d + 91 * 0.5
    v92 = "s%d_92" % d
    v93 = [d, 93]
    v94 = {"d": d, "i": 94}
    v95 = d * 1000 + 95
    v96 = d + 96 * 0.5
    v97 = "s%d_97" % d
    v98 = [d, 98]
    v99 = {"d": d, "i": 99}
    if d == 0:
        r = ch.receive()
    else:
        r = deep(d - 1, ch)
    return r + v00


def deep_worker(ch, out):
    out.append(deep(9, ch))


def bench_deep():
    ch = stackless.channel()
    out = []
    t = stackless.tasklet(deep_worker)(ch, out)
    stackless.run()
    if ch.balance != -1:
        fail("not blocked")
    root = [t, ch, out]
    dumps_s, doc = best(lambda: pickle.dumps(root))
    loads_s, copy = best(lambda: pickle.loads(doc))
    t2, ch2, out2 = copy
    ch2.send(5)
    if out2 != [45005] or t2.alive or out:
        fail("resumed copy gave %r" % (out2,))
    print("row bench=deep impl=spindle dumps=%.9f loads=%.9f bytes=%d" % (dumps_s, loads_s, len(doc)))


# ---- (2) 10,000 blocked tasklets on 100 channels --------------------------

def many_worker(i, ch, out):
    name = "w%d" % i
    state = {"id": i, "seen": 0}
    v = ch.receive()
    state["seen"] = v
    out.append(i + v)


def bench_many():
    n, nch = 10000, 100
    chans = [stackless.channel() for _ in range(nch)]
    out = []
    for i in range(n):
        stackless.tasklet(many_worker)(i, chans[i % nch], out)
    stackless.run()
    if sum(c.balance for c in chans) != -n:
        fail("not all blocked")
    root = [chans, out]
    dumps_s, doc = best(lambda: pickle.dumps(root))
    loads_s, copy = best(lambda: pickle.loads(doc))
    chans2, out2 = copy
    if sum(c.balance for c in chans2) != -n:
        fail("loaded balances")
    for c in chans2:
        while c.balance < 0:
            c.send(1)
    if len(out2) != n or sum(out2) != n * (n - 1) // 2 + n or out:
        fail("resumed copies")
    print("row bench=many impl=spindle dumps=%.9f loads=%.9f bytes=%d tasklets=%d" % (dumps_s, loads_s, len(doc), n))


# ---- (3) a workflow: resume from a pickle vs start it afresh --------------

def order_workflow(order_id, n_lines, lean, approvals, out):
    # Setup: a catalog, generated order lines, validation and pricing.
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
    if lean:
        # Keep only what the decision needs while waiting.
        catalog = None
        lines = None
    # Wait for a decision (days, in real life).
    decision = approvals.receive()
    if decision == "approve" and summary["problems"] * 10 < summary["lines"]:
        status = "approved"
    else:
        status = "rejected"
    out.append((summary["order"], status, summary["subtotal"], summary["tax"], summary["lines"], len(problems)))


def bench_workflow(lean):
    n_lines = 2000

    def afresh():
        ch = stackless.channel()
        out = []
        stackless.tasklet(order_workflow)(7, n_lines, lean, ch, out)
        stackless.run()
        ch.send("approve")
        return out

    fresh_s, want = best(afresh)
    ch = stackless.channel()
    out = []
    stackless.tasklet(order_workflow)(7, n_lines, lean, ch, out)
    stackless.run()
    doc = pickle.dumps([ch, out])

    def resume():
        ch2, out2 = pickle.loads(doc)
        ch2.send("approve")
        return out2

    resume_s, got = best(resume)
    if got != want or len(want) != 1:
        fail("resumed %r, afresh %r" % (got, want))
    print("row bench=%s impl=spindle fresh=%.9f resume=%.9f bytes=%d result=%s" % (
        "workflow-lean" if lean else "workflow", fresh_s, resume_s, len(doc), "/".join(str(x) for x in want[0])))


{"deep": bench_deep, "many": bench_many, "workflow": lambda: bench_workflow(False),
 "workflow-lean": lambda: bench_workflow(True)}[MODE]()
