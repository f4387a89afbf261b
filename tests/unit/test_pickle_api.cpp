// Pickling through the embedding API (spindle/pickle.hpp), the way a host
// parks workflows: JSON out of one Vm, into another.
#include <catch2/catch.hpp>

#include <string>

#include "spindle/pickle.hpp"
#include "spindle/vm.hpp"

using spindle::Value;

namespace {

constexpr const char* kFlow =
    "import stackless\n"
    "def steps(n):\n"
    "    for i in range(n):\n"
    "        yield i * i\n"
    "def flow(inbox, report):\n"
    "    seen = []\n"
    "    try:\n"
    "        for square in steps(4):\n"
    "            seen.append((square, inbox.receive()))\n"
    "    finally:\n"
    "        report(seen)\n";

void run_ok(spindle::Vm& vm, const char* src) {
  auto r = spindle::run_string(vm, src, "flow.py");
  INFO(r.traceback);
  REQUIRE(r.ok());
}

// A host function that records what the workflow reports.
Value reporter(std::string* into) {
  return spindle::host_function("report", [into](spindle::Vm& vm, spindle::Args& a) {
    if (!spindle::check_args(vm, a, "report", 1, 1)) return Value();
    if (!spindle::repr_into(vm, a[0], *into)) return Value();
    return Value::none();
  });
}

}  // namespace

TEST_CASE("a host pickles a blocked tasklet to JSON and another Vm resumes it") {
  nlohmann::json doc;
  {
    spindle::Vm vm;
    std::string reported;
    spindle::register_permanent(vm, "host.report", reporter(&reported));
    run_ok(vm, kFlow);
    Value inbox = spindle::new_channel(vm);
    auto t = spindle::spawn(vm, spindle::global(vm, "flow"), {inbox, spindle::permanent(vm, "host.report")});
    REQUIRE(t.ok());
    REQUIRE(spindle::run_tasklets(vm).ok());
    REQUIRE(spindle::try_send(vm, inbox, spindle::make_str(vm, "a")));
    REQUIRE(spindle::run_tasklets(vm).ok());
    REQUIRE(spindle::inspect(vm, t.value).blocked);
    auto r = spindle::pickle(vm, spindle::make_list(vm, {t.value, inbox}), &doc);
    INFO(r.error_message);
    REQUIRE(r.ok());
    CHECK(reported.empty());
  }
  CHECK(doc["format"] == "spindle-pickle");
  // The host permanent travels by name.
  CHECK(doc.dump().find(R"({"native":"host.report"})") != std::string::npos);

  spindle::Vm vm;
  std::string reported;
  spindle::register_permanent(vm, "host.report", reporter(&reported));
  run_ok(vm, kFlow);
  auto loaded = spindle::unpickle(vm, doc);
  INFO(loaded.error_message);
  REQUIRE(loaded.ok());
  Value t = loaded.value.as<spindle::List>()->items[0];
  Value inbox = loaded.value.as<spindle::List>()->items[1];
  spindle::TaskletInfo info = spindle::inspect(vm, t);
  CHECK(info.blocked);
  CHECK(info.where == "flow (flow.py:9)");
  for (const char* v : {"b", "c", "d"}) {
    REQUIRE(spindle::try_send(vm, inbox, spindle::make_str(vm, v)));
    REQUIRE(spindle::run_tasklets(vm).ok());
  }
  CHECK_FALSE(spindle::inspect(vm, t).alive);
  // The generator's position, the loop's list and the finally block all
  // survived: one value before the pickle, three after.
  CHECK(reported == "[(0, 'a'), (1, 'b'), (4, 'c'), (9, 'd')]");
}

TEST_CASE("a loader reports every missing permanent at once and changes nothing") {
  nlohmann::json doc;
  {
    spindle::Vm vm;
    std::string ignored;
    spindle::register_permanent(vm, "host.report", reporter(&ignored));
    spindle::register_permanent(vm, "host.audit", reporter(&ignored));
    run_ok(vm, kFlow);
    Value both = spindle::make_list(vm, {spindle::permanent(vm, "host.report"), spindle::permanent(vm, "host.audit"),
                                         spindle::permanent(vm, "host.report")});
    REQUIRE(spindle::pickle(vm, both, &doc).ok());
  }
  spindle::Vm vm;
  run_ok(vm, kFlow);
  auto r = spindle::unpickle(vm, doc);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error_type == "UnpicklingError");
  CHECK(r.error_message ==
        "/objects/0/items/0/native: 2 native names are not registered in this process: 'host.report', 'host.audit'");
  // Registering them fixes it.
  std::string reported;
  spindle::register_permanent(vm, "host.report", reporter(&reported));
  spindle::register_permanent(vm, "host.audit", reporter(&reported));
  auto again = spindle::unpickle(vm, doc);
  REQUIRE(again.ok());
  auto& items = again.value.as<spindle::List>()->items;
  CHECK(items[0].is(items[2]));
  CHECK(items[0].is(spindle::permanent(vm, "host.report")));
}

TEST_CASE("an unregistered host function names itself when pickling fails") {
  spindle::Vm vm;
  std::string ignored;
  run_ok(vm, "def keep(f):\n    return {'callback': f}\n");
  auto r = spindle::call(vm, spindle::global(vm, "keep"), {reporter(&ignored)});
  REQUIRE(r.ok());
  nlohmann::json doc = "untouched";
  auto p = spindle::pickle(vm, r.value, &doc);
  REQUIRE_FALSE(p.ok());
  CHECK(p.error_type == "PicklingError");
  CHECK(p.error_message == "cannot pickle <native function report> (register it as a permanent): root > 'callback'");
  CHECK(doc == "untouched");
}

TEST_CASE("a workflow blocked inside a host callback is refused and keeps running") {
  spindle::Vm vm;
  // A native that calls back into the VM: the tasklet blocks with this C++
  // frame on its stack, so it is hard and cannot be pickled.
  spindle::def(vm, "host_apply", [](spindle::Vm& vm, spindle::Args& a) -> Value {
    return vm.call(a[0], {a[1]});
  });
  run_ok(vm,
         "import stackless\n"
         "inbox = stackless.channel()\n"
         "result = []\n"
         "def ask(x):\n"
         "    return inbox.receive() + x\n"
         "def flow():\n"
         "    result.append(host_apply(ask, 1))\n");
  Value inbox = spindle::global(vm, "inbox");
  auto t = spindle::spawn(vm, spindle::global(vm, "flow"));
  REQUIRE(t.ok());
  REQUIRE(spindle::run_tasklets(vm).ok());
  REQUIRE(spindle::inspect(vm, t.value).blocked);
  nlohmann::json doc = "untouched";
  auto p = spindle::pickle(vm, spindle::make_list(vm, {t.value, inbox}), &doc);
  REQUIRE_FALSE(p.ok());
  CHECK(p.error_type == "PicklingError");
  INFO(p.error_message);
  CHECK(p.error_message.find("tasklet") != std::string::npos);
  CHECK(p.error_message.find("ask") != std::string::npos);
  CHECK(p.error_message.find("host_apply") != std::string::npos);
  CHECK(doc == "untouched");
  // Nothing is lost: the workflow is still there and finishes.
  REQUIRE(spindle::try_send(vm, inbox, Value::integer(41)));
  REQUIRE(spindle::run_tasklets(vm).ok());
  CHECK_FALSE(spindle::inspect(vm, t.value).alive);
  CHECK(spindle::to_string(vm, spindle::global(vm, "result")) == "[42]");
}
