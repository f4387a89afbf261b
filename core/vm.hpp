// Vm: all state of one virtual machine. Nothing in Spindle is global; every
// function that needs the interpreter takes a Vm&.
//
// Errors are values: an operation that fails sets the pending exception and
// returns a Null Value (or false). Natives return Value; a Null result with no
// pending exception but a pending Request asks the loop to do something on
// the native's behalf (see Request).
#pragma once

#include <fmt/format.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/frame.hpp"
#include "core/objects.hpp"

namespace spindle {

// The arguments of a native call: `n` positional values at argv, followed by
// one value per name in kwnames (may be null). For methods argv[0] is self.
struct Args {
  Value* argv = nullptr;
  int n = 0;
  Tuple* kwnames = nullptr;

  int nkw() const { return kwnames ? static_cast<int>(kwnames->items.size()) : 0; }
  Value* kwv() const { return argv + n; }
  Value& operator[](int i) const { return argv[i]; }
};


// What a soft-aware native asks the loop to do instead of recursing on the
// C stack (Lua's lua_callk). Set through Vm::tail_call / Vm::call_then.
struct Request {
  enum Kind : uint8_t {
    None,
    TailCall,   // call `callable(*args)`; its result is the native's result
    CallThen,   // call `callable(*args)`, then k(vm, result, state)
    Resume,     // resume generator `callable` with `args[0]` (or throw it)
    Switch,     // run tasklet `callable` (the scheduler already made it current)
  };
  Kind kind = None;
  Value callable;
  std::vector<Value> args;
  Continuation k = nullptr;
  Value state;
  bool throw_in = false;  // Resume: raise args[0] at the yield point
  // Switch: the switching tasklet stopped between two instructions (the
  // watchdog), not inside a call that will get a result.
  bool at_boundary = false;
};

struct Scheduler;
class Tasklet;

// The loop, implemented by the soft layer and installed by the public Vm
// constructor (core cannot depend on soft).
class Interpreter {
 public:
  virtual ~Interpreter() = default;
  // Runs a VM function to completion from C++: re-enters the loop on the C
  // stack (the native callback nesting that later forces hard switching).
  virtual Value call_function(Vm& vm, Function* f, Args& args) = 0;
  // A native continuation frame (Request::CallThen), for the pickle loader.
  virtual Ref<Frame> make_continuation_frame(Continuation k, Value state) = 0;
  // Runs a prepared frame (module body) to completion from C++.
  virtual Value run_frame(Vm& vm, Ref<Frame> frame) = 0;
  // Resumes a generator from C++ (next(), list(gen), ...).
  virtual Value resume_generator(Vm& vm, Generator* gen, Value sent, bool throw_in) = 0;
  // Calls `callable` from a host with no loop running: the call runs as the
  // current (main) tasklet in a fresh base activation, where tasklets can
  // switch softly.
  virtual Value call_at_base(Vm& vm, const Value& callable, Args& args) = 0;
  // A base activation on the current C stack (the hard layer calls these on
  // the shared execution stack): runs `entry`, or continues vm.running (a
  // tasklet with a parked soft chain) until a base entry frame returns.
  virtual Value run_base(Vm& vm, Ref<Frame> entry, bool start_with_error) = 0;
  virtual Value run_running_tasklet(Vm& vm) = 0;
};

// Builtin classes, created by the Vm constructor.
struct BuiltinClasses {
  Ref<Class> object, type, none_type, bool_, int_, float_, str, list, tuple,
      dict, set, frozenset, function, builtin_function, method, module,
      generator, range, slice, cell, code, property, staticmethod, classmethod,
      super, file, dict_keys, dict_values, dict_items, iterator, enumerate,
      zip, map, filter, reversed, not_implemented_type, ellipsis_type, frame,
      traceback,  // created on first use (traceback.cpp)
      tasklet, channel, bomb;  // created by the scheduler layer
};

struct ExceptionClasses {
  Ref<Class> BaseException, SystemExit, KeyboardInterrupt, GeneratorExit,
      Exception, StopIteration, ArithmeticError, ZeroDivisionError,
      OverflowError, AssertionError, AttributeError, LookupError, IndexError,
      KeyError, NameError, UnboundLocalError, RuntimeError, RecursionError,
      NotImplementedError, TypeError, ValueError, ImportError,
      ModuleNotFoundError, TaskletExit, OSError, FileNotFoundError, EOFError, MemoryError,
      UnicodeError, SyntaxError, IndentationError;
};

struct VmConfig {
  int recursion_limit = 1000;
  // The shared execution stack every tasklet runs on (reserved, committed
  // as used). Its lowest page is a guard page.
  size_t shared_stack_size = 8 * 1024 * 1024;
  // Heap buffers for saved stack slices grow in steps of this many bytes
  // and are reused, so a tasklet switching hard again allocates nothing.
  size_t slice_granularity = 4096;
  // Bytes of C stack kept free below the deepest native re-entry; past it a
  // native callback raises RecursionError instead of overflowing.
  size_t c_stack_reserve = 256 * 1024;
};

class Vm {
 public:
  explicit Vm(VmConfig config = {});
  ~Vm();
  Vm(const Vm&) = delete;
  Vm& operator=(const Vm&) = delete;

