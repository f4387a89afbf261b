// The stack-copying switch. Everything that touches raw stack memory or
// Boost.Context is in this file, with the AddressSanitizer annotations that
// let ASan follow the switches.
//
// The host (trampoline) side runs `trampoline`: it jumps onto the shared
// stack and waits for one of three messages:
//   Finished  a base activation returned: hand its result to the host;
//   Suspend   a tasklet switched away hard: save [its context, top) to the heap;
//   Abandon   a soft base loop gave up the stack (its state is in heap frames).
// Then it continues vm.running: a saved slice is copied back and resumed, a
// soft tasklet gets a fresh base loop at the top of the stack.
#include "hard/stack.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <boost/context/detail/fcontext.hpp>
#include <cstring>
#include <new>

// GCC defines __SANITIZE_ADDRESS__ under -fsanitize=address; clang 14 only
// answers __has_feature(address_sanitizer).
#if defined(__SANITIZE_ADDRESS__)
#define SPINDLE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SPINDLE_ASAN 1
#endif
#endif
#ifndef SPINDLE_ASAN
#define SPINDLE_ASAN 0
#endif
#if SPINDLE_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace spindle::hard {

namespace ctx = boost::context::detail;

namespace {

enum class Msg { StartEntry, RunTasklet, Resume, Finished, Suspend, Abandon };

struct SharedStack {
  Vm* vm = nullptr;
  char* map = nullptr;  // guard page, then the usable stack
  size_t map_size = 0;
  char* low = nullptr;  // lowest usable address
  char* top = nullptr;  // highest address (stacks grow down)
  ctx::fcontext_t host = nullptr;  // where the shared side jumps back to
  // The message in flight; it lives here, not on either stack.
  Msg msg = Msg::Finished;
  Ref<Frame> entry;
  bool start_with_error = false;
  Value result;
  Tasklet* suspended = nullptr;
  // ASan: the host stack's bounds, reported when we first arrive.
  const void* host_bottom = nullptr;
  size_t host_size = 0;
  // Slices of resumed tasklets, kept for the next hard switch: a switch
  // then costs two copies and two jumps, no allocation.
  std::vector<std::unique_ptr<HardSlice>> spare;

