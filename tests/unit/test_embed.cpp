// The embedding API, exercised the way a host uses it.
#include <catch2/catch.hpp>

#include <string>

#include "spindle/vm.hpp"

using spindle::Value;

namespace {

int64_t live_objects() { return spindle::heap_stats().live_objects; }

}  // namespace

TEST_CASE("a host runs a script, reads a global and calls a function") {
  spindle::Vm vm;
  auto r = spindle::run_string(vm, "x = 6 * 7\ndef add(a, b=10):\n    return a + b\n");
  REQUIRE(r.ok());
  Value x = spindle::global(vm, "x");
  REQUIRE(x.is_int());
  CHECK(x.as_int() == 42);
  auto c = spindle::call(vm, spindle::global(vm, "add"), {Value::integer(1)});
  REQUIRE(c.ok());
  CHECK(c.value.as_int() == 11);
}

TEST_CASE("errors come back as results with a Python traceback") {
  spindle::Vm vm;
  auto r = spindle::run_string(vm, "def f():\n    return 1 // 0\nf()\n", "boom.py");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error_type == "ZeroDivisionError");
  CHECK(r.error_message == "integer division or modulo by zero");
  CHECK(r.traceback.find("Traceback (most recent call last):") == 0);
  CHECK(r.traceback.find("File \"boom.py\", line 2, in f") != std::string::npos);
  CHECK(r.traceback.find("File \"boom.py\", line 3, in <module>") != std::string::npos);
}

TEST_CASE("syntax errors report file, line and column") {
  spindle::Vm vm;
  auto r = spindle::run_string(vm, "x = 1\nif x\n    pass\n", "bad.py");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error_type == "SyntaxError");
  CHECK(r.traceback.find("File \"bad.py\", line 2") != std::string::npos);
  CHECK(r.traceback.find("^") != std::string::npos);
}

TEST_CASE("host natives are callable from scripts and can raise") {
  spindle::Vm vm;
  spindle::def(vm, "host_sum", [](spindle::Vm& vm, spindle::Args& a) -> Value {
    int64_t total = 0;
    for (int i = 0; i < a.n; ++i) {
      if (!a[i].is_int()) return vm.raise(vm.exc.TypeError.get(), "host_sum() takes ints");
      total += a[i].as_int();
    }
    return Value::integer(total);
  });
  auto r = spindle::run_string(vm,
                               "s = host_sum(1, 2, 3)\n"
                               "try:\n    host_sum('x')\nexcept TypeError as e:\n    msg = str(e)\n");
  REQUIRE(r.ok());
  CHECK(spindle::global(vm, "s").as_int() == 6);
  CHECK(spindle::to_string(vm, spindle::global(vm, "msg")) == "host_sum() takes ints");
}

namespace {

// Soft-aware native: asks the loop to call f(x), then adds one to the result
// in its continuation, carrying no C++ state across the call.
Value add_one_after(spindle::Vm& vm, Value result, Value state) {
  if (result.is_null()) return Value();
  return spindle::binary_op(vm, spindle::ast::BinOpKind::Add, result, state);
}

Value call_then_add(spindle::Vm& vm, spindle::Args& a) {
  if (!spindle::check_args(vm, a, "call_then_add", 2, 2)) return Value();
  return vm.call_then(a[0], {a[1]}, add_one_after, Value::integer(1));
}

}  // namespace

TEST_CASE("a native's call_then request runs the callee in the loop and resumes the continuation") {
  spindle::Vm vm;
  spindle::def(vm, "call_then_add", call_then_add);
  auto r = spindle::run_string(vm,
                               "def depth_probe(x):\n"
                               "    return x * 10\n"
                               "def fails(x):\n"
                               "    raise ValueError(x)\n"
                               "cta = call_then_add\n"
                               "a = call_then_add(depth_probe, 4)\n"
                               "try:\n"
                               "    call_then_add(fails, 'bad')\n"
                               "except ValueError as e:\n"
                               "    b = e.args[0]\n");
  REQUIRE(r.ok());
  CHECK(spindle::global(vm, "a").as_int() == 41);
  CHECK(spindle::to_string(vm, spindle::global(vm, "b")) == "bad");
  // From C++ (no loop running) the same native still works.
  auto c = spindle::call(vm, spindle::global(vm, "cta"),
                         {spindle::global(vm, "depth_probe"), Value::integer(2)});
  REQUIRE(c.ok());
  CHECK(c.value.as_int() == 21);
}