  // ---- errors -------------------------------------------------------------
  // Each returns Null so natives can `return vm.raise(...)`.
  Value raise(Class* type, std::string message);
  template <typename... A>
  Value raisef(Class* type, fmt::format_string<A...> f, A&&... a) {
    return raise(type, fmt::format(f, std::forward<A>(a)...));
  }
  // Raises an exception object or class (the `raise` statement's rules).
  Value raise_value(const Value& exc);
  Value raise_with_args(Class* type, std::vector<Value> args);
  bool has_error() const { return static_cast<bool>(error_); }
  ExceptionObject* error() const { return error_.get(); }
  Ref<ExceptionObject> take_error() { return std::move(error_); }
  void set_error(Ref<ExceptionObject> e);
  bool error_matches(Class* type) const;
  Ref<ExceptionObject> new_exception(Class* type, std::vector<Value> args);

  // ---- calls --------------------------------------------------------------
  Value call(const Value& callable, Args& args);
  Value call(const Value& callable, std::vector<Value> args);
  // Calls obj.name(*args) if obj's class defines it; `found` tells whether it did.
  Value call_method(const Value& obj, Str* name, std::vector<Value> args, bool* found = nullptr);

  // Requests for soft-aware natives (see Request).
  Value tail_call(Value callable, std::vector<Value> args);
  // Asks the loop to switch to `target`, which the scheduler has made
  // current; only valid when can_switch().
  Value switch_request(Value target, bool at_boundary = false);
  Value call_then(Value callable, std::vector<Value> args, Continuation k, Value state);
  Value resume_request(Value generator, Value sent, bool throw_in);
  bool has_request() const { return request_.kind != Request::None; }
  Request take_request() {
    Request r = std::move(request_);
    request_ = Request{};
    return r;
  }

  // ---- strings ------------------------------------------------------------
  Ref<Str> str(std::string s);
  // The one Str object for an identifier; identity comparison works on it.
  Str* intern(std::string_view s);
  Ref<Str> intern_ref(std::string_view s) { return Ref<Str>(intern(s)); }

  // ---- modules and globals ------------------------------------------------
  Dict* builtins() const { return builtins_.get(); }
  Dict* modules() const { return modules_.get(); }
  void add_builtin(std::string_view name, Value v);
  Ref<NativeFunction> native(std::string name, NativeFn fn);
  // Adds a method implemented natively to a builtin class.
  void def_method(Class* cls, std::string_view name, NativeFn fn);
  Ref<Class> new_class(std::string name, Ref<Class> base, ObjKind instance_kind, bool builtin);

