// Tasklets, channels and bombs as plain data. The scheduler layer owns the
// rules (scheduler/); the loop only swaps a tasklet's frame chain in and out
// and hands it its tempval. Pickling (issue 6) reads these fields.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/frame.hpp"
#include "core/objects.hpp"

namespace spindle {

class Channel;
struct Scheduler;

// A tasklet switched away while native code sat between its VM frames
// (hard/): the bytes of the shared execution stack it was using, and the
// interpreter state that belongs to that stack.
struct HardSlice {
  void* context = nullptr;           // Boost.Context resume point, inside the slice
  std::unique_ptr<char[]> bytes;     // [context, stack top) while switched out
  size_t size = 0;
  size_t capacity = 0;               // of bytes (buffers are reused)
  int nesting = 0, native_depth = 0, activations = 0, depth = 0;
  Value handled_exc;
  Frame* current_frame = nullptr;
  std::vector<Object*> repr_stack;
  std::vector<Frame*> reentry_frames;  // Vm::reentry_frames
};

class Tasklet final : public Object {
 public:
  explicit Tasklet(Scheduler* owner);
  ~Tasklet() override;

  // How the loop continues this tasklet when it is switched in.
  enum class Resume : uint8_t {
    Start,     // not started: call func(*args, **kwargs) under a tasklet-end frame
    Value,     // suspended in a call: the claimed tempval is that call's result
    Boundary,  // interrupted by the watchdog between two instructions
  };

  // ---- what the loop swaps ---------------------------------------------------------------
  // The frames of a tasklet that is not running in the loop, innermost first.
  // Null while it runs (the loop holds them) and once it has ended.
  Ref<Frame> chain;
  Resume resume = Resume::Start;
  OnReturn resume_mode = OnReturn::Push;  // Resume::Value: how the result is delivered
  // Per-tasklet interpreter state, saved while switched out.
  Value handled_exc;
  int depth = 0;
  // Non-null while switched out hard: its frames are referenced from the
  // saved stack slice, and `chain` is null.
  std::unique_ptr<HardSlice> hard;
  // The one value that crosses a switch (Stackless's tempval): the bound
  // function before setup, a channel value, schedule()'s return, or a Bomb.
  Value tempval;
  // Resume::Start: what to call. args is a Tuple, kwargs a Dict or Null.
  Value func, args, kwargs;

  // ---- scheduler state -------------------------------------------------------------------
  // Run queue links (circular; null when not in the run queue).
  Tasklet* next = nullptr;
  Tasklet* prev = nullptr;
  // Channel queue links while blocked (the channel holds a reference).
  Channel* channel = nullptr;
  Tasklet* chan_next = nullptr;
  Tasklet* chan_prev = nullptr;
  int8_t blocked = 0;  // +1 sending, -1 receiving
  bool alive = false;  // has frames or a pending start (main: always)
  bool is_main = false;
  bool atomic = false;
  bool ignore_nesting = false;
  bool block_trap = false;
  bool pending_irq = false;
  int64_t id = 0;

  bool in_run_queue() const { return next != nullptr; }
  bool scheduled() const { return next != nullptr || blocked != 0; }

  // Every live tasklet of a Vm, for teardown and accounting.
  Scheduler* owner;
  Tasklet* live_prev = nullptr;
  Tasklet* live_next = nullptr;
};

class Channel final : public Object {
 public:
  Channel() : Object(ObjKind::Channel) {}
  // FIFO of blocked tasklets, all of one direction (the sign of balance).
  // Each blocked tasklet holds a reference to its channel and the channel
  // one to it, so a non-empty queue keeps its channel alive.
  Tasklet* head = nullptr;
  Tasklet* tail = nullptr;
  int64_t balance = 0;
  int8_t preference = -1;
  bool schedule_all = false;
  bool closing = false;
};

// An exception travelling in a tempval; it is raised where the tasklet
// holding it resumes.
class Bomb final : public Object {
 public:
  explicit Bomb(Ref<ExceptionObject> e) : Object(ObjKind::Bomb), exc(std::move(e)) {}
  Ref<ExceptionObject> exc;
};

}  // namespace spindle
