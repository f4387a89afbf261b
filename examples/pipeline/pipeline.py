# A producer/consumer pipeline built from tasklets and channels.
#
# A sensor gateway receives raw text lines ("sensor,value"). Instead of one
# big loop, each step is its own tasklet and the steps talk through channels:
#
#   producer --lines--> parse --readings--> convert --converted--> aggregate
#                                                                      |
#   main  <------------------------------ report ---------------------+
#
# Every stage is an ordinary `for x in channel:` loop, so it reads like
# sequential code; the channels do the hand-over and the scheduling. Each
# stage prints what it does, so the output shows the order in which
# Stackless interleaves the stages (it is fully deterministic: no threads,
# no timers, only channel hand-overs decide who runs).
#
# Run it with:  build/spindle examples/pipeline/pipeline.py
import stackless

RAW = [
    "temp,21",
    "humidity,40",
    "temp,23",
    "garbage",        # malformed: parse drops it
    "pressure,1013",  # unknown sensor: convert drops it
    "temp,25",
    "humidity,44",
]


def finish(ch, who):
    # Ends the consumer's `for` loop. close() alone wakes nobody: it only
    # makes the consumer's *next* iteration step raise StopIteration once no
    # sender is left waiting. A consumer that is already blocked in receive()
    # would wait forever, so each waiting receiver (balance < 0) is handed the
    # documented end-of-iteration signal instead.
    ch.close()
    woken = 0
    while ch.balance < 0:
        ch.send_exception(StopIteration)
        woken += 1
    print(f"{who}: closed, woke {woken} waiting receiver(s)")


def producer(out):
    for line in RAW:
        print(f"producer: {line!r}")
        out.send(line)
    finish(out, "producer")


def parse(inp, out):
    # Turns text into (sensor, int) tuples; bad lines are logged and skipped
    # rather than crashing the whole pipeline.
    for line in inp:
        parts = line.split(",")
        if len(parts) != 2 or not parts[1].isdigit():
            print(f"  parse: skip {line!r}")
            continue
        reading = (parts[0], int(parts[1]))
        print(f"  parse: {reading}")
        out.send(reading)
    finish(out, "  parse")


# Unit conversions applied by the convert stage. Integer arithmetic keeps the
# output identical on every platform (no float formatting involved).
CONVERT = {
    "temp": ("F", lambda c: c * 9 // 5 + 32),   # Celsius -> Fahrenheit
    "humidity": ("%", lambda h: h),
}


def convert(inp, out):
    for sensor, value in inp:
        if sensor not in CONVERT:
            print(f"    convert: unknown sensor {sensor!r}")
            continue
        unit, fn = CONVERT[sensor]
        converted = (sensor, fn(value), unit)
        print(f"    convert: {converted}")
        out.send(converted)
    finish(out, "    convert")


def aggregate(inp, report):
    # Keeps per-sensor statistics; only after the stream ends does it have a
    # complete answer, which it sends to whoever waits on `report`.
    stats = {}
    for sensor, value, unit in inp:
        s = stats.setdefault(sensor, {"n": 0, "min": value, "max": value, "sum": 0, "unit": unit})
        s["n"] += 1
        s["min"] = min(s["min"], value)
        s["max"] = max(s["max"], value)
        s["sum"] += value
        print(f"      aggregate: {sensor} n={s['n']}")
    print("      aggregate: done")
    report.send(stats)


lines = stackless.channel()
readings = stackless.channel()
converted = stackless.channel()
report = stackless.channel()

# The first hop prefers the sender: after a hand-over the producer keeps
# running and parse is merely queued, so the producer reads one line ahead
# and parse is never blocked in receive() when the producer closes `lines`:
# close() alone ends that loop. The other hops keep the default preference
# (-1: a send switches straight to the waiting receiver, so each reading
# runs down the rest of the pipeline at once); there, whether the consumer
# is already waiting at the end depends on the timing, which finish() covers.
lines.preference = 1

# Consumers are created first so they are already waiting when data flows.
stages = [
    stackless.tasklet(aggregate)(converted, report),
    stackless.tasklet(convert)(readings, converted),
    stackless.tasklet(parse)(lines, readings),
    stackless.tasklet(producer)(lines),
]

# The main tasklet blocks on the report channel; the scheduler runs the
# stages until aggregate sends the final statistics back.
stats = report.receive()
print("report:")
for sensor in sorted(stats):
    s = stats[sensor]
    mean = s["sum"] // s["n"]
    print(f"  {sensor:<9} n={s['n']} min={s['min']}{s['unit']} max={s['max']}{s['unit']} mean={mean}{s['unit']}")

# aggregate's send switched straight to us (the waiting receiver), so main
# runs before the stages have returned: convert is still inside the
# send_exception() that ended aggregate's loop, and aggregate still inside
# report.send(). run() lets them finish their tails.
print("stages alive:", sum(t.alive for t in stages))
stackless.run()
print("stages alive after run():", sum(t.alive for t in stages))
print("all channels closed:", all(c.closed for c in (lines, readings, converted)))
