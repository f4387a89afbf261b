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

// A native-style outcome as a RunResult: v, or (v Null) the pending exception.
RunResult to_result(Vm& vm, Value v);

// Calls any callable with positional arguments.
RunResult call(Vm& vm, const Value& callable, std::vector<Value> args);

// A global of `__main__` (Null if absent).
Value global(Vm& vm, std::string_view name);
void set_global(Vm& vm, std::string_view name, Value value);

// Registers a host function as a builtin visible to every module.
void def(Vm& vm, std::string_view name, HostFn fn);
// A host function as a value, to hand to a script without making it a
// builtin (arguments: `spindle::check_args(vm, args, name, min, max)`).
Value host_function(std::string_view name, HostFn fn);

// ---- Tasklets and channels ---------------------------------------------------
// Stackless semantics (the `stackless` module); the host runs as the main
// tasklet. Nothing here recurses into the VM while a tasklet is suspended, so
// tasklets created or woken by the host stay soft (picklable later).

// stackless.tasklet(callable)(*args): a new tasklet at the end of the run
// queue. value: the tasklet.
RunResult spawn(Vm& vm, const Value& callable, std::vector<Value> args = {});

// stackless.run(): runs tasklets until all have finished or are blocked.
// With a budget (the watchdog), a tasklet that runs `budget` VM instructions
// without switching is interrupted and returned (paused: insert() resumes
// it); with total_budget the budget covers the whole call. value: the
// interrupted tasklet or None. An exception that escapes a tasklet (with no
// error handler installed) comes back here.
RunResult run_tasklets(Vm& vm, int64_t budget = 0, bool total_budget = false);

// tasklet.insert() and tasklet.kill() (which runs the tasklet's finally
// blocks at once, and whatever is queued after it).
RunResult insert(Vm& vm, const Value& tasklet);
RunResult kill(Vm& vm, const Value& tasklet);

Value new_channel(Vm& vm);

// Host-side channel operations that never run VM code. try_send hands
// `value` to the first tasklet blocked receiving on `channel` and makes it
// runnable (it gets the value on the next run_tasklets()); false, changing
// nothing, when no tasklet is waiting to receive. try_receive takes the
// value of the first tasklet blocked sending and makes the sender runnable.
bool try_send(Vm& vm, const Value& channel, Value value);
bool try_receive(Vm& vm, const Value& channel, Value* out);

// channel.send() / channel.receive() as the main tasklet: other tasklets run
// until the operation completes; RuntimeError on deadlock.
RunResult send(Vm& vm, const Value& channel, Value value);
RunResult receive(Vm& vm, const Value& channel);

struct TaskletInfo {
  int64_t id = 0;  // creation order, main is 1
  bool alive = false, scheduled = false, blocked = false, paused = false, is_main = false, is_current = false;
  int nesting_level = 0;
  // Switched out hard: the bytes of the shared stack saved for it.
  size_t stack_bytes = 0;
  // Where it is suspended: "function (file:line)"; empty if it has no frames.
  std::string where;
};
TaskletInfo inspect(Vm& vm, const Value& tasklet);
// Every live tasklet (alive or not, still referenced), and the run queue size.
std::vector<Value> tasklets(Vm& vm);
int64_t runcount(Vm& vm);

// Text conversions for hosts.
std::string to_string(Vm& vm, const Value& v);  // str(v); "<error>" on failure
Value make_str(Vm& vm, std::string_view s);

}  // namespace spindle
