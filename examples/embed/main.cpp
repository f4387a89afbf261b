// Embedding Spindle in a C++ host: register natives, run a script, call its
// functions every "tick", and read values back.
#include <cstdio>
#include <string>

#include "spindle/vm.hpp"

namespace {

// A plain native: arguments in, value out, TypeError on misuse.
spindle::Value clamp(spindle::Vm& vm, spindle::Args& args) {
  if (!spindle::check_args(vm, args, "clamp", 3, 3)) return {};
  for (int i = 0; i < 3; ++i)
    if (!args[i].is_int()) return vm.raise(vm.exc.TypeError.get(), "clamp() expects ints");
  int64_t x = args[0].as_int(), lo = args[1].as_int(), hi = args[2].as_int();
  return spindle::Value::integer(x < lo ? lo : x > hi ? hi : x);
}

// A native that calls back into the VM from C++ (re-enters the loop).
spindle::Value apply(spindle::Vm& vm, spindle::Args& args) {
  if (!spindle::check_args(vm, args, "apply", 2, 2)) return {};
  return vm.call(args[0], std::vector<spindle::Value>{args[1]});
}

// The same, soft-aware: the loop calls f(x), then our continuation gets the
// result and the state we left (here: f itself) and calls f once more.
spindle::Value twice_second(spindle::Vm& vm, spindle::Value first, spindle::Value f) {
  if (first.is_null()) return {};  // f raised: pass the exception on
  return vm.tail_call(std::move(f), {std::move(first)});
}

spindle::Value twice(spindle::Vm& vm, spindle::Args& args) {
  if (!spindle::check_args(vm, args, "twice", 2, 2)) return {};
  return vm.call_then(args[0], {args[1]}, twice_second, args[0]);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: embed_example game.py\n");
    return 2;
  }
  spindle::Vm vm;
  spindle::def(vm, "clamp", clamp);
  spindle::def(vm, "apply", apply);
  spindle::def(vm, "twice", twice);

  spindle::RunResult loaded = spindle::run_file(vm, argv[1]);
  if (!loaded.ok()) {
    std::fputs(loaded.traceback.c_str(), stderr);
    return 1;
  }

  spindle::Value update = spindle::global(vm, "update");
  int64_t position = 0;
  for (int tick = 1; tick <= 4; ++tick) {
    spindle::RunResult r = spindle::call(vm, update, {spindle::Value::integer(position), spindle::Value::integer(tick)});
    if (!r.ok()) {
      std::fputs(r.traceback.c_str(), stderr);
      return 1;
    }
    position = r.value.as_int();
    std::printf("tick %d: position %lld\n", tick, static_cast<long long>(position));
  }

  // Errors come back as values with a Python traceback, never as crashes.
  spindle::RunResult bad = spindle::call(vm, update, {spindle::make_str(vm, "oops"), spindle::Value::integer(1)});
  std::printf("error: %s: %s\n", bad.error_type.c_str(), bad.error_message.c_str());

  bool ok = position == 20 && !bad.ok() && bad.error_type == "TypeError";
  std::printf("%s\n", ok ? "embed example OK" : "embed example FAILED");
  return ok ? 0 : 1;
}
