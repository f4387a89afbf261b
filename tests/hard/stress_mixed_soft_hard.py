import stackless

# Stress: 1,000 worker tasklets and 8 server tasklets over 4 shared request
# channels. Each worker does ROUNDS rounds; a fixed-seed LCG (one per
# tasklet) decides every round whether it sends a request to a shared
# channel and waits for the reply on its own channel, or only yields; and
# for each blocking step whether it blocks softly (plain send/receive/
# schedule) or hard (inside a sorted() key function, a map() callback
# consumed by list(), __str__ called by str(), __eq__ called by a dict
# lookup, a generator driven by list()). Servers block the same mixed ways.
# At the end the servers' per-channel counts and sums must equal what
# replaying every worker's plan predicts, every reply must be right, and an
# order-dependent hash of the service order must match Stackless's.
WORKERS = 1000
ROUNDS = 100
CHANNELS = 4
SERVERS_PER_CHANNEL = 2
M = 2147483648


class Rng:
    # The LCG of the C standard's example rand(), on 31 bits.
    def __init__(self, seed):
        self.x = seed % M

    def next(self, n):
        self.x = (self.x * 1103515245 + 12345) % M
        return (self.x >> 8) % n


def reply_for(value):
    return (value * value + 7) % 10007


# ---- blocking the hard or the soft way ---------------------------------------

class StrSend:
    def __init__(self, ch, v):
        self.ch = ch
        self.v = v
    def __str__(self):
        self.ch.send(self.v)
        return "s"


class StrRecv:
    def __init__(self, ch):
        self.ch = ch
        self.got = None
    def __str__(self):
        self.got = self.ch.receive()
        return "r"


class EqOp:
    # A dict key whose __eq__ performs the channel operation.
    def __init__(self, op):
        self.op = op
        self.result = None
    def __hash__(self):
        return 5
    def __eq__(self, other):
        if self.op is not None:
            self.result = self.op()
        elif other.op is not None:
            other.result = other.op()
        return True


def gen_op(op):
    yield op()


def do_send(ch, v, mode):
    if mode == 0:
        ch.send(v)
    elif mode == 1:
        sorted([0], key=lambda x: ch.send(v))
    elif mode == 2:
        list(map(ch.send, [v]))
    elif mode == 3:
        str(StrSend(ch, v))
    elif mode == 4:
        {EqOp(None): 1}[EqOp(lambda: ch.send(v))]
    else:
        list(gen_op(lambda: ch.send(v)))


def do_receive(ch, mode):
    if mode == 0:
        return ch.receive()
    if mode == 1:
        box = []
        sorted([0], key=lambda x: box.append(ch.receive()))
        return box[0]
    if mode == 2:
        return list(map(lambda c: c.receive(), [ch]))[0]
    if mode == 3:
        s = StrRecv(ch)
        str(s)
        return s.got
    if mode == 4:
        k = EqOp(ch.receive)
        {EqOp(None): 1}[k]
        return k.result
    return list(gen_op(ch.receive))[0]


def do_yield(mode):
    if mode == 0:
        stackless.schedule()
    elif mode == 1:
        sorted([1, 0], key=lambda x: stackless.schedule() and x)
    else:
        list(map(lambda x: stackless.schedule(), [0]))


MODES = 6


# ---- workers and servers -----------------------------------------------------

def plan(wid):
    # The worker's rounds as data: (channel or -1, value, send mode,
    # receive mode, yield mode). Pure function of the worker id.
    rng = Rng(wid * 7919 + 1)
    rounds = []
    for r in range(ROUNDS):
        if rng.next(4) == 0:
            rounds.append((-1, 0, 0, 0, rng.next(3)))
        else:
            rounds.append((rng.next(CHANNELS), rng.next(1000), rng.next(MODES), rng.next(MODES), 0))
    return rounds


requests = [stackless.channel() for c in range(CHANNELS)]
stats = {"bad replies": 0, "replies": 0, "yields": 0, "workers done": 0}


def worker(wid):
    mine = stackless.channel()
    for c, value, smode, rmode, ymode in plan(wid):
        if c < 0:
            do_yield(ymode)
            stats["yields"] += 1
            continue
        do_send(requests[c], (wid, value, mine), smode)
        got = do_receive(mine, rmode)
        stats["replies"] += 1
        if got != reply_for(value):
            stats["bad replies"] += 1
    stats["workers done"] += 1


served = [[0, 0] for c in range(CHANNELS)]  # per channel: count, sum of values
order_hash = [0]


def server(sid, c):
    rng = Rng(100003 + sid)
    ch = requests[c]
    while True:
        req = do_receive(ch, rng.next(MODES))
        if req is None:
            break
        wid, value, reply = req
        served[c][0] += 1
        served[c][1] += value
        order_hash[0] = (order_hash[0] * 31 + wid * 1000 + value) % 1000000007
        do_send(reply, reply_for(value), rng.next(MODES))


servers = []
for c in range(CHANNELS):
    for k in range(SERVERS_PER_CHANNEL):
        servers.append(stackless.tasklet(server)(len(servers), c))
workers = [stackless.tasklet(worker)(w) for w in range(WORKERS)]
stackless.run()

# Everything is done but the servers, which wait for more requests.
print("workers done", stats["workers done"], "alive", sum(1 for t in workers if t.alive))
print("servers waiting", [ch.balance for ch in requests])
for c in range(CHANNELS):
    for k in range(SERVERS_PER_CHANNEL):
        requests[c].send(None)
print("servers done", sum(1 for t in servers if not t.alive), "runcount", stackless.getruncount())

# Replay the plans: what the servers must have seen.
expected = [[0, 0] for c in range(CHANNELS)]
expected_yields = 0
modes_used = {}
for w in range(WORKERS):
    for c, value, smode, rmode, ymode in plan(w):
        if c < 0:
            expected_yields += 1
            continue
        expected[c][0] += 1
        expected[c][1] += value
        modes_used[smode] = modes_used.get(smode, 0) + 1
total = sum(e[0] for e in expected)
print("requests", total, "replies", stats["replies"], "bad", stats["bad replies"])
print("yields", stats["yields"], expected_yields == stats["yields"])
print("per channel", served)
print("matches plan", served == expected)
print("hard sends", sum(n for m, n in modes_used.items() if m != 0), "soft sends", modes_used.get(0, 0))
print("order hash", order_hash[0])
print("balances", [ch.balance for ch in requests])

# expect: workers done 1000 alive 0
# expect: servers waiting [-2, -2, -2, -2]
# expect: servers done 8 runcount 1
# expect: requests 73002 replies 73002 bad 0
# expect: yields 26998 True
# expect: per channel [[18351, 9201931], [19859, 9939432], [17931, 8976429], [16861, 8430878]]
# expect: matches plan True
# expect: hard sends 62217 soft sends 10785
# expect: order hash 916481831
# expect: balances [0, 0, 0, 0]
