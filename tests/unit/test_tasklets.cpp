// The embedding API for tasklets and channels, used the way a host does.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "spindle/vm.hpp"

using spindle::Value;

namespace {

std::string run_ok(spindle::Vm& vm, const char* src) {
  std::string out;
  vm.write_stdout = [&out](std::string_view s) { out += s; };
  auto r = spindle::run_string(vm, src, "host.py");
  INFO(r.traceback);
  REQUIRE(r.ok());
  return out;
}

int64_t live_objects() { return spindle::heap_stats().live_objects; }

}  // namespace

TEST_CASE("a host feeds a channel that a VM tasklet drains") {
  spindle::Vm vm;
  run_ok(vm,
         "import stackless\n"
         "jobs = stackless.channel()\n"
         "done = []\n"
         "def worker():\n"
         "    for job in jobs:\n"
         "        done.append(job * 10)\n");
  Value jobs = spindle::global(vm, "jobs");
  auto spawned = spindle::spawn(vm, spindle::global(vm, "worker"));
  REQUIRE(spawned.ok());
  Value worker = spawned.value;

  // Nobody receives yet: a non-blocking send refuses and changes nothing.
  CHECK_FALSE(spindle::try_send(vm, jobs, Value::integer(1)));

  REQUIRE(spindle::run_tasklets(vm).ok());  // the worker blocks in receive
  auto info = spindle::inspect(vm, worker);
  CHECK(info.blocked);
  CHECK(info.where.find("worker (host.py:5)") == 0);

  for (int i = 1; i <= 3; ++i) {
    REQUIRE(spindle::try_send(vm, jobs, Value::integer(i)));
    // Woken, not run: it gets the value on the next scheduler run.
    CHECK(spindle::inspect(vm, worker).scheduled);
    CHECK_FALSE(spindle::inspect(vm, worker).blocked);
    REQUIRE(spindle::run_tasklets(vm).ok());
    CHECK(spindle::inspect(vm, worker).blocked);
  }
  // The blocking send runs the worker as part of the call.
  REQUIRE(spindle::send(vm, jobs, Value::integer(4)).ok());
  auto r = spindle::run_string(vm, "result = repr(done)\n");
  REQUIRE(r.ok());
  CHECK(spindle::to_string(vm, spindle::global(vm, "result")) == "[10, 20, 30, 40]");

  // Ending the iteration lets the worker finish.
  spindle::run_string(vm, "jobs.send_exception(StopIteration)\n");
  CHECK_FALSE(spindle::inspect(vm, worker).alive);
}

TEST_CASE("a host receives what tasklets send") {
  spindle::Vm vm;
  run_ok(vm,
         "import stackless\n"
         "out = stackless.channel()\n"
         "def producer(n):\n"
         "    for i in range(n):\n"
         "        out.send(i * i)\n");
  Value out = spindle::global(vm, "out");
  REQUIRE(spindle::spawn(vm, spindle::global(vm, "producer"), {Value::integer(3)}).ok());
  REQUIRE(spindle::run_tasklets(vm).ok());
  std::vector<int64_t> got;
  Value v;
  while (spindle::try_receive(vm, out, &v)) {
    got.push_back(v.as_int());
    REQUIRE(spindle::run_tasklets(vm).ok());
  }
  CHECK(got == std::vector<int64_t>{0, 1, 4});
  // A blocking receive with no sender left is a deadlock, reported as such.
  auto r = spindle::receive(vm, out);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error_type == "RuntimeError");
  CHECK(r.error_message == "Deadlock: the last runnable tasklet cannot be blocked.");
}

TEST_CASE("a host runs tasklets round robin with an instruction budget") {
  spindle::Vm vm;
  run_ok(vm,
         "import stackless\n"
         "counts = {}\n"
         "def spin(name, n):\n"
         "    i = 0\n"
         "    while i < n:\n"
         "        i += 1\n"
         "    counts[name] = i\n");
  Value spin = spindle::global(vm, "spin");
  for (const char* name : {"a", "b", "c"})
    REQUIRE(spindle::spawn(vm, spin, {spindle::make_str(vm, name), Value::integer(20000)}).ok());

  int interrupts = 0;
  for (;;) {
    auto r = spindle::run_tasklets(vm, 1000);
    REQUIRE(r.ok());
    if (r.value.is_none()) break;
    ++interrupts;
    auto info = spindle::inspect(vm, r.value);
    CHECK(info.paused);
    CHECK(info.alive);
    CHECK(info.where.find("spin (host.py:") == 0);
    REQUIRE(spindle::insert(vm, r.value).ok());
  }
  // 3 x 20000 iterations of 4+ counted instructions cannot fit in few slices.
  CHECK(interrupts > 30);
  auto r = spindle::run_string(vm, "result = repr(sorted(counts.items()))\n");
  REQUIRE(r.ok());
  CHECK(spindle::to_string(vm, spindle::global(vm, "result")) == "[('a', 20000), ('b', 20000), ('c', 20000)]");
  CHECK(spindle::runcount(vm) == 1);
}

TEST_CASE("a total budget bounds the whole scheduler run") {
  spindle::Vm vm;
  run_ok(vm,
         "import stackless\n"
         "def forever():\n"
         "    while True:\n"
         "        stackless.schedule()\n");
  REQUIRE(spindle::spawn(vm, spindle::global(vm, "forever")).ok());
  REQUIRE(spindle::spawn(vm, spindle::global(vm, "forever")).ok());
  // The two yield to each other forever: only a total budget stops them.
  auto r = spindle::run_tasklets(vm, 5000, true);
  REQUIRE(r.ok());
  REQUIRE(r.value.is_kind(spindle::ObjKind::Tasklet));
  CHECK(spindle::inspect(vm, r.value).paused);
}

