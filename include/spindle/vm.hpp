// Spindle's embedding API: the one header a host includes.
//
//   spindle::Vm vm;
//   spindle::def(vm, "clamp", [](spindle::Vm& vm, spindle::Args& a) { ... });
//   spindle::RunResult r = spindle::run_file(vm, "game.py");
//   if (!r.ok()) std::cerr << r.traceback;
//   spindle::RunResult s = spindle::call(vm, spindle::global(vm, "score"), {spindle::Value::integer(3)});
//
// Values are spindle::Value (None, bool, int, float or an object). Natives
// receive their arguments as spindle::Args and return a Value, or a Null
// Value after raising with vm.raise(...). Nothing here throws.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/objects.hpp"
#include "core/ops.hpp"
#include "core/value.hpp"
#include "core/vm.hpp"

namespace spindle {

// The outcome of running code from C++: a value, or the exception that
// escaped (with its type name, message and a CPython-layout traceback).
struct RunResult {
  Value value;
  Ref<ExceptionObject> exception;
  std::string error_type;     // e.g. "ZeroDivisionError"; empty when ok()
  std::string error_message;  // str(exception)
  std::string traceback;      // the full text CPython would print
  bool ok() const { return !exception; }
  // For SystemExit: the process exit status sys.exit() asked for.
  int exit_code = 0;
};

// Compiles and runs source as the body of module `__main__` (created on
// first use). Syntax errors come back as a SyntaxError exception.
RunResult run_string(Vm& vm, std::string_view source, std::string_view filename = "<string>");
RunResult run_file(Vm& vm, const std::string& path);

// Calls any callable with positional arguments.
RunResult call(Vm& vm, const Value& callable, std::vector<Value> args);

// A global of `__main__` (Null if absent).
Value global(Vm& vm, std::string_view name);
void set_global(Vm& vm, std::string_view name, Value value);

// Registers a host function as a builtin visible to every module.
void def(Vm& vm, std::string_view name, HostFn fn);

// Text conversions for hosts.
std::string to_string(Vm& vm, const Value& v);  // str(v); "<error>" on failure
Value make_str(Vm& vm, std::string_view s);

}  // namespace spindle
