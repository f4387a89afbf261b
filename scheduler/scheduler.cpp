// The scheduler's rules. Function names follow Stackless's C sources
// (scheduling.c, channelobject.c) so that each can be checked against them.
#include "scheduler/scheduler.hpp"

#include <climits>

#include "core/ops.hpp"
#include "hard/stack.hpp"

namespace spindle {

Tasklet::Tasklet(Scheduler* s) : Object(ObjKind::Tasklet), owner(s) {
  if (!owner) return;
  id = owner->next_id++;
  live_next = owner->live_head;
  if (live_next) live_next->live_prev = this;
  owner->live_head = this;
  ++owner->live_count;
}

Tasklet::~Tasklet() {
  if (!owner) return;
  if (live_prev) live_prev->live_next = live_next;
  if (live_next) live_next->live_prev = live_prev;
  if (owner->live_head == this) owner->live_head = live_next;
  --owner->live_count;
}

namespace sched {

namespace {

Scheduler& S(Vm& vm) { return *vm.sched; }

bool linked(const Tasklet* t) { return t->next != nullptr || t->blocked != 0; }

Value raise_runtime(Vm& vm, const char* msg) { return vm.raise(vm.exc.RuntimeError.get(), msg); }

Value bomb_of(Vm& vm, Class* cls, const char* msg) {
  return Value(make<Bomb>(vm.new_exception(cls, {Value(vm.str(msg))})));
}

bool is_bomb(const Value& v) { return v.is_kind(ObjKind::Bomb); }

// ---- channel queue ------------------------------------------------------------------------

void channel_insert(Channel* ch, Tasklet* t, int dir) {
  t->incref();
  t->chan_prev = ch->tail;
  t->chan_next = nullptr;
  if (ch->tail)
    ch->tail->chan_next = t;
  else
    ch->head = t;
  ch->tail = t;
  ch->balance += dir;
  t->blocked = static_cast<int8_t>(dir);
  t->channel = ch;
  ch->incref();
}

// Unlinks t (the head when t is null) and returns the channel's reference.
Ref<Tasklet> channel_remove(Channel* ch, Tasklet* t = nullptr) {
  if (!t) t = ch->head;
  int dir = ch->balance > 0 ? 1 : -1;
  if (t->chan_prev)
    t->chan_prev->chan_next = t->chan_next;
  else
    ch->head = t->chan_next;
  if (t->chan_next)
    t->chan_next->chan_prev = t->chan_prev;
  else
    ch->tail = t->chan_prev;
  t->chan_next = t->chan_prev = nullptr;
  ch->balance -= dir;
  t->blocked = 0;
  t->channel = nullptr;
  ch->decref();
  return Ref<Tasklet>::adopt(t);
}

void channel_remove_slow(Tasklet* t) { channel_remove(t->channel, t); }

// ---- watchdogs ----------------------------------------------------------------------------

Tasklet* get_watchdog(Scheduler& s, bool interrupt) {
  auto& w = s.watchdogs;
  if (w.size() <= 1) return s.main.get();
  if (interrupt) return w[0] ? w[0].get() : s.main.get();
  return w.back().get();
}

bool push_watchdog(Scheduler& s, Tasklet* t, bool interrupt) {
  if (s.watchdogs.empty()) s.watchdogs.emplace_back();
  if (interrupt) {
    if (s.watchdogs[0])
      interrupt = false;
    else
      s.watchdogs[0] = Ref<Tasklet>(t);
  }
  s.watchdogs.emplace_back(t);
  return interrupt;
}

Ref<Tasklet> pop_watchdog(Scheduler& s) {
  Ref<Tasklet> t = std::move(s.watchdogs.back());
  s.watchdogs.pop_back();
  if (s.watchdogs[0].get() == t.get()) s.watchdogs[0].reset();
  return t;
}

bool check_watchdog(Scheduler& s, Tasklet* t) {
  for (size_t i = 1; i < s.watchdogs.size(); ++i)
    if (s.watchdogs[i].get() == t) return true;
  return false;
}

// Soft interrupts: a tasklet whose slice ran out while the interrupt was
// deferred (run(soft=True), atomic) gives way at its next voluntary switch.
Tasklet* soft_irq(Scheduler& s, Tasklet* prev, Tasklet* next, bool not_now) {
  if (!prev->pending_irq || !(s.runflags & kSoft)) return next;
  Tasklet* wd = get_watchdog(s, true);
  prev->pending_irq = false;
  if (linked(wd)) return next;
  if (prev == wd || next == wd) return next;
  if (not_now) {
    next->pending_irq = true;
    return next;
  }
  s.interrupted = Ref<Tasklet>(next);
  Tasklet* hold = s.current;
  s.current = next;
  current_insert(s, wd);
  s.current = hold;
  return wd;
}

void call_schedule_hook(Vm& vm, Tasklet* prev, Tasklet* next) {
  Scheduler& s = S(vm);
  Value hook = s.schedule_hook;
  Tasklet* hold = s.current;
  s.current = prev;
  s.schedlock = true;
  // Stackless ignores what the callback raises.
  Ref<ExceptionObject> pending = vm.take_error();
  vm.call(hook, std::vector<Value>{Value::object(prev), Value::object(next)});
  if (vm.has_error()) vm.take_error();
  if (pending) vm.set_error(std::move(pending));
  s.schedlock = false;
  s.current = hold;
}

void restart_slice(Scheduler& s) {
  if (s.interrupt_active && !(s.runflags & kTotalTimeout)) s.vm.ticks_left = s.interval;
}

// The switch itself: `next` becomes current. Soft when only VM frames are
// involved (the loop swaps chains), else hard: the running tasklet's stack
// slice is saved and this returns when it runs again.
Value switch_to(Vm& vm, Tasklet* prev, Tasklet* next) {
  Scheduler& s = S(vm);
  if (!s.schedule_hook.is_null()) call_schedule_hook(vm, prev, next);
  restart_slice(s);
  s.current = next;
  if (vm.can_switch()) return vm.switch_request(Value::object(next));
  hard::switch_out(vm, prev, next);
  return resume_value(vm, prev);
}

Value schedule_task_prepared(Vm& vm, Tasklet* prev, Tasklet* next) {
  Scheduler& s = S(vm);
  bool no_soft = s.runflags & kNoSoftIrq;
  s.runflags &= ~kNoSoftIrq;
  next = soft_irq(s, prev, next, no_soft);
  if (prev == next) return resume_value(vm, prev);
  return switch_to(vm, prev, next);
}

Value schedule_task_block(Vm& vm, Tasklet* prev) {
  Scheduler& s = S(vm);
  Tasklet* wakeup = get_watchdog(s, false);
  if (!linked(wakeup)) {
    // Inside run() (or main floating): blocking the last tasklet revives it.
    if (is_bomb(prev->tempval)) wakeup->tempval = prev->tempval;
    return schedule_task(vm, prev, wakeup);
  }
  prev->tempval = bomb_of(vm, vm.exc.RuntimeError.get(), "Deadlock: the last runnable tasklet cannot be blocked.");
  return schedule_task(vm, prev, prev);
}

// ---- tasklet end ----------------------------------------------------------------------------

// The continuation under every tasklet's first frame.
Value tasklet_end(Vm& vm, Value result, Value /*state*/) {
  Scheduler& s = S(vm);
  Tasklet* task = s.current;
  Value retval = Value::none();
  if (result.is_null()) {
    Ref<ExceptionObject> exc = vm.take_error();
    if (!exc) exc = vm.new_exception(vm.exc.RuntimeError.get(), {Value(vm.str("tasklet ended without a result"))});
    if (exc->cls->is_subclass_of(vm.exc.TaskletExit.get())) {
      retval = Value::none();
    } else {
      retval = Value(make<Bomb>(exc));
      // Stackless ends the process on a SystemExit from any tasklet; here it
      // goes straight to main (which ends the program unless it catches it),
      // past the error handler.
      bool exits = exc->cls->is_subclass_of(vm.exc.SystemExit.get());
      if (!exits && !s.error_handler.is_null()) {
        Value handler = s.error_handler;
        Value tb = make_traceback(vm, exc.get());
        if (tb.is_null()) tb = Value::none();
        Value r = vm.call(handler, std::vector<Value>{Value(Ref<Class>(exc->cls)), Value(exc), tb});
        if (r.is_null())
          retval = Value(make<Bomb>(vm.take_error()));
        else
          retval = Value::none();
      }
    }
  }
  task->tempval = retval;
  Ref<Tasklet> dying = current_remove(s);
  task->alive = false;
  task->func = task->args = task->kwargs = Value();
  Tasklet* next = s.current;
  if (!next) {
    Tasklet* wakeup = get_watchdog(s, false);
    if (wakeup->blocked && !is_bomb(retval)) {
      retval = bomb_of(vm, vm.exc.RuntimeError.get(),
                       wakeup->blocked < 0 ? "the main tasklet is receiving without a sender available."
                                           : "the main tasklet is sending without a receiver available.");
    }
    next = wakeup;
  }
  if (is_bomb(retval)) {
    next = get_watchdog(s, false);
    next->tempval = retval;
  }
  task->tempval = Value::none();
  if (next->blocked) {
    Ref<Tasklet> held = channel_remove(next->channel, next);
    current_insert(s, next);
  } else if (!next->next) {
    current_insert(s, next);
  }
  next = soft_irq(s, task, next, false);
  if (!s.schedule_hook.is_null()) call_schedule_hook(vm, task, next);
  restart_slice(s);
  s.current = next;
  // vm.running still holds the dying tasklet until the loop has switched.
  return vm.switch_request(Value::object(next));
}

// The watchdog: the running tasklet's slice is used up.
int on_ticks(Vm& vm) {
  Scheduler& s = S(vm);
  if (!s.interrupt_active) {
    vm.ticks_left = INT64_MAX;
    return 0;
  }
  Tasklet* cur = s.current;
  // Native frames on the stack defer the interrupt, unless run() or the
  // tasklet said to ignore them: then the preemption is a hard switch.
  bool nested = nesting_level(vm, cur) > 0 && !(s.runflags & kIgnoreNesting) && !cur->ignore_nesting;
  if ((s.runflags & kSoft) || cur->atomic || s.schedlock || s.switch_trap || nested) {
    vm.ticks_left = s.interval;
    cur->pending_irq = true;
    return 0;
  }
  cur->pending_irq = false;
  s.interrupted = Ref<Tasklet>(cur);
  Tasklet* wd = get_watchdog(s, true);
  Value r = schedule_task(vm, cur, wd);
  if (vm.has_error()) return -1;
  if (r.is_null() && vm.has_request()) {
    vm.request_.at_boundary = true;
    return 1;
  }
  return 0;
}

}  // namespace

void link_blocked(Vm& vm, Channel* ch, Tasklet* t, int dir) {
  (void)vm;
  channel_insert(ch, t, dir);
}

// ---- run queue --------------------------------------------------------------------------------

void current_insert(Scheduler& s, Tasklet* t) {
  t->incref();
  if (!s.current) {
    t->next = t->prev = t;
    s.current = t;
  } else {
    Tasklet* r = s.current;
    Tasklet* l = r->prev;
    l->next = t;
    r->prev = t;
    t->prev = l;
    t->next = r;
  }
  ++s.runcount;
}

Ref<Tasklet> current_remove(Scheduler& s) {
  Tasklet* ret = s.current;
  if (!ret) return Ref<Tasklet>();
  --s.runcount;
  Tasklet* l = ret->prev;
  Tasklet* r = ret->next;
  l->next = r;
  r->prev = l;
  s.current = r == ret ? nullptr : r;
  ret->next = ret->prev = nullptr;
  return Ref<Tasklet>::adopt(ret);
}

void current_remove_tasklet(Scheduler& s, Tasklet* t) {
  Tasklet* hold = s.current;
  s.current = t;
  Ref<Tasklet> removed = current_remove(s);
  if (hold != t) s.current = hold;
}

// ---- switching --------------------------------------------------------------------------------

int nesting_level(Vm& vm, Tasklet* t) {
  if (t == vm.running.get()) return vm.nesting;
  // Switched out hard: the native frames saved with its stack slice (a
  // native that called the switching one directly counts too).
  if (t->hard) return t->hard->nesting + (t->hard->native_depth > 1 ? 1 : 0);
  return 0;
}

bool refuse_switch(Vm& vm) {
  if (S(vm).switch_trap) {
    raise_runtime(vm, "switch_trap");
    return false;
  }
  if (!vm.can_switch() && !vm.on_shared_stack) {
    // Only a Vm without the hard layer, or code outside any activation.
    raise_runtime(vm, "cannot switch tasklets here: native code is on the stack and there is no shared stack");
    return false;
  }
  return true;
}

bool check_can_switch(Vm& vm) {
  if (!S(vm).switch_trap && (vm.can_switch() || vm.on_shared_stack)) [[likely]]
    return true;
  return refuse_switch(vm);
}

Value resume_value(Vm& vm, Tasklet* t) {
  Value v = std::move(t->tempval);
  t->tempval = Value::none();
  if (v.is_null()) return Value::none();
  if (is_bomb(v)) {
    vm.set_error(v.as<Bomb>()->exc);
    return Value();
  }
  return v;
}

Value schedule_task(Vm& vm, Tasklet* prev, Tasklet* next) {
  Scheduler& s = S(vm);
  if (!next) return schedule_task_block(vm, prev);
  if (prev != next && !check_can_switch(vm)) return Value();
  if (next->blocked) {
    Ref<Tasklet> held = channel_remove(next->channel, next);
    current_insert(s, next);
  } else if (!next->next) {
    current_insert(s, next);
  }
  return schedule_task_prepared(vm, prev, next);
}

// ---- tasklets ---------------------------------------------------------------------------------

Ref<Tasklet> new_tasklet(Vm& vm) {
  auto t = make<Tasklet>(vm.sched.get());
  t->tempval = Value::none();
  return t;
}

bool bind(Vm& vm, Tasklet* t, Value func, Value args, Value kwargs) {
  Scheduler& s = S(vm);
  if (!func.is_null() && !func.is_none() && !is_callable_value(vm, func)) {
    vm.raise(vm.exc.TypeError.get(), "tasklet function must be a callable or None");
    return false;
  }
  if (s.current == t || vm.running.get() == t) {
    raise_runtime(vm, "can't (re)bind the current tasklet");
    return false;
  }
  if (t->scheduled()) {
    raise_runtime(vm, "tasklet is scheduled");
    return false;
  }
  if (t->hard) {
    raise_runtime(vm, "tasklet has C state on its stack");
    return false;
  }
  bool no_args = (args.is_null() || args.is_none()) && (kwargs.is_null() || kwargs.is_none());
  if (t->is_main && no_args) {
    raise_runtime(vm, "can't unbind the main tasklet");
    return false;
  }
  // Rebinding drops the frames without running any finally (Stackless).
  t->alive = false;
  t->chain.reset();
  t->resume = Tasklet::Resume::Start;
  t->func = t->args = t->kwargs = Value();
  t->handled_exc = Value();
  t->depth = 0;
  if (no_args) {
    t->tempval = func.is_null() ? Value::none() : func;
    return true;
  }
  if (!func.is_null() && !func.is_none()) t->tempval = func;
  return setup(vm, t, args.is_null() || args.is_none() ? Value(vm.empty_tuple) : args,
               kwargs.is_none() ? Value() : kwargs, false);
}

bool setup(Vm& vm, Tasklet* t, Value args, Value kwargs, bool insert) {
  Value func = t->tempval;
  if (func.is_null() || func.is_none()) {
    raise_runtime(vm, "the tasklet was not bound to a function");
    return false;
  }
  t->func = std::move(func);
  t->args = std::move(args);
  t->kwargs = std::move(kwargs);
  t->resume = Tasklet::Resume::Start;
  t->alive = true;
  t->tempval = Value::none();
  if (insert) current_insert(S(vm), t);
  return true;
}

Value schedule(Vm& vm, Value retval, bool remove) {
  Scheduler& s = S(vm);
  Tasklet* prev = s.current;
  if (retval.is_null()) retval = Value::object(prev);
  Tasklet* next = prev->next;
  if ((remove || next != prev) && !check_can_switch(vm)) return Value();
  prev->tempval = std::move(retval);
  Ref<Tasklet> hold(prev);
  if (remove) {
    Ref<Tasklet> removed = current_remove(s);
    if (next == prev) next = nullptr;
  }
  return schedule_task(vm, prev, next);
}

// ---- run() ------------------------------------------------------------------------------------

namespace {

// What run() does once its caller is running again: state is
// (caller, interrupt installed, flags).
Value run_finish(Vm& vm, Value result, Value state) {
  Scheduler& s = S(vm);
  auto& st = state.as<Tuple>()->items;
  Tasklet* old_current = st[0].as<Tasklet>();
  bool interrupt = st[1].as_bool();
  int flags = static_cast<int>(st[2].as_int());
  Ref<ExceptionObject> exc;
  if (result.is_null()) exc = vm.take_error();
  if (check_watchdog(s, old_current)) {
    for (;;) {
      Ref<Tasklet> popped = pop_watchdog(s);
      if (!linked(popped.get())) current_insert(s, popped.get());
      if (popped.get() == old_current) break;
    }
    if (interrupt) {
      s.interrupt_active = false;
      s.runflags = 0;
      s.interval = 0;
      vm.ticks_left = INT64_MAX;
    }
  }
  if (exc) {
    vm.set_error(std::move(exc));
    return Value();
  }
  if (s.interrupted) {
    Ref<Tasklet> victim = std::move(s.interrupted);
    if (!(flags & kSoft)) {
      current_remove_tasklet(s, victim.get());
      return Value(victim);
    }
  }
  return Value::none();
}

}  // namespace

Value run(Vm& vm, int64_t timeout, int flags) {
  Scheduler& s = S(vm);
  if (!vm.can_switch() && !check_can_switch(vm)) return Value();
  bool interrupt = timeout > 0;
  Tasklet* old_current = s.current;
  Ref<Tasklet> hold(old_current);
  interrupt = push_watchdog(s, old_current, interrupt);
  bool saved_active = s.interrupt_active;
  int saved_flags = s.runflags;
  int64_t saved_interval = s.interval, saved_ticks = vm.ticks_left;
  if (interrupt) {
    s.interrupt_active = true;
    s.interval = timeout;
    vm.ticks_left = timeout;
    s.runflags = flags;
  }
  Ref<Tasklet> removed = current_remove(s);
  if (s.switch_trap && s.current) {
    pop_watchdog(s);
    current_insert(s, old_current);
    s.current = old_current;
    if (interrupt) {
      s.interrupt_active = saved_active;
      s.runflags = saved_flags;
      s.interval = saved_interval;
      vm.ticks_left = saved_ticks;
    }
    return raise_runtime(vm, "switch_trap");
  }
  Value state(make_tuple({Value::object(old_current), Value::boolean(interrupt), Value::integer(flags)}));
  Value r = schedule_task(vm, old_current, s.current);
  if (r.is_null() && !vm.has_error() && vm.has_request()) {
    // Switched away: finish when the caller runs again.
    vm.request_.k = run_finish;
    vm.request_.state = std::move(state);
    return Value();
  }
  return run_finish(vm, std::move(r), std::move(state));
}

// ---- channels ---------------------------------------------------------------------------------

namespace {

Value channel_cando(Vm& vm, Channel* ch, Tasklet* source, int dir, const Value& saved_tempval) {
  Scheduler& s = S(vm);
  bool switches = ch->schedule_all || ch->preference == -dir;
  if (switches && !check_can_switch(vm)) {
    source->tempval = saved_tempval;
    return Value();
  }
  Ref<Tasklet> target = channel_remove(ch);
  std::swap(source->tempval, target->tempval);
  Tasklet* switchto = target.get();
  int runflags = 0;
  if (ch->schedule_all) {
    current_insert(s, target.get());
    switchto = source->next;
  } else if (ch->preference == -dir) {
    s.current = source->next;
    current_insert(s, target.get());
    s.current = source;
    runflags = kNoSoftIrq;
  } else {
    current_insert(s, target.get());
    switchto = source;
    runflags = kNoSoftIrq;
  }
  s.runflags |= runflags;
  return schedule_task(vm, source, switchto);
}

Value channel_block(Vm& vm, Channel* ch, Tasklet* source, int dir, const Value& saved_tempval) {
  Scheduler& s = S(vm);
  const char* refusal = nullptr;
  Class* type = vm.exc.RuntimeError.get();
  if (source->block_trap) {
    refusal = "this tasklet does not like to be blocked.";
  } else if (ch->closing) {
    refusal = "Send/receive operation on a closed channel";
    type = vm.exc.ValueError.get();
  }
  if (refusal) {
    source->tempval = saved_tempval;
    return vm.raise(type, refusal);
  }
  if (s.switch_trap && source->next != source) {
    source->tempval = saved_tempval;
    return raise_runtime(vm, "switch_trap");
  }
  if (!check_can_switch(vm)) {
    source->tempval = saved_tempval;
    return Value();
  }
  Ref<Tasklet> hold(source);
  Ref<Tasklet> removed = current_remove(s);
  channel_insert(ch, source, dir);
  return schedule_task(vm, source, s.current);
}

}  // namespace

Value channel_action(Vm& vm, Channel* ch, Value value, int dir) {
  Scheduler& s = S(vm);
  Tasklet* source = s.current;
  Ref<Channel> hold_ch(ch);
  bool cando = dir > 0 ? ch->balance < 0 : ch->balance > 0;
  Value saved = source->tempval;
  source->tempval = std::move(value);
  if (!s.channel_hook.is_null()) {
    Value hook = s.channel_hook;
    s.schedlock = true;
    Value r = vm.call(hook, std::vector<Value>{Value(hold_ch), Value::object(source), Value::integer(dir > 0 ? 1 : 0),
                                               Value::integer(cando ? 0 : 1)});
    s.schedlock = false;
    if (r.is_null()) {
      source->tempval = saved;
      return Value();
    }
  }
  if (cando) return channel_cando(vm, ch, source, dir, saved);
  return channel_block(vm, ch, source, dir, saved);
}

bool host_send(Vm& vm, Channel* ch, Value value) {
  if (ch->balance >= 0) return false;
  Ref<Tasklet> target = channel_remove(ch);
  target->tempval = std::move(value);
  if (!target->next) current_insert(S(vm), target.get());
  return true;
}

bool host_receive(Vm& vm, Channel* ch, Value* out) {
  if (ch->balance <= 0) return false;
  Ref<Tasklet> target = channel_remove(ch);
  *out = std::move(target->tempval);
  target->tempval = Value::none();
  if (out->is_kind(ObjKind::Bomb)) *out = Value(Ref<ExceptionObject>(out->as<Bomb>()->exc));
  if (!target->next) current_insert(S(vm), target.get());
  return true;
}

// ---- bombs ------------------------------------------------------------------------------------

Value make_bomb(Vm& vm, const Value& cls, std::vector<Value> args, const char* who) {
  bool ok = cls.is_kind(ObjKind::Class) && cls.as<Class>()->is_subclass_of(vm.exc.BaseException.get());
  if (!ok && !cls.is_kind(ObjKind::Str))
    return vm.raisef(vm.exc.TypeError.get(), "{} needs Exception or string subclass as first parameter", who);
  if (!ok) return Value(make<Bomb>(vm.new_exception(vm.exc.TypeError.get(),
                                                    {Value(vm.str("exceptions must derive from BaseException"))})));
  Value e = vm.call(cls, std::move(args));
  if (e.is_null()) return Value();
  if (!e.is_kind(ObjKind::Exception))
    return vm.raisef(vm.exc.TypeError.get(), "calling {} should have returned an instance of BaseException, not {}",
                     cls.as<Class>()->name->str(), vm.type_name(e));
  return Value(make<Bomb>(Ref<ExceptionObject>(e.as<ExceptionObject>())));
}

Value exc_to_bomb(Vm& vm, const Value& exc, const Value& val) {
  bool no_val = val.is_null() || val.is_none();
  if (exc.is_kind(ObjKind::Class) && exc.as<Class>()->is_subclass_of(vm.exc.BaseException.get())) {
    Class* cls = exc.as<Class>();
    if (!no_val && val.is_kind(ObjKind::Exception) && vm.class_of(val)->is_subclass_of(cls))
      return Value(make<Bomb>(Ref<ExceptionObject>(val.as<ExceptionObject>())));
    std::vector<Value> args;
    if (val.is_kind(ObjKind::Tuple))
      args = val.as<Tuple>()->items;
    else if (!no_val)
      args.push_back(val);
    return make_bomb(vm, exc, std::move(args), "throw");
  }
  if (exc.is_kind(ObjKind::Exception)) {
    if (!no_val) return vm.raise(vm.exc.TypeError.get(), "instance exception may not have a separate value");
    return Value(make<Bomb>(Ref<ExceptionObject>(exc.as<ExceptionObject>())));
  }
  return vm.raisef(vm.exc.TypeError.get(), "exceptions must be classes, or instances, not {}", vm.type_name(exc));
}

Value throw_bomb(Vm& vm, Tasklet* t, Value bomb, bool pending) {
  Scheduler& s = S(vm);
  Ref<Tasklet> hold(t);
  if (s.current == t) {
    vm.set_error(bomb.as<Bomb>()->exc);
    return Value();
  }
  if (!t->alive && !t->is_main) {
    if (!bomb.as<Bomb>()->exc->cls->is_subclass_of(vm.exc.TaskletExit.get()))
      return raise_runtime(vm, "You cannot throw to a dead tasklet");
    if (t->blocked) channel_remove_slow(t);
    if (t->next) current_remove_tasklet(s, t);
    return Value::none();
  }
  if (!pending) {
    if (!check_can_switch(vm)) return Value();
    t->tempval = std::move(bomb);
    return schedule_task(vm, s.current, t);
  }
  t->tempval = std::move(bomb);
  if (t->blocked) channel_remove_slow(t);
  if (!t->next) current_insert(s, t);
  return Value::none();
}

// ---- installation -------------------------------------------------------------------------------

void install(Vm& vm) {
  vm.sched = std::make_shared<Scheduler>(vm);
  Scheduler& s = *vm.sched;
  s.main = new_tasklet(vm);
  s.main->is_main = true;
  s.main->alive = true;
  s.main->resume = Tasklet::Resume::Value;
  current_insert(s, s.main.get());
  vm.running = s.main;
  vm.on_ticks = on_ticks;
  vm.tasklet_end = tasklet_end;
  vm.continuations.emplace_back("stackless.tasklet_end", tasklet_end);
  vm.continuations.emplace_back("stackless.run", run_finish);
}

void kill_hard_tasklets(Vm& vm) {
  if (!vm.sched || !vm.interp()) return;
  std::vector<Ref<Tasklet>> hard;
  for (Tasklet* t = vm.sched->live_head; t; t = t->live_next)
    if (t->hard) hard.emplace_back(t);
  if (hard.empty()) return;
  // As Stackless's slp_kill_tasks_with_stacks: each victim runs alone, so
  // that when it ends control comes back here, not to other tasklets.
  Scheduler& s = *vm.sched;
  for (Tasklet* t = s.current ? s.current->next : nullptr; t && t != s.current;) {
    Tasklet* n = t->next;
    if (!t->is_main) current_remove_tasklet(s, t);
    t = n;
  }
  Value kill = vm.cls.tasklet->lookup(vm.intern("kill"));
  for (auto& t : hard) {
    if (!t->hard) continue;  // an earlier kill let it finish
    if (t->next) current_remove_tasklet(s, t.get());
    Ref<ExceptionObject> pending = vm.take_error();
    vm.call(kill, std::vector<Value>{Value(t)});
    if (vm.has_error()) vm.take_error();
    if (pending) vm.set_error(std::move(pending));
  }
  // One that survived its kill (it caught TaskletExit and blocked again)
  // keeps its slice: its references stay, and it is reported as a leak.
}

void teardown(Vm& vm) {
  if (!vm.sched) return;
  Scheduler& s = *vm.sched;
  s.watchdogs.clear();
  s.interrupted.reset();
  s.channel_hook = s.schedule_hook = s.error_handler = Value();
  // Unlink every queue first, then drop frames and values: dropping may free
  // tasklets, so walk a snapshot that holds each one.
  std::vector<Ref<Tasklet>> all;
  for (Tasklet* t = s.live_head; t; t = t->live_next) all.emplace_back(t);
  for (auto& t : all) {
    if (t->blocked) channel_remove_slow(t.get());
  }
  while (s.current) current_remove(s);
  for (auto& t : all) {
    // A chain holds cycles: a generator running on it and its frame hold
    // each other (running_owner), and the caller's stack holds the generator
    // whose frame's `back` is that caller. Unlink every frame as it goes.
    for (Ref<Frame> f = std::move(t->chain); f;) {
      f->running_owner = Value();
      Ref<Frame> caller = std::move(f->back);
      f = std::move(caller);
    }
    t->tempval = t->func = t->args = t->kwargs = t->handled_exc = Value();
    t->alive = false;
  }
  vm.running.reset();
  s.main.reset();
  all.clear();
  for (Tasklet* t = s.live_head; t; t = t->live_next) t->owner = nullptr;
  s.live_head = nullptr;
}

}  // namespace sched
}  // namespace spindle
