// The embedding API for tasklets and channels: thin wrappers over the
// scheduler, run through the loop (Vm::call enters a base activation, where
// the host is the main tasklet and tasklets switch softly).
#include "scheduler/scheduler.hpp"
#include "spindle/vm.hpp"

namespace spindle {

namespace {

Value host_run(Vm& vm, Args& args) {
  int flags = args[1].as_bool() ? sched::kTotalTimeout : 0;
  return sched::run(vm, args[0].as_int(), flags);
}

RunResult call_method(Vm& vm, const Value& self, Class* cls, const char* name, std::vector<Value> args) {
  Value m = cls->lookup(vm.intern(name));
  args.insert(args.begin(), self);
  return call(vm, m, std::move(args));
}

RunResult type_error(Vm& vm, const char* what) { return to_result(vm, vm.raise(vm.exc.TypeError.get(), what)); }

}  // namespace

RunResult spawn(Vm& vm, const Value& callable, std::vector<Value> args) {
  Ref<Tasklet> t = sched::new_tasklet(vm);
  if (sched::bind(vm, t.get(), callable, Value(), Value()) &&
      sched::setup(vm, t.get(), Value(make_tuple(std::move(args))), Value(), true)) {
    return to_result(vm, Value(std::move(t)));
  }
  return to_result(vm, Value());
}

RunResult run_tasklets(Vm& vm, int64_t budget, bool total_budget) {
  return call(vm, Value(vm.native("run", host_run)), {Value::integer(budget), Value::boolean(total_budget)});
}

RunResult insert(Vm& vm, const Value& tasklet) {
  if (!tasklet.is_kind(ObjKind::Tasklet)) return type_error(vm, "insert() needs a tasklet");
  return call_method(vm, tasklet, vm.cls.tasklet.get(), "insert", {});
}

RunResult kill(Vm& vm, const Value& tasklet) {
  if (!tasklet.is_kind(ObjKind::Tasklet)) return type_error(vm, "kill() needs a tasklet");
  return call_method(vm, tasklet, vm.cls.tasklet.get(), "kill", {});
}

Value new_channel(Vm&) { return Value(make<Channel>()); }

bool try_send(Vm& vm, const Value& channel, Value value) {
  if (!channel.is_kind(ObjKind::Channel)) return false;
  return sched::host_send(vm, channel.as<Channel>(), std::move(value));
}

bool try_receive(Vm& vm, const Value& channel, Value* out) {
  if (!channel.is_kind(ObjKind::Channel)) return false;
  return sched::host_receive(vm, channel.as<Channel>(), out);
}

RunResult send(Vm& vm, const Value& channel, Value value) {
  if (!channel.is_kind(ObjKind::Channel)) return type_error(vm, "send() needs a channel");
  return call_method(vm, channel, vm.cls.channel.get(), "send", {std::move(value)});
}

RunResult receive(Vm& vm, const Value& channel) {
  if (!channel.is_kind(ObjKind::Channel)) return type_error(vm, "receive() needs a channel");
  return call_method(vm, channel, vm.cls.channel.get(), "receive", {});
}

TaskletInfo inspect(Vm& vm, const Value& tasklet) {
  TaskletInfo info;
  if (!tasklet.is_kind(ObjKind::Tasklet)) return info;
  Tasklet* t = tasklet.as<Tasklet>();
  Scheduler& s = *vm.sched;
  info.id = t->id;
  info.is_current = t == s.current;
  info.alive = info.is_current || t->is_main || t->alive;
  info.scheduled = t->scheduled();
  info.blocked = t->blocked != 0;
  info.paused = info.alive && !t->next && !t->blocked;
  info.is_main = t->is_main;
  info.nesting_level = sched::nesting_level(vm, t);
  if (t->hard) {
    info.stack_bytes = t->hard->size;
    if (t->hard->current_frame)
      info.where = fmt::format("{} ({}:{})", t->hard->current_frame->code->qualname,
                               t->hard->current_frame->code->filename, t->hard->current_frame->line());
    return info;
  }
  for (Frame* f = t->chain.get(); f; f = f->back.get()) {
    if (f->cont || f->code->hidden) continue;
    // A tasklet the watchdog stopped is before the instruction at pc, not
    // inside the one before it.
    bool before_pc = f == t->chain.get() && t->resume == Tasklet::Resume::Boundary;
    int line = before_pc ? f->code->line_at(f->pc) : f->line();
    info.where = fmt::format("{} ({}:{})", f->code->qualname, f->code->filename, line);
    break;
  }
  return info;
}

std::vector<Value> tasklets(Vm& vm) {
  std::vector<Value> all;
  for (Tasklet* t = vm.sched->live_head; t; t = t->live_next) all.push_back(Value::object(t));
  return all;
}

int64_t runcount(Vm& vm) { return vm.sched->runcount; }

}  // namespace spindle