TEST_CASE("VM-to-VM calls do not recurse on the C stack") {
  spindle::Vm vm;
  auto r = spindle::run_string(vm,
                               "import sys\n"
                               "sys.setrecursionlimit(200000)\n"
                               "def down(n):\n"
                               "    return 0 if n == 0 else 1 + down(n - 1)\n"
                               "result = down(150000)\n");
  REQUIRE(r.ok());
  CHECK(spindle::global(vm, "result").as_int() == 150000);
  auto deep = spindle::run_string(vm, "sys.setrecursionlimit(1000)\ndown(5000)\n");
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error_type == "RecursionError");
}

TEST_CASE("natives calling back into the VM count as nesting") {
  spindle::Vm vm;
  int seen = -1;
  spindle::def(vm, "probe_nesting", [&seen](spindle::Vm& vm, spindle::Args&) -> Value {
    seen = vm.nesting;
    return Value::none();
  });
  auto r = spindle::run_string(vm,
                               "class K:\n"
                               "    def __lt__(self, other):\n"
                               "        probe_nesting()\n"
                               "        return True\n"
                               "sorted([K(), K()])\n");
  REQUIRE(r.ok());
  CHECK(seen >= 1);
}

TEST_CASE("a Vm leaves no live objects behind") {
  int64_t before = live_objects();
  {
    spindle::Vm vm;
    auto r = spindle::run_string(vm,
                                 "data = {'a': [1, 2, (3, 4)], 'b': {5, 6}}\n"
                                 "def gen(n):\n"
                                 "    for i in range(n):\n"
                                 "        yield i\n"
                                 "total = sum(gen(10))\n"
                                 "class P:\n"
                                 "    def __init__(self, x):\n"
                                 "        self.x = x\n"
                                 "ps = [P(i) for i in range(5)]\n"
                                 "try:\n"
                                 "    1 / 0\n"
                                 "except ZeroDivisionError as e:\n"
                                 "    err = str(e)\n");
    REQUIRE(r.ok());
  }
  CHECK(live_objects() == before);
}

TEST_CASE("two Vms in one thread are independent") {
  spindle::Vm a, b;
  REQUIRE(spindle::run_string(a, "x = 1").ok());
  REQUIRE(spindle::run_string(b, "x = 2").ok());
  CHECK(spindle::global(a, "x").as_int() == 1);
  CHECK(spindle::global(b, "x").as_int() == 2);
}

TEST_CASE("constructs outside the subset are SyntaxErrors saying so") {
  spindle::Vm vm;
  const char* programs[] = {
      "async def f():\n    pass\n",
      "x = 3j\n",
      "b = b'bytes'\n",
      "match x:\n    case 1:\n        pass\n",
      "class A(metaclass=type):\n    pass\n",
      "x = 99999999999999999999\n",
  };
  for (const char* src : programs) {
    INFO(src);
    auto r = spindle::run_string(vm, src, "unsupported.py");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error_type == "SyntaxError");
    bool says_so = r.error_message.find("not supported yet") != std::string::npos ||
                   r.error_message.find("64-bit") != std::string::npos;
    CHECK(says_so);
  }
}

TEST_CASE("64-bit ints raise OverflowError instead of wrapping") {
  spindle::Vm vm;
  auto r = spindle::run_string(vm, "x = 2 ** 62\ny = x * 4\n");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error_type == "OverflowError");
  auto ok = spindle::run_string(vm, "z = 2 ** 62 - 1 + 2 ** 62\n");
  REQUIRE(ok.ok());
  CHECK(spindle::global(vm, "z").as_int() == INT64_MAX);
}

TEST_CASE("host output can be redirected") {
  spindle::Vm vm;
  std::string captured;
  vm.write_stdout = [&captured](std::string_view s) { captured += s; };
  REQUIRE(spindle::run_string(vm, "print('a', 1, sep='-', end='!')\nprint([1.5, None])\n").ok());
  CHECK(captured == "a-1![1.5, None]\n");
}

TEST_CASE("reference cycles are not collected yet: the leak is visible and stated") {
  // Until the cycle collector exists, a self-referencing list outlives its
  // last Python reference. This test states that leak, then breaks the
  // cycle by hand so the process stays leak-free under LeakSanitizer.
  spindle::Vm vm;
  REQUIRE(spindle::run_string(vm, "a = []\na.append(a)\n").ok());
  Value held = spindle::global(vm, "a");
  auto* list = held.as<spindle::List>();
  REQUIRE(spindle::run_string(vm, "del a\n").ok());
  int64_t before = live_objects();
  held = Value();  // the last outside reference goes...
  CHECK(live_objects() == before);  // ...and the list lives on: the leak
  CHECK(list->refcount() == 1);     // held only by itself
  std::vector<Value> items = std::move(list->items);  // break the cycle
  items.clear();
  CHECK(live_objects() == before - 1);
}
