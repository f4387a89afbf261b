// Heap frames and generators: the state the soft loop runs. They are plain
// data here so that later layers (pickling) can read them.
#pragma once

#include <new>

#include "core/code.hpp"
#include "core/objects.hpp"

#include <cstdint>

namespace spindle {

class Generator;
class Vm;

// A native's continuation after a CallThen request: called with the callee's
// result (Null if it raised, the exception pending) and the native's state.
// It returns a result, an error, or another request, exactly like a native.
// State is a VM Value, never C++ locals, so that a suspended native can be
// pickled; continuations are registered by name for the same reason.
using Continuation = Value (*)(Vm& vm, Value result, Value state);

// What the loop does with a frame's result when it returns to its caller.
enum class OnReturn : uint8_t {
  Push,         // an ordinary call: push the result on the caller's stack
  Init,         // __init__ run by a class call: result must be None; push `aux`
  Module,       // a module body run by import: push `aux` (the module)
  IterNext,     // __next__ run by FOR_ITER: StopIteration ends the loop
};

class Frame final : public Object {
 public:
  // Allocates a frame with room for the code's locals, cells and stack.
  static Ref<Frame> create(Ref<Function> func);
  static void* operator new(size_t, void* p) { return p; }
  static void operator delete(void* p);
  ~Frame() override;

  Value* locals() { return slots_; }
  Value* cells() { return slots_ + ncells_offset_; }
  Value* stack_base() { return slots_ + stack_offset_; }
  Cell* cell(uint32_t i) { return cells()[i].as<Cell>(); }
  int line() const { return code->line_at(pc > 0 ? pc - 1 : 0); }

  Ref<Function> func;   // holds code, globals and closure alive
  Code* code;           // func->code, cached
  Dict* globals;        // func->globals, cached
  Ref<Frame> back;      // the caller while this frame is on a chain
  // Module and class bodies look names up here (LOAD_NAME); null otherwise.
  Ref<Dict> locals_dict;
  // Init: the new instance; Module: the module object.
  Value aux;
  Generator* generator = nullptr;  // owner, if this is a generator's frame
  // While a generator's frame runs, it keeps its generator alive (nothing
  // else may: `next(gen())`). Cleared whenever the frame leaves the chain.
  Value running_owner;
  // A native's continuation frame (Request::CallThen): no bytecode; when the
  // frame above it returns, the loop calls cont(vm, result, aux).
  Continuation cont = nullptr;
  uint32_t pc = 0;                 // next instruction
  uint32_t sp = 0;                 // value stack depth
  OnReturn on_return = OnReturn::Push;
  // C code entered the loop at this frame (Lua's CIST_FRESH): its return
  // leaves the loop instead of continuing in `back`.
  bool is_entry = false;

 private:
  explicit Frame(Ref<Function> f);
  uint32_t nslots_;
  uint32_t ncells_offset_;  // == code->nlocals()
  uint32_t stack_offset_;   // == nlocals + ncells
  Value slots_[1];  // really nslots_ (trailing storage)
};

class Generator final : public Object {
 public:
  explicit Generator(Ref<Frame> f);
  Generator() : Object(ObjKind::Generator) {}  // finished, or filled in by the pickle loader
  ~Generator() override;
  Ref<Frame> frame;  // null once finished
  Ref<Str> name, qualname;
  bool running = false;
  bool started = false;
  // How the loop hands results back when this generator yields or returns:
  // from an opcode (FOR_ITER, SEND) the caller's pc still points at that
  // instruction, which the loop completes; from a call (next(), send()) the
  // yielded value is the call's result and a return raises StopIteration.
  bool resumed_by_opcode = false;
  // The handled exception (sys.exc_info()) is per generator, as in CPython:
  // `own_exc` is the generator's while it is suspended inside an except
  // block; `caller_exc` is the resumer's, restored when it yields or ends.
  Value own_exc, caller_exc;

  // Swaps the handled exception in on resume and out on yield/return.
  void enter_exc_state(Value& handled) {
    caller_exc = handled;
    if (!own_exc.is_null()) handled = std::move(own_exc);
  }
  void leave_exc_state(Value& handled, bool suspended) {
    own_exc = Value();
    if (suspended && !handled.is(caller_exc)) own_exc = handled;
    handled = std::move(caller_exc);
    caller_exc = Value();
  }
};

}  // namespace spindle