  // Class of any value (type(v)).
  Class* class_of(const Value& v) const;
  const char* type_name(const Value& v) const;

  // ---- execution state ----------------------------------------------------
  Interpreter* interp() const { return interp_.get(); }
  void set_interpreter(std::unique_ptr<Interpreter> i) { interp_ = std::move(i); }
  // The frame the loop is executing (for super(), tracebacks of natives).
  Frame* current_frame = nullptr;
  // The exception being handled by an `except` block (sys.exc_info()).
  Value handled_exc;
  // VM frames on the current chain, for RecursionError.
  int depth = 0;
  int recursion_limit;
  // Native re-entries into the loop on the C stack (the nesting level).
  int nesting = 0;
  // Natives (and continuations) running since the innermost loop activation
  // was entered, and loop activations on the C stack.
  int native_depth = 0;
  int activations = 0;
  // A native may ask for a soft switch only when it was called by the base
  // loop activation directly: no native frames between tasklet frames.
  bool can_switch() const { return nesting == 0 && native_depth <= 1; }
  // The frame each native re-entry into the loop (each nesting level) was
  // made from, outermost first: its pc is just after the instruction whose
  // native is running. The pickler names a hard tasklet's natives from it.
  std::vector<Frame*> reentry_frames;

  // ---- tasklets -----------------------------------------------------------
  // The tasklet whose frame chain the loop is running (the scheduler's
  // `current` once a requested switch has been carried out).
  Ref<Tasklet> running;
  // Scheduler state (scheduler/scheduler.hpp); shared_ptr for its deleter.
  std::shared_ptr<Scheduler> sched;
  // Instructions left before the watchdog hook runs; INT64_MAX when off.
  int64_t ticks_left = INT64_MAX;
  // Called by the loop when ticks_left drops below zero, at an instruction
  // boundary: returns 1 with a Switch request pending to preempt, -1 with an
  // exception pending, 0 to go on.
  int (*on_ticks)(Vm& vm) = nullptr;
  // The continuation under a tasklet's first frame: called with the
  // function's result (or Null, its exception pending) when it ends.
  Continuation tasklet_end = nullptr;
  // Continuations by name: a suspended native pickles as its name and its
  // state. Each layer registers the continuations it uses.
  std::vector<std::pair<std::string, Continuation>> continuations;
  // Host objects and natives that pickle by name ("permanents"): a process
  // that loads the pickle must have registered the same names.
  std::vector<std::pair<std::string, Value>> permanents;
  // The permanent registered under `name`, or null.
  Value* find_permanent(std::string_view name) {
    for (auto& entry : permanents)
      if (entry.first == name) return &entry.second;
    return nullptr;
  }
  // Script modules that came with pickles but whose name is taken by a
  // different program (the `__main__` of another script): they live here,
  // outside sys.modules, so their code keeps its own globals.
  std::vector<Ref<Module>> detached_modules;

  // ---- the shared execution stack (hard/) ----------------------------------
  // Installed by the hard layer: base activations run on one shared stack so
  // that a tasklet with native frames can be switched by copying its slice.
  // enter_base runs a base activation there from the host's stack;
  // abandon_base gives up the running base loop (nothing in it but heap
  // frames, already parked) and continues vm.running, which is hard.
  Value (*enter_base)(Vm& vm, Ref<Frame> entry, bool start_with_error) = nullptr;
  void (*abandon_base)(Vm& vm) = nullptr;  // never returns
  std::shared_ptr<void> shared_stack;
  // The pickler's table of builtin and permanent names (pickling/).
  std::shared_ptr<void> pickle_cache;
  bool on_shared_stack = false;
  // Checks that a native re-entry has room on the C stack.
  bool check_c_stack();
  // The lowest usable C stack address; 0 until check_c_stack() computes it
  // from the thread's stack. Code that runs the VM on another stack (the
  // shared execution stack) sets it explicitly.
  void set_c_stack_limit(uintptr_t limit) { c_stack_limit_ = limit; }
  uintptr_t c_stack_limit() const { return c_stack_limit_; }

