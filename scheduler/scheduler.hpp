// The Stackless scheduler: run queue, channels, the watchdog and tasklet
// end, after Stackless Python 3.7's Stackless/module/{scheduling,
// channelobject,taskletobject,stacklessmodule}.c (rules: ../shared/STACKLESS.md).
//
// Operations that switch return the target's resume value when no switch
// happens, or a Switch request (Vm::switch_request) that the loop carries out
// by swapping frame chains; the switched-in tasklet then claims its tempval.
// Every operation that would switch checks first that it may (switch_trap,
// native frames on the stack), so a refused switch changes nothing.
#pragma once

#include <vector>

#include "core/tasklet.hpp"
#include "core/vm.hpp"

namespace spindle::sched {

// run() flags (Stackless's PY_WATCHDOG_*).
enum RunFlags : int {
  kThreadBlock = 1,
  kSoft = 2,
  kIgnoreNesting = 4,
  kTotalTimeout = 8,
  kNoSoftIrq = 128,  // the next switch is a channel's preference, not a yield
};

}  // namespace spindle::sched

namespace spindle {

struct Scheduler {
  explicit Scheduler(Vm& v) : vm(v) {}
  Vm& vm;
  Ref<Tasklet> main;
  // Head of the circular run queue (the queue holds a reference to each
  // member); null when the queue is empty.
  Tasklet* current = nullptr;
  int64_t runcount = 0;
  // Callers of run(), innermost last; [0] is the interrupt watchdog (the
  // first run() with a timeout) or null. Empty until run() is first called.
  std::vector<Ref<Tasklet>> watchdogs;
  Ref<Tasklet> interrupted;
  bool interrupt_active = false;
  int runflags = 0;
  int64_t interval = 0;
  int switch_trap = 0;
  bool schedlock = false;  // inside a scheduler callback
  bool soft_switch_enabled = true;
  Value channel_hook, schedule_hook, error_handler;
  Ref<Class> atomic_class;
  // Every live tasklet (intrusive list through live_prev/live_next).
  Tasklet* live_head = nullptr;
  int64_t live_count = 0;
  int64_t next_id = 1;
};

namespace sched {

// Creates the scheduler and its main tasklet (the caller of the first loop
// activation) and installs the loop hooks.
void install(Vm& vm);
// Kills every tasklet switched out hard (its native frames unwind, its
// finally blocks run); what they raise is dropped.
void kill_hard_tasklets(Vm& vm);
// Drops every tasklet's frames and links without running any code (the end
// of a Vm: soft tasklets simply stop, as in Stackless).
void teardown(Vm& vm);

// ---- run queue ----------------------------------------------------------------------------
void current_insert(Scheduler& s, Tasklet* t);
Ref<Tasklet> current_remove(Scheduler& s);
void current_remove_tasklet(Scheduler& s, Tasklet* t);

// ---- switching ----------------------------------------------------------------------------
// RuntimeError unless a switch away from the current tasklet is possible now
// (switch_trap, or native frames between the tasklet's VM frames).
bool check_can_switch(Vm& vm);
Value schedule_task(Vm& vm, Tasklet* prev, Tasklet* next);
// Claims t's tempval; a bomb is raised (Null returned).
Value resume_value(Vm& vm, Tasklet* t);

// ---- operations behind the stackless module and the embedding API -------------------------
// Stackless's bind/setup: args is a Tuple or Null, kwargs a Dict or Null.
bool bind(Vm& vm, Tasklet* t, Value func, Value args, Value kwargs);
bool setup(Vm& vm, Tasklet* t, Value args, Value kwargs, bool insert);
Value schedule(Vm& vm, Value retval, bool remove);
Value run(Vm& vm, int64_t timeout, int flags);
Value channel_action(Vm& vm, Channel* ch, Value value, int dir);
// Bombs: `cls(*args)` (send_exception, raise_exception) and the raise
// statement's rules (throw, send_throw). Null with TypeError on misuse.
Value make_bomb(Vm& vm, const Value& cls, std::vector<Value> args, const char* who);
Value exc_to_bomb(Vm& vm, const Value& exc, const Value& val);
Value throw_bomb(Vm& vm, Tasklet* t, Value bomb, bool pending);
Ref<Tasklet> new_tasklet(Vm& vm);

// Host channel operations that never switch (the embedding API's
// try_send/try_receive): false when no partner is waiting.
bool host_send(Vm& vm, Channel* ch, Value value);
bool host_receive(Vm& vm, Channel* ch, Value* out);

// Puts an unscheduled tasklet at the end of `ch`'s queue, blocked in
// direction `dir` (the pickle loader re-linking a blocked tasklet).
void link_blocked(Vm& vm, Channel* ch, Tasklet* t, int dir);

// The running tasklet's nesting level (native frames between its VM frames).
int nesting_level(Vm& vm, Tasklet* t);

}  // namespace sched

// Installs the `stackless` module factory (scheduler/stackless_module.cpp).
void install_stackless_module(Vm& vm);

}  // namespace spindle
