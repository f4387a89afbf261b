// The `stackless` module: Stackless Python 3.7's API over scheduler.cpp.
#include <climits>

#include "core/ops.hpp"
#include "scheduler/scheduler.hpp"

namespace spindle {

namespace {

using namespace sched;

Scheduler& S(Vm& vm) { return *vm.sched; }

Value nonnull(const Value& v) { return v.is_null() ? Value::none() : v; }

bool flag_of(Vm& vm, const Value& v, bool* out) {
  if (v.is_null()) {
    *out = false;
    return true;
  }
  int t = truthy(vm, v);
  if (t < 0) return false;
  *out = t != 0;
  return true;
}

Tasklet* self_tasklet(Vm& vm, Args& args, const char* name) {
  if (args.n < 1 || !args[0].is_kind(ObjKind::Tasklet)) {
    vm.raisef(vm.exc.TypeError.get(), "descriptor '{}' requires a 'tasklet' object", name);
    return nullptr;
  }
  return args[0].as<Tasklet>();
}

Channel* self_channel(Vm& vm, Args& args, const char* name) {
  if (args.n < 1 || !args[0].is_kind(ObjKind::Channel)) {
    vm.raisef(vm.exc.TypeError.get(), "descriptor '{}' requires a 'channel' object", name);
    return nullptr;
  }
  return args[0].as<Channel>();
}

// ---- tasklet ------------------------------------------------------------------------------------

Value tasklet_new(Vm& vm, Args& args) {
  if (args.n == 1 && !args.kwnames) {
    // tasklet(func), the usual form.
    Ref<Tasklet> t = new_tasklet(vm);
    if (!bind(vm, t.get(), args[0], Value(), Value())) return Value();
    return Value(std::move(t));
  }
  Value a[3];
  if (!parse_args(vm, args, "tasklet", {"func", "args", "kwargs"}, 0, a)) return Value();
  Ref<Tasklet> t = new_tasklet(vm);
  if (!bind(vm, t.get(), a[0], a[1], a[2])) return Value();
  return Value(std::move(t));
}

Value tasklet_bind(Vm& vm, Args& args) {
  Tasklet* t = self_tasklet(vm, args, "bind");
  if (!t) return Value();
  Value a[4];
  if (!parse_args(vm, args, "bind", {"self", "func", "args", "kwargs"}, 1, a)) return Value();
  if (t->is_main && !(a[2].is_null() || a[2].is_none()) && t != S(vm).current)
    return vm.raise(vm.exc.RuntimeError.get(), "tasklet has C state on its stack");
  if (!bind(vm, t, a[1], a[2], a[3])) return Value();
  return args[0];
}

Value tasklet_setup(Vm& vm, Args& args) {
  Tasklet* t = self_tasklet(vm, args, "setup");
  if (!t) return Value();
  if (t->alive || t == S(vm).current) return vm.raise(vm.exc.RuntimeError.get(), "tasklet is alive");
  Value call_args = args.n == 1 ? Value(vm.empty_tuple)
                                : Value(make_tuple(std::vector<Value>(args.argv + 1, args.argv + args.n)));
  Value kwargs;
  if (args.nkw() > 0) {
    auto kw = make<Dict>();
    for (int i = 0; i < args.nkw(); ++i)
      if (!dict_set(vm, kw.get(), args.kwnames->items[i], args.kwv()[i])) return Value();
    kwargs = Value(std::move(kw));
  }
  if (!setup(vm, t, std::move(call_args), std::move(kwargs), true)) return Value();
  return args[0];
}

bool do_insert(Vm& vm, Tasklet* t) {
  if (t->blocked) {
    vm.raise(vm.exc.RuntimeError.get(), "You cannot run a blocked tasklet");
    return false;
  }
  if (!t->next) {
    if (!t->alive && t != S(vm).current) {
      vm.raise(vm.exc.RuntimeError.get(), "You cannot run an unbound(dead) tasklet");
      return false;
    }
    current_insert(S(vm), t);
  }
  return true;
}

Value tasklet_insert(Vm& vm, Args& args) {
  Tasklet* t = self_tasklet(vm, args, "insert");
  if (!t || !check_args(vm, args, "insert", 1, 1)) return Value();
  if (!do_insert(vm, t)) return Value();
  return args[0];
}

Value tasklet_remove(Vm& vm, Args& args) {
  Tasklet* t = self_tasklet(vm, args, "remove");
  if (!t || !check_args(vm, args, "remove", 1, 1)) return Value();
  if (t->blocked) return vm.raise(vm.exc.RuntimeError.get(), "You cannot remove a blocked tasklet.");
  if (t == S(vm).current) return vm.raise(vm.exc.RuntimeError.get(), "The current tasklet cannot be removed.");
  if (t->next) current_remove_tasklet(S(vm), t);
  return args[0];
}

Value run_or_switch(Vm& vm, Args& args, const char* name, bool remove_caller) {
  Tasklet* t = self_tasklet(vm, args, name);
  if (!t || !check_args(vm, args, name, 1, 1)) return Value();
  Scheduler& s = S(vm);
  Tasklet* prev = s.current;
  Ref<Tasklet> hold(t), hold_prev(prev);
  if (prev != t && !t->blocked && (t->alive || t->next) && !check_can_switch(vm)) return Value();
  if (!do_insert(vm, t)) return Value();
  if (remove_caller) current_remove(s);
  return schedule_task(vm, prev, t);
}

Value tasklet_run(Vm& vm, Args& args) { return run_or_switch(vm, args, "run", false); }
Value tasklet_switch(Vm& vm, Args& args) { return run_or_switch(vm, args, "switch", true); }

Value tasklet_throw(Vm& vm, Args& args) {
  Tasklet* t = self_tasklet(vm, args, "throw");
  if (!t) return Value();
  Value a[5];
  if (!parse_args(vm, args, "throw", {"self", "exc", "val", "tb", "pending"}, 2, a)) return Value();
  bool pending;
  if (!flag_of(vm, a[4], &pending)) return Value();
  Value bomb = exc_to_bomb(vm, a[1], a[2]);
  if (bomb.is_null()) return Value();
  return throw_bomb(vm, t, std::move(bomb), pending);
}

Value tasklet_raise_exception(Vm& vm, Args& args) {
  Tasklet* t = self_tasklet(vm, args, "raise_exception");
  if (!t || !check_no_keywords(vm, args, "raise_exception")) return Value();
  if (args.n < 2) return vm.raise(vm.exc.TypeError.get(), "raise_exception() takes at least 1 argument (0 given)");
  Value bomb = make_bomb(vm, args[1], std::vector<Value>(args.argv + 2, args.argv + args.n), "tasklet.raise_exception");
  if (bomb.is_null()) return Value();
  return throw_bomb(vm, t, std::move(bomb), false);
}

Value tasklet_kill(Vm& vm, Args& args) {
  Tasklet* t = self_tasklet(vm, args, "kill");
  if (!t) return Value();
  Value a[2];
  if (!parse_args(vm, args, "kill", {"self", "pending"}, 1, a)) return Value();
  bool pending;
  if (!flag_of(vm, a[1], &pending)) return Value();
  Value bomb(make<Bomb>(vm.new_exception(vm.exc.TaskletExit.get(), {})));
  return throw_bomb(vm, t, std::move(bomb), pending);
}

void check_pending_irq(Vm& vm, Tasklet* cur) {
  Scheduler& s = S(vm);
  if (cur->pending_irq && !(s.runflags & kSoft)) {
    if (cur->atomic) return;
    vm.ticks_left = 1;
    cur->pending_irq = false;
  }
}

Value tasklet_set_atomic(Vm& vm, Args& args) {
  Tasklet* t = self_tasklet(vm, args, "set_atomic");
  if (!t || !check_args(vm, args, "set_atomic", 2, 2)) return Value();
  bool flag;
  if (!flag_of(vm, args[1], &flag)) return Value();
  bool old = t->atomic;
  t->atomic = flag;
  if (t->pending_irq && t == S(vm).current) check_pending_irq(vm, t);
  return Value::boolean(old);
}

Value tasklet_set_ignore_nesting(Vm& vm, Args& args) {
  Tasklet* t = self_tasklet(vm, args, "set_ignore_nesting");
  if (!t || !check_args(vm, args, "set_ignore_nesting", 2, 2)) return Value();
  bool flag;
  if (!flag_of(vm, args[1], &flag)) return Value();
  bool old = t->ignore_nesting;
  t->ignore_nesting = flag;
  return Value::boolean(old);
}

// Attributes (getters take self).
#define TASKLET_GETTER(name, expr)                         \
  Value tasklet_get_##name(Vm& vm, Args& args) {           \
    Tasklet* t = self_tasklet(vm, args, #name);            \
    if (!t) return Value();                                \
    [[maybe_unused]] Scheduler& s = S(vm);                 \
    return expr;                                           \
  }

bool tasklet_alive(Scheduler& s, Tasklet* t) { return t == s.current || t->is_main || t->alive; }

TASKLET_GETTER(alive, Value::boolean(tasklet_alive(s, t)))
TASKLET_GETTER(paused, Value::boolean(tasklet_alive(s, t) && !t->next && !t->blocked))
TASKLET_GETTER(scheduled, Value::boolean(t->scheduled()))
TASKLET_GETTER(blocked, Value::boolean(t->blocked != 0))
TASKLET_GETTER(is_main, Value::boolean(t->is_main))
TASKLET_GETTER(is_current, Value::boolean(t == s.current))
TASKLET_GETTER(atomic, Value::boolean(t->atomic))
TASKLET_GETTER(ignore_nesting, Value::boolean(t->ignore_nesting))
TASKLET_GETTER(block_trap, Value::boolean(t->block_trap))
TASKLET_GETTER(tempval, nonnull(t->tempval))
TASKLET_GETTER(nesting_level, Value::integer(nesting_level(vm, t)))
TASKLET_GETTER(restorable, Value::boolean(nesting_level(vm, t) == 0))
TASKLET_GETTER(recursion_depth, Value::integer(t == vm.running.get() ? vm.depth : t->depth))
TASKLET_GETTER(thread_id, Value::integer(1))
TASKLET_GETTER(frame, t == vm.running.get() && vm.current_frame ? Value::object(vm.current_frame)
                      : t->chain                               ? Value(t->chain)
                                                               : Value::none())
TASKLET_GETTER(next, t->blocked ? (t->chan_next ? Value::object(t->chan_next) : Value::none())
                     : t->next  ? Value::object(t->next)
                                : Value::none())
TASKLET_GETTER(prev, t->blocked ? (t->chan_prev ? Value::object(t->chan_prev) : Value::none())
                     : t->prev  ? Value::object(t->prev)
                                : Value::none())
#undef TASKLET_GETTER

Value tasklet_set_tempval(Vm& vm, Args& args) {
  Tasklet* t = self_tasklet(vm, args, "tempval");
  if (!t) return Value();
  t->tempval = args[1];
  return Value::none();
}

Value tasklet_set_block_trap(Vm& vm, Args& args) {
  Tasklet* t = self_tasklet(vm, args, "block_trap");
  if (!t) return Value();
  bool flag;
  if (!flag_of(vm, args[1], &flag)) return Value();
  t->block_trap = flag;
  return Value::none();
}

// ---- channel --------------------------------------------------------------------------------------

Value channel_new(Vm& vm, Args& args) {
  if (!check_args(vm, args, "channel", 0, 0)) return Value();
  return Value(make<Channel>());
}

Value channel_send(Vm& vm, Args& args) {
  Channel* ch = self_channel(vm, args, "send");
  if (!ch || !check_args(vm, args, "send", 2, 2)) return Value();
  return channel_action(vm, ch, args[1], 1);
}

Value channel_receive(Vm& vm, Args& args) {
  Channel* ch = self_channel(vm, args, "receive");
  if (!ch || !check_args(vm, args, "receive", 1, 1)) return Value();
  return channel_action(vm, ch, Value::none(), -1);
}

Value channel_send_exception(Vm& vm, Args& args) {
  Channel* ch = self_channel(vm, args, "send_exception");
  if (!ch || !check_no_keywords(vm, args, "send_exception")) return Value();
  if (args.n < 2) return vm.raise(vm.exc.TypeError.get(), "send_exception() takes at least 1 argument (0 given)");
  Value bomb = make_bomb(vm, args[1], std::vector<Value>(args.argv + 2, args.argv + args.n), "channel.send_exception");
  if (bomb.is_null()) return Value();
  return channel_action(vm, ch, std::move(bomb), 1);
}

Value channel_send_throw(Vm& vm, Args& args) {
  Channel* ch = self_channel(vm, args, "send_throw");
  if (!ch) return Value();
  Value a[4];
  if (!parse_args(vm, args, "send_throw", {"self", "exc", "val", "tb"}, 2, a)) return Value();
  Value bomb = exc_to_bomb(vm, a[1], a[2]);
  if (bomb.is_null()) return Value();
  return channel_action(vm, ch, std::move(bomb), 1);
}

// send_sequence sends one item per step. Both the sends and the iteration
// may switch (a generator whose body receives from another channel), so the
// loop over the iterable is a pair of continuations taking turns, with state
// (channel, iterator, items sent): next(iterator), then channel.send(item).
Value send_sequence_got(Vm& vm, Value item, Value state);

Value send_sequence_fetch(Vm& vm, Value state) {
  Value next = dict_get_str(vm.builtins(), vm.intern("next"));
  Value it = state.as<Tuple>()->items[1];
  return vm.call_then(next, {std::move(it)}, send_sequence_got, std::move(state));
}

Value send_sequence_sent(Vm& vm, Value result, Value state) {
  if (result.is_null()) return Value();
  auto& st = state.as<Tuple>()->items;
  return send_sequence_fetch(vm, Value(make_tuple({st[0], st[1], Value::integer(st[2].as_int() + 1)})));
}

Value send_sequence_got(Vm& vm, Value item, Value state) {
  auto& st = state.as<Tuple>()->items;
  if (item.is_null()) {
    if (!vm.error_matches(vm.exc.StopIteration.get())) return Value();
    vm.take_error();
    return st[2];
  }
  Value send = vm.cls.channel->lookup(vm.intern("send"));
  Value ch = st[0];
  return vm.call_then(send, {std::move(ch), std::move(item)}, send_sequence_sent, std::move(state));
}

Value channel_send_sequence(Vm& vm, Args& args) {
  Channel* ch = self_channel(vm, args, "send_sequence");
  if (!ch || !check_args(vm, args, "send_sequence", 2, 2)) return Value();
  Value it = get_iter(vm, args[1]);
  if (it.is_null()) return Value();
  return send_sequence_fetch(vm, Value(make_tuple({args[0], std::move(it), Value::integer(0)})));
}

Value channel_iter(Vm& vm, Args& args) {
  if (!self_channel(vm, args, "__iter__")) return Value();
  return args[0];
}

Value channel_next(Vm& vm, Args& args) {
  Channel* ch = self_channel(vm, args, "__next__");
  if (!ch) return Value();
  if (ch->closing && ch->balance <= 0) return vm.raise_with_args(vm.exc.StopIteration.get(), {});
  return channel_action(vm, ch, Value::none(), -1);
}

Value channel_close(Vm& vm, Args& args) {
  Channel* ch = self_channel(vm, args, "close");
  if (!ch) return Value();
  ch->closing = true;
  return Value::none();
}

Value channel_open(Vm& vm, Args& args) {
  Channel* ch = self_channel(vm, args, "open");
  if (!ch) return Value();
  ch->closing = false;
  return Value::none();
}

#define CHANNEL_GETTER(name, expr)                   \
  Value channel_get_##name(Vm& vm, Args& args) {     \
    Channel* ch = self_channel(vm, args, #name);     \
    if (!ch) return Value();                         \
    return expr;                                     \
  }
CHANNEL_GETTER(balance, Value::integer(ch->balance))
CHANNEL_GETTER(preference, Value::integer(ch->preference))
CHANNEL_GETTER(schedule_all, Value::integer(ch->schedule_all ? 1 : 0))
CHANNEL_GETTER(queue, ch->head ? Value::object(ch->head) : Value::none())
CHANNEL_GETTER(closing, Value::boolean(ch->closing))
CHANNEL_GETTER(closed, Value::boolean(ch->closing && ch->balance == 0))
#undef CHANNEL_GETTER

Value channel_set_preference(Vm& vm, Args& args) {
  Channel* ch = self_channel(vm, args, "preference");
  if (!ch) return Value();
  if (!args[1].is_intlike()) return vm.raise(vm.exc.TypeError.get(), "preference must be an integer");
  int64_t v = args[1].as_int();
  ch->preference = static_cast<int8_t>(v > 0 ? 1 : v < 0 ? -1 : 0);
  return Value::none();
}

Value channel_set_schedule_all(Vm& vm, Args& args) {
  Channel* ch = self_channel(vm, args, "schedule_all");
  if (!ch) return Value();
  bool flag;
  if (!flag_of(vm, args[1], &flag)) return Value();
  ch->schedule_all = flag;
  return Value::none();
}

// ---- bomb -----------------------------------------------------------------------------------------

Value bomb_get(Vm& vm, Args& args, int which) {
  if (args.n < 1 || !args[0].is_kind(ObjKind::Bomb))
    return vm.raise(vm.exc.TypeError.get(), "descriptor requires a 'bomb' object");
  ExceptionObject* e = args[0].as<Bomb>()->exc.get();
  if (which == 0) return Value(Ref<Class>(e->cls));
  if (which == 1) return Value(Ref<ExceptionObject>(e));
  return make_traceback(vm, e);
}
Value bomb_type(Vm& vm, Args& args) { return bomb_get(vm, args, 0); }
Value bomb_value(Vm& vm, Args& args) { return bomb_get(vm, args, 1); }
Value bomb_traceback(Vm& vm, Args& args) { return bomb_get(vm, args, 2); }

// ---- atomic ---------------------------------------------------------------------------------------

Value atomic_new(Vm& vm, Args& args) {
  if (!check_args(vm, args, "atomic", 0, 0)) return Value();
  return Value(make<Instance>(vm.sched->atomic_class));
}

Value atomic_enter(Vm& vm, Args& args) {
  if (args.n < 1 || !args[0].is_kind(ObjKind::Instance)) return vm.raise(vm.exc.TypeError.get(), "atomic.__enter__");
  Tasklet* cur = S(vm).current;
  bool old = cur->atomic;
  cur->atomic = true;
  dict_set_str(args[0].as<Instance>()->dict.get(), vm.intern("_old"), Value::boolean(old));
  return args[0];
}

Value atomic_exit(Vm& vm, Args& args) {
  if (args.n < 1 || !args[0].is_kind(ObjKind::Instance)) return vm.raise(vm.exc.TypeError.get(), "atomic.__exit__");
  Value old = dict_get_str(args[0].as<Instance>()->dict.get(), vm.intern("_old"));
  Tasklet* cur = S(vm).current;
  cur->atomic = !old.is_null() && old.as_bool();
  if (cur->pending_irq) check_pending_irq(vm, cur);
  return Value::none();
}

// ---- module functions -----------------------------------------------------------------------------

Value m_getcurrent(Vm& vm, Args& args) {
  if (!check_args(vm, args, "getcurrent", 0, 0)) return Value();
  return Value::object(S(vm).current);
}

Value m_getmain(Vm& vm, Args& args) {
  if (!check_args(vm, args, "getmain", 0, 0)) return Value();
  return Value(S(vm).main);
}

Value m_getruncount(Vm& vm, Args& args) {
  if (!check_args(vm, args, "getruncount", 0, 0)) return Value();
  return Value::integer(S(vm).runcount);
}

Value m_schedule(Vm& vm, Args& args) {
  if (args.n == 0 && !args.kwnames) return schedule(vm, Value(), false);
  Value a[1];
  if (!parse_args(vm, args, "schedule", {"retval"}, 0, a)) return Value();
  return schedule(vm, a[0], false);
}

Value m_schedule_remove(Vm& vm, Args& args) {
  Value a[1];
  if (!parse_args(vm, args, "schedule_remove", {"retval"}, 0, a)) return Value();
  return schedule(vm, a[0], true);
}

Value m_run(Vm& vm, Args& args) {
  Value a[5];
  if (!parse_args(vm, args, "run", {"timeout", "threadblock", "soft", "ignore_nesting", "totaltimeout"}, 0, a))
    return Value();
  int64_t timeout = 0;
  if (!a[0].is_null()) {
    if (!a[0].is_intlike()) return vm.raise(vm.exc.TypeError.get(), "run() timeout must be an integer");
    timeout = a[0].as_int();
  }
  int flags = 0;
  const int bits[] = {kThreadBlock, kSoft, kIgnoreNesting, kTotalTimeout};
  for (int i = 0; i < 4; ++i) {
    bool on;
    if (!flag_of(vm, a[i + 1], &on)) return Value();
    if (on) flags |= bits[i];
  }
  return run(vm, timeout, flags);
}

Value m_enable_softswitch(Vm& vm, Args& args) {
  if (!check_args(vm, args, "enable_softswitch", 1, 1)) return Value();
  bool old = S(vm).soft_switch_enabled;
  if (!args[0].is_none()) {
    bool flag;
    if (!flag_of(vm, args[0], &flag)) return Value();
    S(vm).soft_switch_enabled = flag;
  }
  return Value::boolean(old);
}

Value m_switch_trap(Vm& vm, Args& args) {
  Value a[1];
  if (!parse_args(vm, args, "switch_trap", {"change"}, 0, a)) return Value();
  int old = S(vm).switch_trap;
  if (!a[0].is_null()) {
    if (!a[0].is_intlike()) return vm.raise(vm.exc.TypeError.get(), "switch_trap() argument must be an integer");
    S(vm).switch_trap += static_cast<int>(a[0].as_int());
  }
  return Value::integer(old);
}

Value swap_hook(Vm& vm, Args& args, const char* name, Value Scheduler::*slot) {
  Value a[1];
  if (!parse_args(vm, args, name, {"callable"}, 0, a)) return Value();
  Value v = a[0].is_null() ? Value::none() : a[0];
  if (!v.is_none() && !is_callable_value(vm, v))
    return vm.raisef(vm.exc.TypeError.get(), "{}: argument must be callable or None", name);
  Value old = nonnull(S(vm).*slot);
  // None is stored as Null: the hot paths test one tag.
  S(vm).*slot = v.is_none() ? Value() : v;
  return old;
}

Value m_set_channel_callback(Vm& vm, Args& args) {
  return swap_hook(vm, args, "set_channel_callback", &Scheduler::channel_hook);
}
Value m_set_schedule_callback(Vm& vm, Args& args) {
  return swap_hook(vm, args, "set_schedule_callback", &Scheduler::schedule_hook);
}
Value m_set_error_handler(Vm& vm, Args& args) {
  return swap_hook(vm, args, "set_error_handler", &Scheduler::error_handler);
}
Value m_get_channel_callback(Vm& vm, Args& args) {
  if (!check_args(vm, args, "get_channel_callback", 0, 0)) return Value();
  return nonnull(S(vm).channel_hook);
}
Value m_get_schedule_callback(Vm& vm, Args& args) {
  if (!check_args(vm, args, "get_schedule_callback", 0, 0)) return Value();
  return nonnull(S(vm).schedule_hook);
}

// PEP 562: stackless.current / main / runcount are computed.
Value m_getattr(Vm& vm, Args& args) {
  if (args.n != 1 || !args[0].is_kind(ObjKind::Str)) return vm.raise(vm.exc.TypeError.get(), "__getattr__");
  const std::string& n = args[0].as<Str>()->str();
  if (n == "current") return Value::object(S(vm).current);
  if (n == "main") return Value(S(vm).main);
  if (n == "runcount") return Value::integer(S(vm).runcount);
  return vm.raisef(vm.exc.AttributeError.get(), "module 'stackless' has no attribute '{}'", n);
}

void def_property(Vm& vm, Class* cls, const char* name, NativeFn get, NativeFn set = nullptr) {
  Ref<NativeFunction> g = vm.native(name, get);
  g->owner = cls;
  auto d = make<Descriptor>(ObjKind::Property, Value(g));
  if (set) {
    Ref<NativeFunction> s = vm.native(name, set);
    s->owner = cls;
    d->fset = Value(s);
  }
  dict_set_str(cls->dict.get(), vm.intern(name), Value(std::move(d)));
}

Ref<Module> make_stackless_module(Vm& vm) {
  auto dict = make<Dict>();
  auto m = make<Module>(vm.intern_ref("stackless"), dict);
  dict_set_str(dict.get(), vm.names.__name__, Value(vm.intern_ref("stackless")));
  auto put = [&](const char* name, Value v) { dict_set_str(dict.get(), vm.intern(name), std::move(v)); };
  auto fn = [&](const char* name, NativeFn f) { put(name, Value(vm.native(name, f))); };

  put("tasklet", Value(vm.cls.tasklet));
  put("channel", Value(vm.cls.channel));
  put("bomb", Value(vm.cls.bomb));
  put("atomic", Value(vm.sched->atomic_class));
  put("TaskletExit", Value(vm.exc.TaskletExit));
  fn("getcurrent", m_getcurrent);
  fn("getmain", m_getmain);
  fn("getruncount", m_getruncount);
  fn("schedule", m_schedule);
  fn("schedule_remove", m_schedule_remove);
  fn("run", m_run);
  fn("enable_softswitch", m_enable_softswitch);
  fn("switch_trap", m_switch_trap);
  fn("set_channel_callback", m_set_channel_callback);
  fn("get_channel_callback", m_get_channel_callback);
  fn("set_schedule_callback", m_set_schedule_callback);
  fn("get_schedule_callback", m_get_schedule_callback);
  fn("set_error_handler", m_set_error_handler);
  fn("__getattr__", m_getattr);
  return m;
}

}  // namespace

void install_stackless_module(Vm& vm) {
  sched::install(vm);
  Ref<Class> t = vm.new_class("tasklet", vm.cls.object, ObjKind::Tasklet, true);
  t->final_type = true;
  t->module_name = Value(vm.intern_ref("stackless"));
  t->construct = tasklet_new;
  vm.cls.tasklet = t;
  struct {
    const char* name;
    NativeFn fn;
  } const tasklet_methods[] = {
      {"bind", tasklet_bind},
      {"setup", tasklet_setup},
      {"__call__", tasklet_setup},
      {"insert", tasklet_insert},
      {"remove", tasklet_remove},
      {"run", tasklet_run},
      {"switch", tasklet_switch},
      {"throw", tasklet_throw},
      {"raise_exception", tasklet_raise_exception},
      {"kill", tasklet_kill},
      {"set_atomic", tasklet_set_atomic},
      {"set_ignore_nesting", tasklet_set_ignore_nesting},
  };
  for (const auto& m : tasklet_methods) vm.def_method(t.get(), m.name, m.fn);
  def_property(vm, t.get(), "alive", tasklet_get_alive);
  def_property(vm, t.get(), "paused", tasklet_get_paused);
  def_property(vm, t.get(), "scheduled", tasklet_get_scheduled);
  def_property(vm, t.get(), "blocked", tasklet_get_blocked);
  def_property(vm, t.get(), "is_main", tasklet_get_is_main);
  def_property(vm, t.get(), "is_current", tasklet_get_is_current);
  def_property(vm, t.get(), "atomic", tasklet_get_atomic);
  def_property(vm, t.get(), "ignore_nesting", tasklet_get_ignore_nesting);
  def_property(vm, t.get(), "block_trap", tasklet_get_block_trap, tasklet_set_block_trap);
  def_property(vm, t.get(), "tempval", tasklet_get_tempval, tasklet_set_tempval);
  def_property(vm, t.get(), "nesting_level", tasklet_get_nesting_level);
  def_property(vm, t.get(), "restorable", tasklet_get_restorable);
  def_property(vm, t.get(), "recursion_depth", tasklet_get_recursion_depth);
  def_property(vm, t.get(), "thread_id", tasklet_get_thread_id);
  def_property(vm, t.get(), "frame", tasklet_get_frame);
  def_property(vm, t.get(), "next", tasklet_get_next);
  def_property(vm, t.get(), "prev", tasklet_get_prev);

  Ref<Class> c = vm.new_class("channel", vm.cls.object, ObjKind::Channel, true);
  c->final_type = true;
  c->module_name = Value(vm.intern_ref("stackless"));
  c->construct = channel_new;
  vm.cls.channel = c;
  struct {
    const char* name;
    NativeFn fn;
  } const channel_methods[] = {
      {"send", channel_send},
      {"receive", channel_receive},
      {"send_exception", channel_send_exception},
      {"send_throw", channel_send_throw},
      {"send_sequence", channel_send_sequence},
      {"__iter__", channel_iter},
      {"__next__", channel_next},
      {"close", channel_close},
      {"open", channel_open},
  };
  for (const auto& m : channel_methods) vm.def_method(c.get(), m.name, m.fn);
  def_property(vm, c.get(), "balance", channel_get_balance);
  def_property(vm, c.get(), "preference", channel_get_preference, channel_set_preference);
  def_property(vm, c.get(), "schedule_all", channel_get_schedule_all, channel_set_schedule_all);
  def_property(vm, c.get(), "queue", channel_get_queue);
  def_property(vm, c.get(), "closing", channel_get_closing);
  def_property(vm, c.get(), "closed", channel_get_closed);

  Ref<Class> b = vm.new_class("bomb", vm.cls.object, ObjKind::Bomb, true);
  b->final_type = true;
  b->module_name = Value(vm.intern_ref("stackless"));
  vm.cls.bomb = b;
  def_property(vm, b.get(), "type", bomb_type);
  def_property(vm, b.get(), "value", bomb_value);
  def_property(vm, b.get(), "traceback", bomb_traceback);

  Ref<Class> a = vm.new_class("atomic", vm.cls.object, ObjKind::Instance, true);
  a->module_name = Value(vm.intern_ref("stackless"));
  a->construct = atomic_new;
  vm.def_method(a.get(), "__enter__", atomic_enter);
  vm.def_method(a.get(), "__exit__", atomic_exit);
  vm.sched->atomic_class = a;

  vm.module_factories["stackless"] = make_stackless_module;
  vm.continuations.emplace_back("stackless.channel.send_sequence.got", send_sequence_got);
  vm.continuations.emplace_back("stackless.channel.send_sequence.sent", send_sequence_sent);
}

}  // namespace spindle