  ~SharedStack() {
    if (map) munmap(map, map_size);
  }
};

SharedStack& stack_of(Vm& vm) { return *static_cast<SharedStack*>(vm.shared_stack.get()); }

// ---- ASan bookkeeping -------------------------------------------------------------------

// Jumps and tells ASan which stack we land on. `dying`: the current stack
// is abandoned and will not be resumed (its fake frames may be dropped).
// When control comes back, the bounds of the stack it came from are stored
// in *from_bottom / *from_size if given.
ctx::transfer_t jump(ctx::fcontext_t to, void* data, [[maybe_unused]] const void* to_bottom,
                     [[maybe_unused]] size_t to_size, [[maybe_unused]] bool dying,
                     [[maybe_unused]] const void** from_bottom = nullptr,
                     [[maybe_unused]] size_t* from_size = nullptr) {
#if SPINDLE_ASAN
  void* fake = nullptr;
  __sanitizer_start_switch_fiber(dying ? nullptr : &fake, to_bottom, to_size);
  ctx::transfer_t t = ctx::jump_fcontext(to, data);
  __sanitizer_finish_switch_fiber(fake, from_bottom, from_size);
  return t;
#else
  return ctx::jump_fcontext(to, data);
#endif
}

// A frame that returns normally clears its own redzones; frames of a
// switched-out or abandoned stack did not, so their poison is cleared here
// before other frames reuse the addresses.
void unpoison([[maybe_unused]] const void* p, [[maybe_unused]] size_t n) {
#if SPINDLE_ASAN
  __asan_unpoison_memory_region(p, n);
#endif
}

// Stack bytes include ASan redzones: under ASan, copy them without
// instrumentation (and without memcpy, which ASan intercepts and checks).
// Both ends of a slice are 16-byte aligned.
#if SPINDLE_ASAN
__attribute__((no_sanitize("address"))) void copy_stack(char* dst, const char* src, size_t n) {
  auto* d = reinterpret_cast<volatile uint64_t*>(dst);
  auto* from = reinterpret_cast<const uint64_t*>(src);
  for (size_t i = 0; i < n / 8; ++i) d[i] = from[i];
}
#else
void copy_stack(char* dst, const char* src, size_t n) { std::memcpy(dst, src, n); }
#endif

// ---- the shared side ---------------------------------------------------------------------

void save_interpreter_state(Vm& vm, HardSlice& h) {
  h.nesting = vm.nesting;
  h.native_depth = vm.native_depth;
  h.activations = vm.activations;
  h.depth = vm.depth;
  h.handled_exc = std::move(vm.handled_exc);
  vm.handled_exc = Value();
  h.current_frame = vm.current_frame;
  h.repr_stack = std::move(vm.repr_stack);
  vm.repr_stack.clear();
  h.reentry_frames = std::move(vm.reentry_frames);
  vm.reentry_frames.clear();
}

void restore_interpreter_state(Vm& vm, HardSlice& h) {
  vm.nesting = h.nesting;
  vm.native_depth = h.native_depth;
  vm.activations = h.activations;
  vm.depth = h.depth;
  vm.handled_exc = std::move(h.handled_exc);
  vm.current_frame = h.current_frame;
  vm.repr_stack = std::move(h.repr_stack);
  vm.reentry_frames = std::move(h.reentry_frames);
}

// Hands `msg` to the trampoline. Returns (after a Suspend) when this stack
// has been copied back and resumed.
void to_host(SharedStack& st, Msg msg, bool dying) {
  st.msg = msg;
  st.vm->on_shared_stack = false;
  // The host may call in from a different stack next time (a host running
  // on another Vm's shared stack): take its bounds on every return.
  ctx::transfer_t t = jump(st.host, &st, st.host_bottom, st.host_size, dying, &st.host_bottom, &st.host_size);
  st.host = t.fctx;
  st.vm->on_shared_stack = true;
}

// The bottom of every base activation on the shared stack.
void stack_main(ctx::transfer_t t) {
  auto* st = static_cast<SharedStack*>(t.data);
  st->host = t.fctx;
  Vm& vm = *st->vm;
#if SPINDLE_ASAN
  // This is a fresh fiber: finish the switch that started it.
  __sanitizer_finish_switch_fiber(nullptr, &st->host_bottom, &st->host_size);
#endif
  vm.on_shared_stack = true;
  Value r;
  if (st->msg == Msg::StartEntry) {
    Ref<Frame> entry = std::move(st->entry);
    r = vm.interp()->run_base(vm, std::move(entry), st->start_with_error);
  } else {
    r = vm.interp()->run_running_tasklet(vm);
  }
  st->result = std::move(r);
  // Nothing on this stack holds a reference any more; it is not resumed.
  to_host(*st, Msg::Finished, true);
  __builtin_unreachable();
}

void abandon(Vm& vm) {
  to_host(stack_of(vm), Msg::Abandon, true);
  __builtin_unreachable();
}

// ---- the trampoline (host side) ----------------------------------------------------------

Value trampoline(Vm& vm, Ref<Frame> entry, bool start_with_error) {
  SharedStack& st = stack_of(vm);
  // The host's interpreter state: a host call starts at the base.
  const int outer_activations = vm.activations;
  st.entry = std::move(entry);
  st.start_with_error = start_with_error;
  st.msg = Msg::StartEntry;
  ctx::fcontext_t next = ctx::make_fcontext(st.top, static_cast<size_t>(st.top - st.low), stack_main);
  for (;;) {
    ctx::transfer_t t = jump(next, &st, st.low, static_cast<size_t>(st.top - st.low), false);
    char* sp = static_cast<char*>(t.fctx);
    switch (st.msg) {
      case Msg::Finished: {
        unpoison(sp, static_cast<size_t>(st.top - sp));
        vm.current_frame = nullptr;
        vm.activations = outer_activations;
        vm.on_shared_stack = false;
        Value r = std::move(st.result);
        st.result = Value();
        return r;
      }
      case Msg::Suspend: {
        HardSlice& h = *st.suspended->hard;
        h.context = t.fctx;
        h.size = static_cast<size_t>(st.top - sp);
        if (h.capacity < h.size) {
          size_t step = vm.config.slice_granularity ? vm.config.slice_granularity : 1;
          h.capacity = (h.size + step - 1) / step * step;
          h.bytes.reset(new char[h.capacity]);
        }
        copy_stack(h.bytes.get(), sp, h.size);
        unpoison(sp, h.size);
        st.suspended = nullptr;
        break;
      }
      case Msg::Abandon:
        unpoison(sp, static_cast<size_t>(st.top - sp));
        break;
      default:
        break;
    }
    Tasklet* target = vm.running.get();
    if (target->hard) {
      HardSlice& h = *target->hard;
      char* at = st.top - h.size;
      copy_stack(at, h.bytes.get(), h.size);
      next = h.context;
      st.msg = Msg::Resume;
    } else {
      vm.nesting = 0;
      vm.native_depth = 0;
      vm.activations = 0;
      next = ctx::make_fcontext(st.top, static_cast<size_t>(st.top - st.low), stack_main);
      st.msg = Msg::RunTasklet;
    }
  }
}

}  // namespace

void switch_out(Vm& vm, Tasklet* prev, Tasklet* next) {
  SharedStack& st = stack_of(vm);
  Ref<Tasklet> hold(prev);
  if (st.spare.empty()) {
    prev->hard = std::make_unique<HardSlice>();
  } else {
    prev->hard = std::move(st.spare.back());
    st.spare.pop_back();
  }
  save_interpreter_state(vm, *prev->hard);
  vm.running = Ref<Tasklet>(next);
  st.suspended = prev;
  to_host(st, Msg::Suspend, false);
  // Resumed: the trampoline copied our slice back.
  std::unique_ptr<HardSlice> h = std::move(prev->hard);
  restore_interpreter_state(vm, *h);
  h->context = nullptr;
  h->size = 0;
  if (st.spare.size() < 64) st.spare.push_back(std::move(h));
}

void install(Vm& vm) {
  auto st = std::make_shared<SharedStack>();
  st->vm = &vm;
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t size = (vm.config.shared_stack_size + page - 1) / page * page;
  st->map_size = size + page;
  void* m = mmap(nullptr, st->map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK,
                 -1, 0);
  if (m == MAP_FAILED) throw std::bad_alloc();
  st->map = static_cast<char*>(m);
  mprotect(st->map, page, PROT_NONE);  // overflow faults instead of corrupting
  st->low = st->map + page;
  st->top = st->map + st->map_size;
  // Native recursion stops with RecursionError well before the guard page.
  size_t reserve = vm.config.c_stack_reserve < size / 2 ? vm.config.c_stack_reserve : size / 2;
  vm.set_c_stack_limit(reinterpret_cast<uintptr_t>(st->low) + reserve);
  vm.shared_stack = st;
  vm.enter_base = trampoline;
  vm.abandon_base = abandon;
}

}  // namespace spindle::hard