  // Containers whose repr is being built, innermost last: a container met
  // again while on this stack prints as [...] / {...} (CPython's
  // Py_ReprEnter).
  std::vector<Object*> repr_stack;
  // Source lines by file name, for tracebacks. The CLI registers the main
  // script here; other files are read on first use.
  std::unordered_map<std::string, std::vector<std::string>> source_cache;

  // Where print() and the traceback printer write; hosts may redirect them.
  std::function<void(std::string_view)> write_stdout, write_stderr;

  // Built-in modules by name, created on first import (sys, math; later
  // layers add stackless and pickle).
  std::unordered_map<std::string, std::function<Ref<Module>(Vm&)>> module_factories;

  // Module search path for `import` of .py files (the script's directory).
  std::vector<std::string> path;
  std::vector<std::string> argv;
  VmConfig config;

  BuiltinClasses cls;
  ExceptionClasses exc;
  Value not_implemented, ellipsis;
  Ref<Tuple> empty_tuple;
  // Raised when memory runs out while creating another exception (so that
  // raising never needs to allocate); created with the exception classes.
  Ref<ExceptionObject> preallocated_memory_error;

  // Interned names the runtime looks up often.
  struct Names {
    Str *__init__, *__new__, *__call__, *__str__, *__repr__, *__eq__, *__ne__,
        *__lt__, *__le__, *__gt__, *__ge__, *__hash__, *__len__, *__bool__,
        *__iter__, *__next__, *__getitem__, *__setitem__, *__delitem__,
        *__contains__, *__enter__, *__exit__, *__getattr__, *__name__,
        *__qualname__, *__module__, *__class__, *__dict__, *__doc__,
        *__classcell__, *__main__, *__builtins__, *__file__, *__index__,
        *__neg__, *__pos__, *__invert__, *__abs__, *__int__, *__float__,
        *__format__, *__set_name__, *__init_subclass__, *__all__, *args,
        *value, *send, *__mro__, *__bases__, *__base__, *__setattr__, *__delattr__;
    Str* binop[13];   // __add__ ...
    Str* rbinop[13];  // __radd__ ...
    Str* ibinop[13];  // __iadd__ ...
  } names{};

  // Classes whose methods use super(): each forms the cycle class -> method
  // -> __class__ cell -> class. Until a cycle collector exists, they live as
  // long as the Vm, whose destructor breaks the cycles.
  std::vector<Ref<Class>> classes_with_cell;

  // The interpreter hands requests back through here.
  Request request_;

 private:
  void init_names();
  std::unique_ptr<Interpreter> interp_;
  Ref<ExceptionObject> error_;
  Ref<Dict> builtins_;
  Ref<Dict> modules_;
  std::unordered_map<std::string_view, Ref<Str>> interned_;
  uintptr_t c_stack_limit_ = 0;
};

// Calls a native function (nf) or a class constructor (fn) with its C++
// exceptions converted to VM errors: the one way natives are entered.
Value run_native(Vm& vm, NativeFunction* nf, NativeFn fn, Args& args);

// Parses a native's arguments: `names` lists every parameter; the first
// `npos_only` may only be passed positionally; at least `required` must be
// given. Fills out[i] (Null when absent). False with TypeError set on misuse.
bool parse_args(Vm& vm, Args& args, std::string_view fname, std::initializer_list<const char*> names,
                int required, Value* out, int npos_only = -1);
// TypeError "f() takes no keyword arguments" if the call has keywords.
bool check_no_keywords(Vm& vm, Args& args, std::string_view fname);
// CPython's METH_VARARGS wording: "f expected at least 1 argument, got 0".
bool check_count(Vm& vm, Args& args, std::string_view fname, int min, int max);
// Raises TypeError unless the call has between min and max positional
// arguments and no keywords.
bool check_args(Vm& vm, Args& args, std::string_view fname, int min, int max);

}  // namespace spindle
