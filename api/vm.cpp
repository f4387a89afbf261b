// The public Vm: wires the layers together. core cannot see soft, so the
// constructor that installs the interpreter lives here, above both.
#include "spindle/vm.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/compiler.hpp"
#include "core/install.hpp"
#include "hard/stack.hpp"
#include "pickling/pickle.hpp"
#include "scheduler/scheduler.hpp"
#include "soft/loop.hpp"

namespace spindle {

Vm::Vm(VmConfig cfg) : recursion_limit(cfg.recursion_limit), config(cfg) {
  write_stdout = [](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); };
  write_stderr = [](std::string_view s) {
    std::fflush(stdout);
    std::fwrite(s.data(), 1, s.size(), stderr);
  };
  init_names();
  install_builtin_classes(*this);
  install_exceptions(*this);
  install_builtins(*this);
  install_str_methods(*this);
  install_container_methods(*this);
  install_misc_methods(*this);
  module_factories["sys"] = make_sys_module;
  module_factories["math"] = make_math_module;
  set_interpreter(soft::make_interpreter(*this));
  hard::install(*this);
  install_stackless_module(*this);
  pickling::install_pickle_module(*this);
}

Vm::~Vm() {
  // Tasklets suspended inside native code are killed, so that their native
  // frames unwind (Stackless does this at thread end); soft ones just stop.
  sched::kill_hard_tasklets(*this);
  permanents.clear();
  // Modules hold functions whose globals hold the modules: break the cycle
  // (until the cycle collector exists, teardown clears namespaces).
  if (modules_) {
    std::vector<Value> mods;
    for (auto& e : modules_->table.entries())
      if (!e.key.is_null()) mods.push_back(e.value);
    for (auto& m : mods)
      if (m.is_kind(ObjKind::Module)) m.as<Module>()->dict->table.clear();
    modules_->table.clear();
  }
  for (auto& m : detached_modules) m->dict->table.clear();
  detached_modules.clear();
  // Tasklets left at the end simply stop (Stackless): their frames are
  // dropped without running finally blocks.
  sched::teardown(*this);
  for (auto& cls : classes_with_cell) cls->dict->table.clear();
  classes_with_cell.clear();
  handled_exc = Value();
  error_.reset();
  request_ = Request{};
  interp_.reset();
  if (builtins_) builtins_->table.clear();
}

namespace {

Ref<Module> main_module(Vm& vm) {
  Str* name = vm.names.__main__;
  Value existing = dict_get_str(vm.modules(), name);
  if (existing.is_kind(ObjKind::Module)) return Ref<Module>(existing.as<Module>());
  auto dict = make<Dict>();
  auto m = make<Module>(Ref<Str>(name), dict);
  dict_set_str(dict.get(), vm.names.__name__, Value(Ref<Str>(name)));
  dict_set_str(vm.modules(), name, Value(m));
  return m;
}

}  // namespace

RunResult to_result(Vm& vm, Value v) {
  RunResult r;
  if (!v.is_null()) {
    r.value = std::move(v);
    return r;
  }
  if (!vm.has_error()) vm.raise(vm.exc.RuntimeError.get(), "no result and no exception");
  r.exception = vm.take_error();
  r.error_type = r.exception->cls->name->str();
  r.error_message = exception_message(vm, r.exception.get());
  if (vm.has_error()) vm.take_error();
  if (r.exception->cls->is_subclass_of(vm.exc.SystemExit.get())) {
    const auto& args = r.exception->args->items;
    if (args.empty() || args[0].is_none())
      r.exit_code = 0;
    else if (args[0].is_intlike())
      r.exit_code = static_cast<int>(args[0].as_int());
    else
      r.exit_code = 1;
  } else {
    r.exit_code = 1;
  }
  format_exception(vm, r.exception.get(), r.traceback);
  if (vm.has_error()) vm.take_error();
  return r;
}

RunResult run_string(Vm& vm, std::string_view source, std::string_view filename) {
  CompileResult compiled = compile_source(vm, source, filename);
  if (compiled.error) {
    const SyntaxErrorInfo& e = *compiled.error;
    Class* type = e.type == "IndentationError" ? vm.exc.IndentationError.get() : vm.exc.SyntaxError.get();
    vm.raise(type, e.message);
    RunResult r = to_result(vm, Value());
    // CPython's layout for syntax errors: no traceback, the line and a caret.
    std::string text = fmt::format("  File \"{}\", line {}\n", e.filename, e.line);
    if (!e.line_text.empty()) {
      size_t lead = e.line_text.find_first_not_of(" \t");
      if (lead == std::string::npos) lead = e.line_text.size();
      text += "    " + e.line_text.substr(lead) + "\n";
      int caret = e.col - 1 - static_cast<int>(lead);
      if (caret < 0) caret = 0;
      text += "    " + std::string(static_cast<size_t>(caret), ' ') + "^\n";
    }
    text += fmt::format("{}: {}\n", e.type, e.message);
    r.traceback = std::move(text);
    return r;
  }
  Ref<Module> m = main_module(vm);
  if (dict_get_str(m->dict.get(), vm.names.__file__).is_null())
    dict_set_str(m->dict.get(), vm.names.__file__, Value(vm.str(std::string(filename))));
  m->filename = std::string(filename);
  m->source_hash = compiled.code->source_hash;
  Ref<Function> fn = soft::module_function(vm, compiled.code, m);
  Ref<Frame> frame = Frame::create(fn);
  return to_result(vm, vm.interp()->run_frame(vm, std::move(frame)));
}

RunResult run_file(Vm& vm, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    vm.raise_with_args(vm.exc.FileNotFoundError.get(),
                       {Value::integer(2), Value(vm.str("No such file or directory"))});
    return to_result(vm, Value());
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return run_string(vm, ss.str(), path);
}

RunResult call(Vm& vm, const Value& callable, std::vector<Value> args) {
  return to_result(vm, vm.call(callable, std::move(args)));
}

Value global(Vm& vm, std::string_view name) {
  return dict_get_str(main_module(vm)->dict.get(), vm.intern(name));
}

void set_global(Vm& vm, std::string_view name, Value value) {
  dict_set_str(main_module(vm)->dict.get(), vm.intern(name), std::move(value));
}

void def(Vm& vm, std::string_view name, HostFn fn) { vm.add_builtin(name, host_function(name, std::move(fn))); }

Value host_function(std::string_view name, HostFn fn) {
  return Value(make<NativeFunction>(std::string(name), std::move(fn)));
}

std::string to_string(Vm& vm, const Value& v) {
  std::string out;
  if (!str_into(vm, v, out)) {
    vm.take_error();
    return "<error>";
  }
  return out;
}

Value make_str(Vm& vm, std::string_view s) { return Value(vm.str(std::string(s))); }

}  // namespace spindle
