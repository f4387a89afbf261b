# An expense-approval workflow, written as one ordinary function.
#
# It blocks in inbox.receive() while it waits for a person, which may take
# days. Meanwhile the host (main.cpp) pickles the blocked tasklet into SQLite
# and exits; a later process loads it and sends the decision, and the
# workflow goes on from that line with its locals, its loop over plan() (a
# generator) and its try/finally intact.
#
# notify and close are host functions passed in by the host. They are
# registered as permanents, so the pickle names them instead of copying them.

FINANCE_THRESHOLD = 1000


def plan(amount):
    """The people who must approve, in order."""
    yield "manager"
    if amount > FINANCE_THRESHOLD:
        yield "finance"


def problems_with(request):
    problems = []
    if request["amount"] <= 0:
        problems.append("the amount must be positive")
    if not request["what"].strip():
        problems.append("say what it is for")
    return problems


def expense(number, employee, amount, what, inbox, notify, close):
    request = {"number": number, "employee": employee, "amount": amount, "what": what}
    decisions = []
    try:
        problems = problems_with(request)
        if problems:
            close(number, "rejected", "; ".join(problems))
            return
        for step, role in enumerate(plan(amount), 1):
            notify(role, f"expense {number}: {employee} asks {amount} for {what} (step {step})")
            decision, by, note = inbox.receive()  # parked here until someone decides
            decisions.append((role, by, decision))
            if decision != "yes":
                close(number, "rejected", f"{role} {by} said no: {note}")
                return
        close(number, "approved", ", ".join(f"{role} {by}" for role, by, _ in decisions))
    finally:
        notify("audit", f"expense {number} ({employee}, {amount}) closed after {len(decisions)} decision(s)")