TEST_CASE("an exception escaping a tasklet comes back to the host's run") {
  spindle::Vm vm;
  run_ok(vm,
         "import stackless\n"
         "def bad():\n"
         "    raise ValueError('from a tasklet')\n");
  REQUIRE(spindle::spawn(vm, spindle::global(vm, "bad")).ok());
  auto r = spindle::run_tasklets(vm);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error_type == "ValueError");
  CHECK(r.traceback.find("line 3, in bad") != std::string::npos);
  CHECK(r.traceback.find("<host>") == std::string::npos);
}

TEST_CASE("a host callback that blocks on a channel switches hard") {
  spindle::Vm vm;
  // A native that calls back into the VM: the callback's frames sit above
  // this C++ frame, so blocking inside them needs the stack copied.
  spindle::def(vm, "host_apply", [](spindle::Vm& vm, spindle::Args& a) -> Value {
    Value r = vm.call(a[0], {a[1]});
    if (r.is_null()) return r;
    return Value::integer(r.as_int() + 1000);
  });
  std::string out = run_ok(vm,
                           "import stackless\n"
                           "ch = stackless.channel()\n"
                           "out = []\n"
                           "def inner(i):\n"
                           "    me = stackless.getcurrent()\n"
                           "    out.append(('level', me.nesting_level, me.restorable))\n"
                           "    return ch.receive() * 10 + i\n"
                           "def consumer():\n"
                           "    for i in range(3):\n"
                           "        out.append(host_apply(inner, i))\n"
                           "def producer():\n"
                           "    for v in (1, 2, 3):\n"
                           "        print('waiting:', c.nesting_level, c.restorable, c.blocked)\n"
                           "        ch.send(v)\n"
                           "c = stackless.tasklet(consumer)()\n"
                           "stackless.tasklet(producer)()\n"
                           "stackless.run()\n"
                           "print(out)\n");
  CHECK(out ==
        "waiting: 1 False True\nwaiting: 1 False True\nwaiting: 1 False True\n"
        "[('level', 1, False), 1010, ('level', 1, False), 1021, ('level', 1, False), 1032]\n");
}

TEST_CASE("a host function blocks the calling tasklet from C++ and resumes it") {
  spindle::Vm vm;
  // The host itself calls a VM function (not through the loop) that blocks:
  // the tasklet's slice includes this host frame.
  spindle::def(vm, "host_wait", [](spindle::Vm& vm, spindle::Args& a) -> Value {
    auto r = spindle::receive(vm, a[0]);  // a host call inside a tasklet
    if (!r.ok()) return vm.raise(vm.exc.RuntimeError.get(), r.error_message);
    return Value::integer(r.value.as_int() * 2);
  });
  std::string out = run_ok(vm,
                           "import stackless\n"
                           "ch = stackless.channel()\n"
                           "def waiter(n):\n"
                           "    print('got', n, host_wait(ch))\n"
                           "for n in range(3):\n"
                           "    stackless.tasklet(waiter)(n)\n"
                           "stackless.run()\n"
                           "for v in (5, 6, 7):\n"
                           "    ch.send(v)\n");
  CHECK(out == "got 0 10\ngot 1 12\ngot 2 14\n");
}

TEST_CASE("two Vms on two threads switch hard independently") {
  auto work = [](int seed, std::string* out) {
    spindle::Vm vm;
    vm.write_stdout = [out](std::string_view s) { *out += s; };
    auto r = spindle::run_string(vm,
                                 "import stackless\n"
                                 "ch = stackless.channel()\n"
                                 "total = []\n"
                                 "def key(x):\n"
                                 "    return ch.receive() - x\n"
                                 "def sorter(i):\n"
                                 "    total.append(sorted(range(5), key=key))\n"
                                 "def feeder(n):\n"
                                 "    for i in range(n * 5):\n"
                                 "        ch.send(i)\n"
                                 "for i in range(20):\n"
                                 "    stackless.tasklet(sorter)(i)\n"
                                 "stackless.tasklet(feeder)(20)\n"
                                 "stackless.run()\n"
                                 "print(len(total), sum(sum(t) for t in total))\n",
                                 "thread.py");
    if (!r.ok()) *out += r.traceback;
    (void)seed;
  };
  std::string a, b;
  std::thread ta([&] { work(1, &a); });
  std::thread tb([&] { work(2, &b); });
  ta.join();
  tb.join();
  CHECK(a == "20 200\n");
  CHECK(b == "20 200\n");
}

TEST_CASE("killing, throwing into and abandoning blocked tasklets leaks nothing") {
  int64_t before = live_objects();
  {
    spindle::Vm vm;
    run_ok(vm,
           "import stackless\n"
           "ch = stackless.channel()\n"
           "log = []\n"
           "def waiter(i):\n"
           "    try:\n"
           "        ch.receive()\n"
           "    except KeyError:\n"
           "        log.append('caught')\n"
           "    finally:\n"
           "        log.append(i)\n"
           "ts = [stackless.tasklet(waiter)(i) for i in range(300)]\n"
           "stackless.run()\n");
    CHECK(spindle::tasklets(vm).size() == 301);
    run_ok(vm,
           "for t in ts[:100]:\n"
           "    t.kill()\n"
           "for t in ts[100:200]:\n"
           "    t.throw(KeyError)\n"
           "assert ch.balance == -100, ch.balance\n"
           "assert len(log) == 300 and log.count('caught') == 100\n"
           "ts = t = None\n");
    // The 200 dead ones are gone; 100 remain blocked on the channel.
    CHECK(spindle::tasklets(vm).size() == 101);
    CHECK(spindle::runcount(vm) == 1);
    // The rest stay blocked when the Vm ends: they simply stop.
  }
  CHECK(live_objects() == before);
}
