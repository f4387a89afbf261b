// The interpreter loop.
//
// One activation of `execute` runs frames until its entry frame returns.
// VM->VM calls, generator resumption, class bodies, imports and the soft
// requests of natives push a heap frame and continue in the same activation;
// only natives that call back with Vm::call re-enter `execute` on the C stack
// (counted in vm.nesting).
//
// Registers (f, ip, sp, ...) cache the top frame. SAVE() writes them back
// before anything that may push or pop a frame or inspect the frame from
// outside; LOAD() reloads them from `top` afterwards, which may be another
// frame than before.
#include "soft/loop.hpp"

#include <cmath>
#include <cstring>
#include <string>

#include "core/compiler.hpp"
#include "core/ops.hpp"
#include "core/tasklet.hpp"

namespace spindle::soft {

namespace {

using ast::BinOpKind;
using ast::CmpOpKind;

// What starting a call (or a request) did: finished with a value or an
// error, pushed a frame for the loop to run (FrameError: with an exception
// to unwind from it), or switched the loop to another tasklet's chain.
enum class Outcome { Value, Frame, Error, FrameError, Switched };

class Loop final : public Interpreter {
 public:
  explicit Loop(Vm& vm) {
    // Continuation frames need a function; it has no bytecode.
    auto code = make<Code>();
    code->name = code->qualname = "<native continuation>";
    code->filename = "<native>";
    cont_fn_ = make<Function>();
    cont_fn_->code = std::move(code);
    cont_fn_->globals = make<Dict>();
    cont_fn_->name = cont_fn_->qualname = vm.intern_ref("<native continuation>");
    // A host call runs as the body of this function, so that the call is a
    // VM frame of the current tasklet (hidden from tracebacks).
    CompileResult host = compile_source(vm, "def call(f, a, k):\n    return f(*a, **k)\n", "<host>");
    for (const Value& c : host.code->consts) {
      if (!c.is_kind(ObjKind::Code)) continue;
      Ref<Code> body(c.as<Code>());
      body->hidden = true;
      host_call_ = make<Function>();
      host_call_->code = std::move(body);
      host_call_->globals = make<Dict>();
      host_call_->name = host_call_->qualname = vm.intern_ref("<host call>");
    }
  }

  Value call_at_base(Vm& vm, const Value& callable, Args& args) override {
    Ref<Frame> frame = Frame::create(host_call_);
    Value* locals = frame->locals();
    locals[0] = callable;
    locals[1] = Value(make_tuple(std::vector<Value>(args.argv, args.argv + args.n)));
    auto kw = make<Dict>();
    for (int i = 0; i < args.nkw(); ++i) {
      if (!dict_set(vm, kw.get(), Value(Ref<Str>(args.kwnames->items[i].as<Str>())), args.kwv()[i])) return Value();
    }
    locals[2] = Value(std::move(kw));
    return execute(vm, std::move(frame), false);
  }

  Value call_function(Vm& vm, Function* fn, Args& args) override {
    Ref<Frame> frame = Frame::create(Ref<Function>(fn));
    if (!bind_arguments(vm, fn, frame.get(), args.argv, args.n, args.kwnames)) return Value();
    if (fn->code->flags & kGenerator) return Value(make<Generator>(std::move(frame)));
    NestingGuard nest(vm);
    return execute(vm, std::move(frame), false);
  }

  Value run_frame(Vm& vm, Ref<Frame> frame) override { return execute(vm, std::move(frame), false); }

  Ref<Frame> make_continuation_frame(Continuation k, Value state) override {
    Ref<Frame> f = Frame::create(cont_fn_);
    f->cont = k;
    f->aux = std::move(state);
    return f;
  }

  Value resume_generator(Vm& vm, Generator* gen, Value sent, bool throw_in) override {
    if (!prepare_resume(vm, gen, sent, throw_in)) return Value();
    if (!gen->frame) {
      if (throw_in) return vm.raise_value(sent);
      return vm.raise_with_args(vm.exc.StopIteration.get(), {});
    }
    Ref<Frame> frame = gen->frame;
    gen->resumed_by_opcode = false;
    gen->running = true;
    frame->running_owner = Value::object(gen);
    gen->enter_exc_state(vm.handled_exc);
    NestingGuard nest(vm);
    if (throw_in) {
      vm.raise_value(sent);
      return execute(vm, std::move(frame), true);
    }
    return execute(vm, std::move(frame), false);
  }

 private:
  struct NestingGuard {
    explicit NestingGuard(Vm& v) : vm(v) {
      ++vm.nesting;
      vm.reentry_frames.push_back(vm.current_frame);
    }
    ~NestingGuard() {
      --vm.nesting;
      vm.reentry_frames.pop_back();
    }
    Vm& vm;
  };

  // Checks a generator can be resumed and hands it the sent value.
  bool prepare_resume(Vm& vm, Generator* gen, const Value& sent, bool throw_in) {
    if (gen->running) {
      vm.raise(vm.exc.ValueError.get(), "generator already executing");
      return false;
    }
    if (!gen->frame) return true;
    if (!gen->started) {
      if (!throw_in && !sent.is_none()) {
        vm.raise(vm.exc.TypeError.get(), "can't send non-None value to a just-started generator");
        return false;
      }
      gen->started = true;
    } else if (!throw_in) {
      // The value YIELD_VALUE evaluates to.
      Frame* f = gen->frame.get();
      f->stack_base()[f->sp++] = sent;
    }
    return true;
  }

  bool push_frame(Vm& vm, Ref<Frame>& top, Ref<Frame> frame) {
    if (vm.depth >= vm.recursion_limit) {
      vm.raise(vm.exc.RecursionError.get(), "maximum recursion depth exceeded");
      return false;
    }
    ++vm.depth;
    frame->back = std::move(top);
    top = std::move(frame);
    return true;
  }

  // Starts calling `callable`: either finishes at once (a native) with
  // *result, or pushes a frame on `top` that the loop will run.
  Outcome start_call(Vm& vm, Ref<Frame>& top, Value callable, Value* argv, int argc, Tuple* kwnames,
                     Value* result, OnReturn on_return = OnReturn::Push) {
    for (;;) {
      if (callable.is_obj()) {
        switch (callable.as_obj()->kind()) {
          case ObjKind::Function: {
            Function* fn = callable.as<Function>();
            Ref<Frame> frame = Frame::create(Ref<Function>(fn));
            if (!bind_arguments(vm, fn, frame.get(), argv, argc, kwnames)) return Outcome::Error;
            if (fn->code->flags & kGenerator) {
              *result = Value(make<Generator>(std::move(frame)));
              return Outcome::Value;
            }
            frame->on_return = on_return;
            if (!push_frame(vm, top, std::move(frame))) return Outcome::Error;
            return Outcome::Frame;
          }
          case ObjKind::BoundMethod: {
            auto* bm = callable.as<BoundMethod>();
            std::vector<Value> args;
            int total = argc + (kwnames ? static_cast<int>(kwnames->items.size()) : 0);
            args.reserve(total + 1);
            args.push_back(bm->self);
            for (int i = 0; i < total; ++i) args.push_back(argv[i]);
            Value func = bm->func;
            return start_call(vm, top, std::move(func), args.data(), argc + 1, kwnames, result, on_return);
          }
          case ObjKind::NativeFunction: {
            Args a{argv, argc, kwnames};
            Value r = run_native(vm, callable.as<NativeFunction>(), nullptr, a);
            if (!r.is_null()) {
              *result = std::move(r);
              return Outcome::Value;
            }
            if (vm.has_error()) return Outcome::Error;
            if (vm.request_.kind == Request::Switch && !vm.request_.k) {
              // The hot path of every channel operation and schedule().
              vm.request_.kind = Request::None;
              return switch_chains(vm, top, std::move(vm.request_.callable), vm.request_.at_boundary, nullptr,
                                   Value(), on_return);
            }
            if (vm.has_request()) return handle_request(vm, top, vm.take_request(), result, on_return);
            vm.raise(vm.exc.RuntimeError.get(), "native function returned no value and set no error");
            return Outcome::Error;
          }
          case ObjKind::Class: {
            // Only a user class with a VM __init__ runs soft; everything
            // else (builtins, native __init__) goes through Vm::call below,
            // which allocates the instance itself.
            Class* cls = callable.as<Class>();
            if (cls->construct && cls != vm.cls.type.get()) {
              // A builtin constructor is a native: run it like one, so that
              // its requests are soft too.
              Ref<Class> hold(cls);
              Args a{argv, argc, kwnames};
              Value r = run_native(vm, nullptr, cls->construct, a);
              if (!r.is_null()) {
                *result = std::move(r);
                return Outcome::Value;
              }
              if (vm.has_error()) return Outcome::Error;
              if (vm.has_request()) return handle_request(vm, top, vm.take_request(), result, on_return);
              vm.raise(vm.exc.RuntimeError.get(), "native function returned no value and set no error");
              return Outcome::Error;
            }
            if (cls->is_builtin || cls->instance_kind != ObjKind::Instance || on_return != OnReturn::Push) break;
            Value init = cls->lookup(vm.names.__init__);
            if (!init.is_kind(ObjKind::Function)) break;
            Function* fn = init.as<Function>();
            if (fn->code->flags & kGenerator) {
              vm.raise(vm.exc.TypeError.get(), "__init__() should return None, not 'generator'");
              return Outcome::Error;
            }
            Args a{argv, argc, kwnames};
            Value inst = allocate_instance(vm, cls, a);
            if (inst.is_null()) return Outcome::Error;
            Ref<Frame> frame = Frame::create(Ref<Function>(fn));
            std::vector<Value> args;
            int total = argc + (kwnames ? static_cast<int>(kwnames->items.size()) : 0);
            args.reserve(total + 1);
            args.push_back(inst);
            for (int i = 0; i < total; ++i) args.push_back(argv[i]);
            if (!bind_arguments(vm, fn, frame.get(), args.data(), argc + 1, kwnames)) return Outcome::Error;
            frame->on_return = OnReturn::Init;
            frame->aux = std::move(inst);
            if (!push_frame(vm, top, std::move(frame))) return Outcome::Error;
            return Outcome::Frame;
          }
          case ObjKind::Tasklet: {
            Outcome o = call_tasklet(vm, top, callable, argv, argc, kwnames, result, on_return);
            if (o != Outcome::Error || vm.has_error()) return o;
            break;  // not the simple form: the generic path below
          }
          case ObjKind::Instance: {
            Value call = callable.as<Instance>()->cls->lookup(vm.names.__call__);
            if (call.is_kind(ObjKind::Function)) {
              callable = make_bound(vm, call, callable);
              continue;
            }
            break;
          }
          default:
            break;
        }
      }
      // Everything else goes through the generic (possibly recursive) path.
      Args a{argv, argc, kwnames};
      Value r = vm.call(callable, a);
      if (r.is_null()) return Outcome::Error;
      *result = std::move(r);
      return Outcome::Value;
    }
  }

  Outcome handle_request(Vm& vm, Ref<Frame>& top, Request req, Value* result, OnReturn on_return) {
    switch (req.kind) {
      case Request::TailCall:
        return start_call(vm, top, req.callable, req.args.data(), static_cast<int>(req.args.size()), nullptr, result,
                          on_return);
      case Request::CallThen: {
        Ref<Frame> cont = Frame::create(cont_fn_);
        cont->cont = req.k;
        cont->aux = req.state;
        cont->on_return = on_return;
        if (!push_frame(vm, top, std::move(cont))) return Outcome::Error;
        Value r;
        Outcome o = start_call(vm, top, req.callable, req.args.data(), static_cast<int>(req.args.size()), nullptr, &r);
        if (o != Outcome::Value && o != Outcome::Error) return o;
        // The callee finished at once: run the continuation now.
        return run_continuation(vm, top, o == Outcome::Value ? std::move(r) : Value(), result);
      }
      case Request::Resume: {
        if (!req.callable.is_kind(ObjKind::Generator)) {
          vm.raise(vm.exc.TypeError.get(), "resume request for a non-generator");
          return Outcome::Error;
        }
        return resume_in_loop(vm, top, req.callable.as<Generator>(), std::move(req.args[0]), req.throw_in, false);
      }
      case Request::Switch:
        return switch_chains(vm, top, std::move(req.callable), req.at_boundary, req.k, std::move(req.state),
                             on_return);
      case Request::None:
        break;
    }
    vm.raise(vm.exc.RuntimeError.get(), "empty request");
    return Outcome::Error;
  }

  // t(*args): the tasklet's native __call__ (setup) with self in front,
  // without the generic path's copies. Out of line: its array would
  // otherwise sit in start_call's frame, which hard switches copy.
  [[gnu::noinline]] Outcome call_tasklet(Vm& vm, Ref<Frame>& top, const Value& callable, Value* argv, int argc,
                                         Tuple* kwnames, Value* result, OnReturn on_return) {
    constexpr int kMax = 8;
    int total = argc + (kwnames ? static_cast<int>(kwnames->items.size()) : 0);
    // Builtin classes are immutable: look __call__ up once.
    if (tasklet_call_.is_null()) tasklet_call_ = vm.cls.tasklet->lookup(vm.names.__call__);
    if (total >= kMax || !tasklet_call_.is_kind(ObjKind::NativeFunction)) return Outcome::Error;  // no error set
    Value with_self[kMax];
    with_self[0] = callable;
    for (int i = 0; i < total; ++i) with_self[i + 1] = argv[i];
    return start_call(vm, top, tasklet_call_, with_self, argc + 1, kwnames, result, on_return);
  }

  // Parks the running tasklet's chain in it and takes the chain of the
  // tasklet the scheduler made current. The new chain is entered at the
  // loop's `switched` label (enter_tasklet).
  Outcome switch_chains(Vm& vm, Ref<Frame>& top, Value target, bool at_boundary, Continuation k, Value state,
                        OnReturn on_return) {
    if (vm.nesting > 0 || !vm.running || !target.is_kind(ObjKind::Tasklet)) {
      vm.raise(vm.exc.RuntimeError.get(), "internal error: tasklet switch inside a native callback");
      return Outcome::Error;
    }
    Ref<Tasklet> prev = vm.running;
    if (k) {
      // The native finishes when this tasklet runs again (run()).
      Ref<Frame> cont = Frame::create(cont_fn_);
      cont->cont = k;
      cont->aux = std::move(state);
      cont->on_return = on_return;
      on_return = OnReturn::Push;
      ++vm.depth;  // never refused: the native's own call depth is already counted
      cont->back = std::move(top);
      top = std::move(cont);
    }
    prev->chain = std::move(top);
    prev->resume = at_boundary ? Tasklet::Resume::Boundary : Tasklet::Resume::Value;
    prev->resume_mode = on_return;
    prev->handled_exc = std::move(vm.handled_exc);
    prev->depth = vm.depth;
    Tasklet* next = target.as<Tasklet>();
    vm.running = Ref<Tasklet>(next);
    top = std::move(next->chain);
    vm.handled_exc = std::move(next->handled_exc);
    vm.depth = next->depth;
    return Outcome::Switched;
  }

  // Continues vm.running after a switch: starts it, or hands the suspended
  // call its claimed tempval (a bomb is raised there).
  Outcome enter_tasklet(Vm& vm, Ref<Frame>& top, Value* result) {
    Tasklet* t = vm.running.get();
    Value v = std::move(t->tempval);
    t->tempval = Value::none();
    if (v.is_kind(ObjKind::Bomb)) {
      vm.set_error(v.as<Bomb>()->exc);
      v = Value();
    } else if (v.is_null()) {
      v = Value::none();
    }
    switch (t->resume) {
      case Tasklet::Resume::Start: {
        t->resume = Tasklet::Resume::Value;
        t->resume_mode = OnReturn::Push;
        Ref<Frame> bottom = Frame::create(cont_fn_);
        bottom->cont = vm.tasklet_end;
        bottom->aux = Value::none();
        vm.depth = 0;
        top.reset();
        push_frame(vm, top, std::move(bottom));
        Value func = std::move(t->func), args = std::move(t->args), kwargs = std::move(t->kwargs);
        t->func = t->args = t->kwargs = Value();
        // A tasklet killed before it started never runs its function.
        if (v.is_null()) return run_continuation(vm, top, Value(), result);
        Value r;
        Outcome o;
        if (!kwargs.is_kind(ObjKind::Dict) && args.is_kind(ObjKind::Tuple)) {
          // The common case: positional arguments straight from the tuple
          // (`args` holds it alive for the call).
          std::vector<Value>& items = args.as<Tuple>()->items;
          o = start_call(vm, top, std::move(func), items.data(), static_cast<int>(items.size()), nullptr, &r);
          if (o == Outcome::Value) return run_continuation(vm, top, std::move(r), result);
          if (o == Outcome::Error) return run_continuation(vm, top, Value(), result);
          return o;
        }
        std::vector<Value> argv;
        if (args.is_kind(ObjKind::Tuple)) argv = args.as<Tuple>()->items;
        int argc = static_cast<int>(argv.size());
        Ref<Tuple> kwnames;
        if (kwargs.is_kind(ObjKind::Dict)) {
          std::vector<Value> names;
          for (auto& e : kwargs.as<Dict>()->table.entries()) {
            if (e.key.is_null()) continue;
            names.push_back(e.key);
            argv.push_back(e.value);
          }
          if (!names.empty()) kwnames = make_tuple(std::move(names));
        }
        o = start_call(vm, top, std::move(func), argv.data(), argc, kwnames.get(), &r);
        if (o == Outcome::Value) return run_continuation(vm, top, std::move(r), result);
        if (o == Outcome::Error) return run_continuation(vm, top, Value(), result);
        return o;
      }
      case Tasklet::Resume::Boundary:
        t->resume = Tasklet::Resume::Value;
        if (!v.is_null()) return Outcome::Frame;
        // Stopped before the instruction at pc ran: raise the bomb there.
        // Unwinding reads the raising instruction at pc - 1, and the frame
        // never continues at pc, so step over it.
        ++top->pc;
        return Outcome::FrameError;
      case Tasklet::Resume::Value:
        break;
    }
    if (!top) {
      vm.raise(vm.exc.RuntimeError.get(), "internal error: switched to a tasklet without frames");
      return Outcome::Error;
    }
    return deliver(vm, top, std::move(v), t->resume_mode, Value());
  }

  // Hands `value` (Null: the pending exception) to the frame on top, as the
  // result of the call it is suspended in; `mode` and `aux` are those of the
  // callee that produced it. Continuation frames on the way run first.
  Outcome deliver(Vm& vm, Ref<Frame>& top, Value value, OnReturn mode, Value aux) {
    for (;;) {
      if (!value.is_null()) {
        if (mode == OnReturn::Init) {
          if (!value.is_none()) {
            vm.raisef(vm.exc.TypeError.get(), "__init__() should return None, not '{}'", vm.type_name(value));
            value = Value();
          } else {
            value = std::move(aux);
          }
        } else if (mode == OnReturn::Module) {
          value = std::move(aux);
        }
      }
      Frame* fr = top.get();
      if (fr->cont) {
        Value r;
        OnReturn popped;
        Outcome o = run_continuation(vm, top, std::move(value), &r, &popped);
        if (o != Outcome::Value && o != Outcome::Error) return o;
        value = o == Outcome::Value ? std::move(r) : Value();
        mode = popped;
        aux = Value();
        continue;
      }
      if (value.is_null()) {
        if (mode == OnReturn::IterNext && vm.error_matches(vm.exc.StopIteration.get())) {
          // The FOR_ITER waiting for this item ends its loop.
          vm.take_error();
          fr->stack_base()[--fr->sp] = Value();
          fr->pc = decode_arg(fr->code->code[fr->pc - 1]);
          return Outcome::Frame;
        }
        return Outcome::FrameError;
      }
      fr->stack_base()[fr->sp++] = std::move(value);
      return Outcome::Frame;
    }
  }

  // `top` is a continuation frame whose callee produced `value` (Null with
  // an exception pending if it raised). Calls the continuation until it
  // yields a result, an error or a frame to run.
  // `popped_mode` receives the continuation frame's OnReturn when it is done.
  Outcome run_continuation(Vm& vm, Ref<Frame>& top, Value value, Value* result, OnReturn* popped_mode = nullptr) {
    for (;;) {
      Frame* cf = top.get();
      Continuation k = cf->cont;
      Value state = cf->aux;
      // The frame that returned into this continuation may be freed
      // already: natives the continuation runs must not see it as the
      // current frame (a native re-entry records it: Vm::reentry_frames).
      vm.current_frame = cf;
      ++vm.native_depth;
      Value r = k(vm, std::move(value), std::move(state));
      --vm.native_depth;
      if (!r.is_null() || vm.has_error() || !vm.has_request()) {
        if (popped_mode) *popped_mode = cf->on_return;
        Ref<Frame> dead = std::move(top);
        top = std::move(dead->back);
        vm.current_frame = top.get();
        --vm.depth;
        if (r.is_null()) {
          if (!vm.has_error()) vm.raise(vm.exc.RuntimeError.get(), "continuation returned no value and set no error");
          return Outcome::Error;
        }
        *result = std::move(r);
        return Outcome::Value;
      }
      Request req = vm.take_request();
      if (req.kind != Request::CallThen) {
        // Any other request replaces the continuation frame.
        OnReturn mode = cf->on_return;
        Ref<Frame> dead = std::move(top);
        top = std::move(dead->back);
        vm.current_frame = top.get();
        --vm.depth;
        return handle_request(vm, top, std::move(req), result, mode);
      }
      cf->cont = req.k;
      cf->aux = req.state;
      Value r2;
      Outcome o = start_call(vm, top, req.callable, req.args.data(), static_cast<int>(req.args.size()), nullptr, &r2);
      if (o != Outcome::Value && o != Outcome::Error) return o;
      value = o == Outcome::Value ? std::move(r2) : Value();
    }
  }

  // Resumes a generator inside the loop. by_opcode: the caller is at a
  // FOR_ITER or SEND that the loop completes when the generator yields or
  // returns; otherwise its result is the result of a call.
  Outcome resume_in_loop(Vm& vm, Ref<Frame>& top, Generator* gen, Value sent, bool throw_in, bool by_opcode) {
    if (!prepare_resume(vm, gen, sent, throw_in)) return Outcome::Error;
    if (!gen->frame) {
      if (throw_in)
        vm.raise_value(sent);
      else
        vm.raise_with_args(vm.exc.StopIteration.get(), {});
      return Outcome::Error;
    }
    Ref<Frame> frame = gen->frame;
    gen->resumed_by_opcode = by_opcode;
    gen->running = true;
    frame->running_owner = Value::object(gen);
    if (!push_frame(vm, top, std::move(frame))) {
      gen->running = false;
      gen->frame->running_owner.reset();
      return Outcome::Error;
    }
    gen->enter_exc_state(vm.handled_exc);
    if (throw_in) {
      vm.raise_value(sent);
      return Outcome::FrameError;
    }
    return Outcome::Frame;
  }

  // The C++-exception boundary around one loop activation. Natives and
  // operations convert their own allocation failures; this catches whatever
  // still escapes (a container growing inside an opcode), abandons the
  // activation's frames and reports MemoryError instead of terminating.
  Value run_base(Vm& vm, Ref<Frame> entry, bool start_with_error) override {
    return execute(vm, std::move(entry), start_with_error);
  }

  Value run_running_tasklet(Vm& vm) override { return execute(vm, Ref<Frame>(), false); }

  // One loop activation. From the host (no activation on the shared stack
  // yet) it moves to the shared execution stack first, where tasklets can
  // also switch hard. A null entry continues vm.running's parked chain.
  Value execute(Vm& vm, Ref<Frame> entry, bool start_with_error) {
    if (vm.enter_base && !vm.on_shared_stack) return vm.enter_base(vm, std::move(entry), start_with_error);
    const int depth = vm.depth;
    Frame* const current = vm.current_frame;
    // Natives counted in native_depth are those of this activation.
    struct Activation {
      explicit Activation(Vm& v) : vm(v), outer_natives(v.native_depth) {
        ++vm.activations;
        vm.native_depth = 0;
      }
      ~Activation() {
        --vm.activations;
        vm.native_depth = outer_natives;
      }
      Vm& vm;
      int outer_natives;
    } activation(vm);
    std::string what;
    try {
      return execute_loop(vm, std::move(entry), start_with_error);
    } catch (const std::bad_alloc&) {
    } catch (const std::length_error&) {
    } catch (const std::exception& e) {
      what = e.what();
    }
    vm.depth = depth;
    vm.current_frame = current;
    if (!what.empty()) return vm.raise(vm.exc.RuntimeError.get(), "internal error: " + what);
    return vm.raise(vm.exc.MemoryError.get(), "");
  }

  Value execute_loop(Vm& vm, Ref<Frame> entry, bool start_with_error);

  Ref<Function> cont_fn_;
  Ref<Function> host_call_;
  Value tasklet_call_;
};

// Iterator fast paths for FOR_ITER; false when the iterator is not one of
// the simple kinds (the caller takes the generic path).
inline bool fast_iter_next(Iterator* it, Value* out, bool* exhausted) {
  switch (it->sub) {
    case IterKind::Range:
      if (it->step > 0 ? it->index < it->end : it->index > it->end) {
        *out = Value::integer(it->index);
        it->index += it->step;
        *exhausted = false;
      } else {
        *exhausted = true;
      }
      return true;
    case IterKind::Seq: {
      if (it->exhausted) {
        *exhausted = true;
        return true;
      }
      const std::vector<Value>& items = it->source.is_kind(ObjKind::List) ? it->source.as<List>()->items
                                                                          : it->source.as<Tuple>()->items;
      if (it->index < static_cast<int64_t>(items.size())) {
        *out = items[it->index++];
        *exhausted = false;
      } else {
        it->exhausted = true;
        *exhausted = true;
      }
      return true;
    }
    default:
      return false;
  }
}

Value Loop::execute_loop(Vm& vm, Ref<Frame> entry, bool start_with_error) {
  static const void* const kDispatch[] = {
#define SPINDLE_OP(name, pops, pushes, flags) &&op_##name,
#include "core/opcodes.def"
#undef SPINDLE_OP
  };

  Frame* const saved_current = vm.current_frame;
  const bool resume_running = !entry;
  if (!resume_running) {
    entry->is_entry = true;
    if (!entry->generator) {
      if (vm.depth >= vm.recursion_limit) {
        entry->is_entry = false;
        return vm.raise(vm.exc.RecursionError.get(), "maximum recursion depth exceeded");
      }
    }
    ++vm.depth;
  }
  Ref<Frame> top = std::move(entry);

  Frame* f;
  const uint32_t* code_base;
  const uint32_t* ip;
  Value* stack_base;
  Value* sp;
  Value* locals;
  const Value* consts;
  uint32_t word;
  bool add_traceback = true;
  Value result;
  // The CALL family's shared tail (do_call): the callee and its arguments
  // occupy [call_base, sp); the arguments start at call_argv. Declared here
  // because computed gotos must not jump past initialisations.
  Value* call_base = nullptr;
  Value* call_argv = nullptr;
  int call_argc = 0;
  Tuple* call_kwnames = nullptr;
  Value call_callable;

#define LOAD()                                \
  do {                                        \
    f = top.get();                            \
    code_base = f->code->code.data();         \
    ip = code_base + f->pc;                   \
    stack_base = f->stack_base();             \
    sp = stack_base + f->sp;                  \
    locals = f->locals();                     \
    consts = f->code->consts.data();          \
    vm.current_frame = f;                     \
  } while (0)
#define SAVE()                                           \
  do {                                                   \
    f->pc = static_cast<uint32_t>(ip - code_base);       \
    f->sp = static_cast<uint32_t>(sp - stack_base);      \
  } while (0)
// GCC does not run destructors when a computed goto leaves a scope, so an
// op body with live Value locals must leave through `dispatch` (a plain goto,
// which does). FAST_DISPATCH is for bodies whose locals are all trivial.
#define DISPATCH() goto dispatch
// It also skips the watchdog's tick, as Stackless's FAST_DISPATCH does.
#define FAST_DISPATCH()               \
  do {                                \
    word = *ip++;                     \
    goto* kDispatch[word & 0xff];     \
  } while (0)
#define ARG (word >> 8)
#define PUSH(v) (new (sp) Value(v), ++sp)
#define POP() (Value(std::move(*--sp)))  // a prvalue: the slot is always emptied
#define TOP() (sp[-1])
#define PEEK(n) (sp[-static_cast<ptrdiff_t>(n)])
#define DROP(n)                                   \
  do {                                            \
    for (int drop_i = 0; drop_i < (n); ++drop_i) { \
      (--sp)->reset();                            \
    }                                             \
  } while (0)
#define ERROR() goto error
// After start_call (or a request) with the result in `result`: continue in
// whichever frame or tasklet is now on top.
#define FINISH_CALL(o)                                 \
  do {                                                 \
    if ((o) == Outcome::Switched) goto switched;       \
    LOAD();                                            \
    if ((o) == Outcome::FrameError) goto unwind_start; \
    if ((o) == Outcome::Error) ERROR();                \
    if ((o) == Outcome::Value) PUSH(std::move(result)); \
    DISPATCH();                                        \
  } while (0)

  if (resume_running) {
    // A fresh base loop for a tasklet whose chain is parked (after a hard
    // switch away from another tasklet).
    Tasklet* t = vm.running.get();
    top = std::move(t->chain);
    vm.handled_exc = std::move(t->handled_exc);
    t->handled_exc = Value();
    vm.depth = t->depth;
    goto switched;
  }
  LOAD();
  if (start_with_error) {
    add_traceback = true;
    goto unwind_start;
  }
dispatch:
  // The watchdog's tick: every instruction that dispatches here (all but
  // the FAST_DISPATCH ones: simple loads and stores, the fast FOR_ITER).
  if (--vm.ticks_left < 0) [[unlikely]]
    goto tick;
fetch:
  word = *ip++;
  goto* kDispatch[word & 0xff];

tick: {
  SAVE();
  int preempt = vm.on_ticks ? vm.on_ticks(vm) : 0;
  if (!vm.on_ticks) vm.ticks_left = INT64_MAX;
  if (preempt < 0) {
    // A bomb thrown while a hard-preempted tasklet was away, raised before
    // the instruction at ip ran (unwinding reads the raising one at pc - 1).
    ++ip;
    ERROR();
  }
  if (preempt == 0) goto fetch;
  Outcome o = handle_request(vm, top, vm.take_request(), &result, OnReturn::Push);
  if (o == Outcome::Switched) goto switched;
  LOAD();
  if (o == Outcome::Error) ERROR();
  goto fetch;
}

switched: {
  if (vm.running->hard) {
    // The tasklet to run is suspended inside native code: this loop holds
    // nothing but its parked chains' heap frames, so it gives up the stack
    // and the hard layer resumes the tasklet's saved stack.
    result = Value();
    call_callable = Value();
    top.reset();
    vm.abandon_base(vm);
  }
  Outcome o = enter_tasklet(vm, top, &result);
  if (o == Outcome::Switched) goto switched;
  if (o == Outcome::Frame) {
    LOAD();
    DISPATCH();
  }
  if (o == Outcome::FrameError) {
    LOAD();
    goto unwind_start;
  }
  // Value/Error cannot leave enter_tasklet with a frame to run: the
  // tasklet-end continuation always switches.
  vm.raise(vm.exc.RuntimeError.get(), "internal error: tasklet resumed without a frame");
  vm.current_frame = saved_current;
  return Value();
}

op_NOP:
  DISPATCH();

op_POP_TOP:
  DROP(1);
  DISPATCH();

op_PUSH_NULL:
  PUSH(Value());
  DISPATCH();

op_COPY: {
  Value v = PEEK(ARG);
  PUSH(std::move(v));
  DISPATCH();
}

op_SWAP: {
  std::swap(sp[-1], sp[-static_cast<int>(ARG)]);
  DISPATCH();
}

op_LOAD_CONST:
  PUSH(consts[ARG]);
  FAST_DISPATCH();

op_LOAD_FAST: {
  const Value& v = locals[ARG];
  if (v.is_null()) [[unlikely]] {
    vm.raisef(vm.exc.UnboundLocalError.get(), "cannot access local variable '{}' where it is not associated with a value",
              f->code->varnames[ARG]->str());
    ERROR();
  }
  PUSH(v);
  FAST_DISPATCH();
}

op_STORE_FAST:
  locals[ARG] = POP();
  FAST_DISPATCH();

op_DELETE_FAST:
  if (locals[ARG].is_null()) {
    vm.raisef(vm.exc.UnboundLocalError.get(), "cannot access local variable '{}' where it is not associated with a value",
              f->code->varnames[ARG]->str());
    ERROR();
  }
  locals[ARG] = Value();
  DISPATCH();

op_LOAD_DEREF: {
  Cell* c = f->cell(ARG);
  if (c->value.is_null()) {
    size_t ncell = f->code->cellvars.size();
    if (ARG < ncell)
      vm.raisef(vm.exc.UnboundLocalError.get(),
                "cannot access local variable '{}' where it is not associated with a value",
                f->code->cellvars[ARG]->str());
    else
      vm.raisef(vm.exc.NameError.get(),
                "cannot access free variable '{}' where it is not associated with a value in enclosing scope",
                f->code->freevars[ARG - ncell]->str());
    ERROR();
  }
  PUSH(c->value);
  DISPATCH();
}

op_STORE_DEREF:
  f->cell(ARG)->value = POP();
  DISPATCH();

op_DELETE_DEREF: {
  Cell* c = f->cell(ARG);
  if (c->value.is_null()) {
    vm.raisef(vm.exc.NameError.get(), "cannot access free variable where it is not associated with a value");
    ERROR();
  }
  c->value = Value();
  DISPATCH();
}

op_LOAD_CLOSURE:
  PUSH(f->cells()[ARG]);
  DISPATCH();

op_LOAD_CLASSDEREF: {
  size_t ncell = f->code->cellvars.size();
  Str* name = ARG < ncell ? f->code->cellvars[ARG].get() : f->code->freevars[ARG - ncell].get();
  if (f->locals_dict) {
    Value v = dict_get_str(f->locals_dict.get(), name);
    if (!v.is_null()) {
      PUSH(std::move(v));
      DISPATCH();
    }
  }
  Cell* c = f->cell(ARG);
  if (c->value.is_null()) {
    vm.raisef(vm.exc.NameError.get(),
              "cannot access free variable '{}' where it is not associated with a value in enclosing scope",
              name->str());
    ERROR();
  }
  PUSH(c->value);
  DISPATCH();
}

op_LOAD_GLOBAL: {
  Code::GlobalCache& cache = f->code->global_cache[ARG];
  HashTable& globals = f->globals->table;
  HashTable& builtins = vm.builtins()->table;
  if (cache.globals == f->globals && cache.globals_version == globals.version()) {
    if (!cache.in_builtins) {
      PUSH(globals.entries()[cache.pos].value);
      FAST_DISPATCH();
    }
    if (cache.builtins_version == builtins.version()) {
      PUSH(builtins.entries()[cache.pos].value);
      FAST_DISPATCH();
    }
  }
  Str* name = f->code->names[ARG].get();
  int64_t pos = globals.find_str(name);
  if (pos >= 0) {
    cache = {f->globals, globals.version(), 0, pos, false};
    PUSH(globals.entries()[pos].value);
    FAST_DISPATCH();
  }
  pos = builtins.find_str(name);
  if (pos >= 0) {
    cache = {f->globals, globals.version(), builtins.version(), pos, true};
    PUSH(builtins.entries()[pos].value);
    FAST_DISPATCH();
  }
  vm.raisef(vm.exc.NameError.get(), "name '{}' is not defined", name->str());
  ERROR();
}

op_STORE_GLOBAL:
  dict_set_str(f->globals, f->code->names[ARG].get(), POP());
  DISPATCH();

op_DELETE_GLOBAL: {
  Str* name = f->code->names[ARG].get();
  int64_t pos = f->globals->table.find_str(name);
  if (pos < 0) {
    vm.raisef(vm.exc.NameError.get(), "name '{}' is not defined", name->str());
    ERROR();
  }
  f->globals->table.remove_at(pos);
  DISPATCH();
}

op_LOAD_NAME: {
  Str* name = f->code->names[ARG].get();
  if (f->locals_dict) {
    Value v = dict_get_str(f->locals_dict.get(), name);
    if (!v.is_null()) {
      PUSH(std::move(v));
      DISPATCH();
    }
  }
  Value v = dict_get_str(f->globals, name);
  if (v.is_null()) v = dict_get_str(vm.builtins(), name);
  if (v.is_null()) {
    vm.raisef(vm.exc.NameError.get(), "name '{}' is not defined", name->str());
    ERROR();
  }
  PUSH(std::move(v));
  DISPATCH();
}

op_STORE_NAME: {
  Dict* ns = f->locals_dict ? f->locals_dict.get() : f->globals;
  dict_set_str(ns, f->code->names[ARG].get(), POP());
  DISPATCH();
}

op_DELETE_NAME: {
  Dict* ns = f->locals_dict ? f->locals_dict.get() : f->globals;
  Str* name = f->code->names[ARG].get();
  int64_t pos = ns->table.find_str(name);
  if (pos < 0) {
    vm.raisef(vm.exc.NameError.get(), "name '{}' is not defined", name->str());
    ERROR();
  }
  ns->table.remove_at(pos);
  DISPATCH();
}

op_LOAD_ATTR: {
  SAVE();
  Value obj = POP();
  Value v = getattr(vm, obj, f->code->names[ARG].get());
  if (v.is_null()) ERROR();
  PUSH(std::move(v));
  DISPATCH();
}

op_STORE_ATTR: {
  SAVE();
  Value obj = POP();
  Value v = POP();
  if (!setattr(vm, obj, f->code->names[ARG].get(), std::move(v))) ERROR();
  DISPATCH();
}

op_DELETE_ATTR: {
  SAVE();
  Value obj = POP();
  if (!delattr(vm, obj, f->code->names[ARG].get())) ERROR();
  DISPATCH();
}

op_LOAD_METHOD: {
  SAVE();
  if (TOP().is_kind(ObjKind::Module)) {
    // module.function(...): a plain dict hit, the common case
    // (stackless.schedule(), math.sqrt()).
    const HashTable& table = TOP().as<Module>()->dict->table;
    Str* name = f->code->names[ARG].get();
    // The name's global-cache slot doubles as a position hint; checking the
    // key at that position makes a stale hint harmless.
    Code::GlobalCache& hint = f->code->global_cache[ARG];
    int64_t pos = hint.pos;
    const auto& entries = table.entries();
    if (pos < 0 || pos >= static_cast<int64_t>(entries.size()) || !entries[pos].key.is_obj() ||
        entries[pos].key.as_obj() != name) {
      pos = table.find_str(name);
      if (pos >= 0 && hint.globals == nullptr) hint.pos = pos;
    }
    if (pos >= 0) {
      Value m = table.entries()[pos].value;
      TOP() = Value();
      PUSH(std::move(m));
      DISPATCH();
    }
  }
  Value obj = POP();
  bool is_method = false;
  Value m = lookup_method(vm, obj, f->code->names[ARG].get(), &is_method);
  if (m.is_null()) ERROR();
  if (is_method) {
    PUSH(std::move(m));
    PUSH(std::move(obj));
  } else {
    PUSH(Value());
    PUSH(std::move(m));
  }
  DISPATCH();
}

op_CALL: {
  int n = static_cast<int>(ARG);
  call_base = sp - n - 2;
  call_kwnames = nullptr;
  if (call_base[0].is_null()) {
    call_callable = call_base[1];
    call_argv = call_base + 2;
    call_argc = n;
  } else {
    call_callable = call_base[0];
    call_argv = call_base + 1;
    call_argc = n + 1;
  }
  // The hottest case: a plain VM function with exactly its positional
  // parameters and no cells.
  if (call_callable.is_kind(ObjKind::Function)) {
    Function* fn = call_callable.as<Function>();
    Code* code = fn->code.get();
    if (code->argcount == call_argc && code->flags == 0 && code->kwonlyargcount == 0 && code->ncells() == 0 &&
        vm.depth < vm.recursion_limit) {
      Ref<Frame> frame = Frame::create(Ref<Function>(fn));
      Value* dst = frame->locals();
      for (int i = 0; i < call_argc; ++i) new (&dst[i]) Value(std::move(call_argv[i]));  // dst slots are Null
      while (sp > call_base) (--sp)->reset();
      call_callable = Value();
      SAVE();
      ++vm.depth;
      frame->back = std::move(top);
      top = std::move(frame);
      LOAD();
      DISPATCH();
    }
  }
  goto do_call;
}

op_CALL_KW: {
  int n = static_cast<int>(ARG & 0xff);
  call_kwnames = consts[ARG >> 8].as<Tuple>();
  int npos = n - static_cast<int>(call_kwnames->items.size());
  call_base = sp - n - 2;
  if (call_base[0].is_null()) {
    call_callable = call_base[1];
    call_argv = call_base + 2;
    call_argc = npos;
  } else {
    call_callable = call_base[0];
    call_argv = call_base + 1;
    call_argc = npos + 1;
  }
  goto do_call;
}

op_CALL_EX: {
  bool has_kw = ARG & 1;
  call_base = sp - 3 - (has_kw ? 1 : 0);
  call_callable = call_base[1];
  Tuple* args = call_base[2].as<Tuple>();
  std::vector<Value> flat(args->items.begin(), args->items.end());
  call_argc = static_cast<int>(flat.size());
  Ref<Tuple> names;
  if (has_kw) {
    Dict* kw = call_base[3].as<Dict>();
    std::vector<Value> keys;
    for (auto& e : kw->table.entries()) {
      if (e.key.is_null()) continue;
      keys.push_back(e.key);
      flat.push_back(e.value);
    }
    if (!keys.empty()) names = make_tuple(std::move(keys));
  }
  Value callable = call_callable;
  call_callable = Value();
  SAVE();
  f->sp = static_cast<uint32_t>(call_base - stack_base);
  Outcome o = start_call(vm, top, std::move(callable), flat.data(), call_argc, names.get(), &result);
  while (sp > call_base) {
    --sp;
    *sp = Value();
  }
  if (o == Outcome::Switched) goto switched;
  if (o == Outcome::Frame) {
    LOAD();
    DISPATCH();
  }
  if (o == Outcome::FrameError) {
    LOAD();
    goto unwind_start;
  }
  if (o == Outcome::Error) {
    LOAD();
    ERROR();
  }
  LOAD();
  PUSH(std::move(result));
  DISPATCH();
}

do_call: {
  Value callable = std::move(call_callable);
  SAVE();
  f->sp = static_cast<uint32_t>(call_base - stack_base);
  Outcome o = start_call(vm, top, std::move(callable), call_argv, call_argc, call_kwnames, &result);
  // The caller's call slots die here; `top` may be a new frame already, so
  // clear them through the saved pointers.
  for (Value* p = call_base; p < sp; ++p) *p = Value();
  sp = call_base;
  if (o == Outcome::Switched) goto switched;
  if (o == Outcome::Frame) {
    LOAD();
    DISPATCH();
  }
  if (o == Outcome::FrameError) {
    LOAD();
    goto unwind_start;
  }
  LOAD();
  if (o == Outcome::Error) ERROR();
  PUSH(std::move(result));
  DISPATCH();
}

op_BUILD_TUPLE: {
  int n = static_cast<int>(ARG);
  std::vector<Value> items(n);
  for (int i = n - 1; i >= 0; --i) items[i] = POP();
  PUSH(Value(make_tuple(std::move(items))));
  DISPATCH();
}

op_BUILD_LIST: {
  int n = static_cast<int>(ARG);
  std::vector<Value> items(n);
  for (int i = n - 1; i >= 0; --i) items[i] = POP();
  PUSH(Value(make_list(std::move(items))));
  DISPATCH();
}

op_BUILD_SET: {
  SAVE();
  int n = static_cast<int>(ARG);
  auto s = make<Set>();
  for (int i = n; i >= 1; --i) {
    if (!set_add(vm, s.get(), PEEK(i))) ERROR();
  }
  DROP(n);
  PUSH(Value(std::move(s)));
  DISPATCH();
}

op_BUILD_MAP: {
  SAVE();
  int n = static_cast<int>(ARG);
  auto d = make<Dict>();
  for (int i = 2 * n; i >= 2; i -= 2) {
    if (!dict_set(vm, d.get(), PEEK(i), PEEK(i - 1))) ERROR();
  }
  DROP(2 * n);
  PUSH(Value(std::move(d)));
  DISPATCH();
}

op_BUILD_STRING: {
  int n = static_cast<int>(ARG);
  std::string s;
  for (int i = n; i >= 1; --i) s += PEEK(i).as<Str>()->str();
  DROP(n);
  PUSH(Value(vm.str(std::move(s))));
  DISPATCH();
}

op_BUILD_SLICE: {
  Value step = ARG == 3 ? POP() : Value::none();
  Value stop = POP();
  Value start = POP();
  PUSH(Value(make<Slice>(std::move(start), std::move(stop), std::move(step))));
  DISPATCH();
}

op_LIST_APPEND: {
  Value v = POP();
  PEEK(ARG).as<List>()->items.push_back(std::move(v));
  DISPATCH();
}

op_SET_ADD: {
  SAVE();
  Value v = POP();
  if (!set_add(vm, PEEK(ARG).as<Set>(), std::move(v))) ERROR();
  DISPATCH();
}

op_MAP_ADD: {
  SAVE();
  Value v = POP();
  Value k = POP();
  if (!dict_set(vm, PEEK(ARG).as<Dict>(), std::move(k), std::move(v))) ERROR();
  DISPATCH();
}

op_LIST_EXTEND: {
  SAVE();
  Value it = POP();
  std::vector<Value> items;
  if (!collect(vm, it, items)) {
    if (vm.error_matches(vm.exc.TypeError.get()) && get_iter(vm, it).is_null()) {
      vm.take_error();
      vm.raisef(vm.exc.TypeError.get(), "Value after * must be an iterable, not {}", vm.type_name(it));
    }
    ERROR();
  }
  List* l = PEEK(ARG).as<List>();
  for (auto& v : items) l->items.push_back(std::move(v));
  DISPATCH();
}

op_SET_UPDATE: {
  SAVE();
  Value it = POP();
  std::vector<Value> items;
  if (!collect(vm, it, items)) ERROR();
  Set* s = PEEK(ARG).as<Set>();
  for (auto& v : items)
    if (!set_add(vm, s, std::move(v))) ERROR();
  DISPATCH();
}

op_DICT_UPDATE:
op_DICT_MERGE: {
  SAVE();
  bool merge = decode_op(word) == Op::DICT_MERGE;
  Value src = POP();
  Dict* d = PEEK(ARG).as<Dict>();
  if (!src.is_kind(ObjKind::Dict)) {
    if (merge)
      vm.raisef(vm.exc.TypeError.get(), "argument after ** must be a mapping, not {}", vm.type_name(src));
    else
      vm.raisef(vm.exc.TypeError.get(), "'{}' object is not a mapping", vm.type_name(src));
    ERROR();
  }
  std::vector<HashTable::Entry> entries = src.as<Dict>()->table.entries();
  for (auto& e : entries) {
    if (e.key.is_null()) continue;
    if (merge) {
      if (!e.key.is_kind(ObjKind::Str)) {
        vm.raise(vm.exc.TypeError.get(), "keywords must be strings");
        ERROR();
      }
      if (d->table.find_str(e.key.as<Str>()) >= 0) {
        vm.raisef(vm.exc.TypeError.get(), "got multiple values for keyword argument '{}'", e.key.as<Str>()->str());
        ERROR();
      }
    }
    if (!dict_set(vm, d, e.key, e.value)) ERROR();
  }
  DISPATCH();
}

op_LIST_TO_TUPLE: {
  Value l = POP();
  PUSH(Value(make_tuple(std::move(l.as<List>()->items))));
  DISPATCH();
}

op_FORMAT_VALUE: {
  SAVE();
  uint32_t flags = ARG;
  Value spec = (flags & 4) ? POP() : Value();
  Value v = POP();
  switch (flags & 3) {
    case 1: v = to_str(vm, v); break;
    case 2: v = repr(vm, v); break;
    case 3: v = repr(vm, v); break;
    default: break;
  }
  if (v.is_null()) ERROR();
  if (!spec.is_null() || !v.is_kind(ObjKind::Str)) {
    v = format_value(vm, v, spec.is_null() ? std::string_view() : spec.as<Str>()->view());
    if (v.is_null()) ERROR();
  }
  PUSH(std::move(v));
  DISPATCH();
}

op_BINARY_OP: {
  Value& a = sp[-2];
  Value& b = sp[-1];
  uint32_t op = ARG & 15;
  if (a.is_int() && b.is_int()) {
    int64_t x = a.as_int(), y = b.as_int(), r;
    switch (static_cast<BinOpKind>(op)) {
      case BinOpKind::Add:
        if (__builtin_add_overflow(x, y, &r)) break;
        DROP(2);
        PUSH(Value::integer(r));
        FAST_DISPATCH();
      case BinOpKind::Sub:
        if (__builtin_sub_overflow(x, y, &r)) break;
        DROP(2);
        PUSH(Value::integer(r));
        FAST_DISPATCH();
      case BinOpKind::Mult:
        if (__builtin_mul_overflow(x, y, &r)) break;
        DROP(2);
        PUSH(Value::integer(r));
        FAST_DISPATCH();
      case BinOpKind::FloorDiv:
        if (y == 0 || (x == INT64_MIN && y == -1)) break;
        r = x / y;
        if ((x % y != 0) && ((x < 0) != (y < 0))) --r;
        DROP(2);
        PUSH(Value::integer(r));
        FAST_DISPATCH();
      case BinOpKind::Mod:
        if (y == 0 || y == -1) break;
        r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) r += y;
        DROP(2);
        PUSH(Value::integer(r));
        FAST_DISPATCH();
      case BinOpKind::BitAnd:
        r = x & y;
        DROP(2);
        PUSH(Value::integer(r));
        FAST_DISPATCH();
      case BinOpKind::BitOr:
        r = x | y;
        DROP(2);
        PUSH(Value::integer(r));
        FAST_DISPATCH();
      case BinOpKind::BitXor:
        r = x ^ y;
        DROP(2);
        PUSH(Value::integer(r));
        FAST_DISPATCH();
      default:
        break;
    }
  } else if (a.is_float() && b.is_float()) {
    double x = a.as_float(), y = b.as_float();
    switch (static_cast<BinOpKind>(op)) {
      case BinOpKind::Add: DROP(2); PUSH(Value::number(x + y)); FAST_DISPATCH();
      case BinOpKind::Sub: DROP(2); PUSH(Value::number(x - y)); FAST_DISPATCH();
      case BinOpKind::Mult: DROP(2); PUSH(Value::number(x * y)); FAST_DISPATCH();
      case BinOpKind::Div:
        if (y == 0) break;
        DROP(2);
        PUSH(Value::number(x / y));
        FAST_DISPATCH();
      default: break;
    }
  }
  SAVE();
  Value r = binary_op(vm, static_cast<BinOpKind>(op), a, b, (ARG & 16) != 0);
  if (r.is_null()) ERROR();
  DROP(2);
  PUSH(std::move(r));
  DISPATCH();
}

op_UNARY_NEGATIVE:
op_UNARY_POSITIVE:
op_UNARY_INVERT: {
  Op op = decode_op(word);
  Value& v = TOP();
  if (op == Op::UNARY_NEGATIVE && v.is_int() && v.as_int() != INT64_MIN) {
    v = Value::integer(-v.as_int());
    DISPATCH();
  }
  SAVE();
  ast::UnaryOpKind kind = op == Op::UNARY_NEGATIVE   ? ast::UnaryOpKind::USub
                          : op == Op::UNARY_POSITIVE ? ast::UnaryOpKind::UAdd
                                                     : ast::UnaryOpKind::Invert;
  Value r = unary_op(vm, kind, v);
  if (r.is_null()) ERROR();
  TOP() = std::move(r);
  DISPATCH();
}

op_UNARY_NOT: {
  int t;
  if (TOP().is_bool()) {
    t = TOP().as_bool();
  } else {
    SAVE();
    t = truthy(vm, TOP());
    if (t < 0) ERROR();
  }
  DROP(1);
  PUSH(Value::boolean(!t));
  FAST_DISPATCH();
}

op_COMPARE_OP: {
  Value& a = sp[-2];
  Value& b = sp[-1];
  CmpOpKind op = static_cast<CmpOpKind>(ARG);
  if (a.is_int() && b.is_int()) {
    int64_t x = a.as_int(), y = b.as_int();
    bool r;
    switch (op) {
      case CmpOpKind::Eq: r = x == y; break;
      case CmpOpKind::NotEq: r = x != y; break;
      case CmpOpKind::Lt: r = x < y; break;
      case CmpOpKind::LtE: r = x <= y; break;
      case CmpOpKind::Gt: r = x > y; break;
      default: r = x >= y; break;
    }
    DROP(2);
    PUSH(Value::boolean(r));
    FAST_DISPATCH();
  }
  if (a.is_float() && b.is_float()) {
    double x = a.as_float(), y = b.as_float();
    bool r;
    switch (op) {
      case CmpOpKind::Eq: r = x == y; break;
      case CmpOpKind::NotEq: r = x != y; break;
      case CmpOpKind::Lt: r = x < y; break;
      case CmpOpKind::LtE: r = x <= y; break;
      case CmpOpKind::Gt: r = x > y; break;
      default: r = x >= y; break;
    }
    DROP(2);
    PUSH(Value::boolean(r));
    FAST_DISPATCH();
  }
  if ((op == CmpOpKind::Eq || op == CmpOpKind::NotEq) && a.is_kind(ObjKind::Str) && b.is_kind(ObjKind::Str)) {
    bool eq = a.as_obj() == b.as_obj() || a.as<Str>()->str() == b.as<Str>()->str();
    DROP(2);
    PUSH(Value::boolean(op == CmpOpKind::Eq ? eq : !eq));
    FAST_DISPATCH();
  }
  SAVE();
  Value r = compare(vm, op, a, b);
  if (r.is_null()) ERROR();
  DROP(2);
  PUSH(std::move(r));
  DISPATCH();
}

op_IS_OP: {
  bool r = sp[-2].is(sp[-1]);
  DROP(2);
  PUSH(Value::boolean(ARG ? !r : r));
  DISPATCH();
}

op_CONTAINS_OP: {
  SAVE();
  int r = contains(vm, sp[-1], sp[-2]);
  if (r < 0) ERROR();
  DROP(2);
  PUSH(Value::boolean(ARG ? !r : r));
  DISPATCH();
}

op_BINARY_SUBSCR: {
  Value& c = sp[-2];
  Value& k = sp[-1];
  if (c.is_kind(ObjKind::List) && k.is_int()) {
    auto& items = c.as<List>()->items;
    int64_t i = k.as_int();
    if (i < 0) i += static_cast<int64_t>(items.size());
    if (i >= 0 && i < static_cast<int64_t>(items.size())) {
      Value v = items[i];
      DROP(2);
      PUSH(std::move(v));
      DISPATCH();
    }
  }
  SAVE();
  Value v = getitem(vm, c, k);
  if (v.is_null()) ERROR();
  DROP(2);
  PUSH(std::move(v));
  DISPATCH();
}

op_STORE_SUBSCR: {
  Value& k = sp[-1];
  Value& c = sp[-2];
  if (c.is_kind(ObjKind::List) && k.is_int()) {
    auto& items = c.as<List>()->items;
    int64_t i = k.as_int();
    if (i < 0) i += static_cast<int64_t>(items.size());
    if (i >= 0 && i < static_cast<int64_t>(items.size())) {
      items[i] = std::move(sp[-3]);
      DROP(3);
      DISPATCH();
    }
  }
  SAVE();
  if (!setitem(vm, c, k, sp[-3])) ERROR();
  DROP(3);
  DISPATCH();
}

op_DELETE_SUBSCR: {
  SAVE();
  if (!delitem(vm, sp[-2], sp[-1])) ERROR();
  DROP(2);
  DISPATCH();
}

op_JUMP:
  ip = code_base + ARG;
  DISPATCH();  // counted: every loop iteration ticks the watchdog

op_POP_JUMP_IF_FALSE:
op_POP_JUMP_IF_TRUE: {
  bool jump_if_true = decode_op(word) == Op::POP_JUMP_IF_TRUE;
  const Value& v = TOP();
  int t;
  if (v.is_bool())
    t = v.as_bool();
  else if (v.is_none())
    t = 0;
  else if (v.is_int())
    t = v.as_int() != 0;
  else {
    SAVE();
    t = truthy(vm, v);
    if (t < 0) ERROR();
  }
  DROP(1);
  if (static_cast<bool>(t) == jump_if_true) ip = code_base + ARG;
  FAST_DISPATCH();
}

op_JUMP_IF_FALSE_OR_POP:
op_JUMP_IF_TRUE_OR_POP: {
  bool jump_if_true = decode_op(word) == Op::JUMP_IF_TRUE_OR_POP;
  SAVE();
  int t = truthy(vm, TOP());
  if (t < 0) ERROR();
  if (static_cast<bool>(t) == jump_if_true)
    ip = code_base + ARG;
  else
    DROP(1);
  DISPATCH();
}

op_GET_ITER: {
  Value& v = TOP();
  if (v.is_kind(ObjKind::Iterator) || v.is_kind(ObjKind::Generator)) DISPATCH();
  SAVE();
  Value it = get_iter(vm, v);
  if (it.is_null()) ERROR();
  TOP() = std::move(it);
  DISPATCH();
}

op_FOR_ITER: {
  Value& it = TOP();
  if (it.is_kind(ObjKind::Iterator)) {
    // fast_iter_next writes into the free slot above the iterator.
    bool exhausted;
    if (fast_iter_next(it.as<Iterator>(), sp, &exhausted)) {
      if (exhausted) {
        DROP(1);
        ip = code_base + ARG;
      } else {
        ++sp;
      }
      FAST_DISPATCH();
    }
  } else if (it.is_kind(ObjKind::Generator)) {
    Generator* gen = it.as<Generator>();
    if (!gen->frame && !gen->running) {
      DROP(1);
      ip = code_base + ARG;
      DISPATCH();
    }
    SAVE();
    Outcome o = resume_in_loop(vm, top, gen, Value::none(), false, true);
    if (o == Outcome::Error) ERROR();
    LOAD();
    DISPATCH();
  } else if (it.is_kind(ObjKind::Instance)) {
    Value next_fn = it.as<Instance>()->cls->lookup(vm.names.__next__);
    if (next_fn.is_kind(ObjKind::Function)) {
      SAVE();
      Value self = it;
      Outcome o = start_call(vm, top, next_fn, &self, 1, nullptr, &result, OnReturn::IterNext);
      if (o == Outcome::Switched) goto switched;
      if (o == Outcome::Frame) {
        LOAD();
        DISPATCH();
      }
      if (o == Outcome::Error) {
        if (vm.error_matches(vm.exc.StopIteration.get())) {
          vm.take_error();
          DROP(1);
          ip = code_base + ARG;
          DISPATCH();
        }
        ERROR();
      }
      PUSH(std::move(result));
      DISPATCH();
    }
  } else if (it.is_kind(ObjKind::Channel)) {
    // Receiving may block: the channel's __next__ runs as a soft native and
    // its StopIteration (even one arriving after a switch) ends the loop.
    Value next_fn = vm.cls.channel->lookup(vm.names.__next__);
    SAVE();
    Value self = it;
    Outcome o = start_call(vm, top, std::move(next_fn), &self, 1, nullptr, &result, OnReturn::IterNext);
    if (o == Outcome::Switched) goto switched;
    LOAD();
    if (o == Outcome::Error) {
      if (vm.error_matches(vm.exc.StopIteration.get())) {
        vm.take_error();
        DROP(1);
        ip = code_base + ARG;
        DISPATCH();
      }
      ERROR();
    }
    PUSH(std::move(result));
    DISPATCH();
  }
  SAVE();
  Value next = iter_next(vm, it);
  if (next.is_null()) {
    if (vm.has_error()) ERROR();
    DROP(1);
    ip = code_base + ARG;
    DISPATCH();
  }
  PUSH(std::move(next));
  DISPATCH();
}

op_UNPACK_SEQUENCE: {
  SAVE();
  int n = static_cast<int>(ARG);
  Value seq = POP();
  std::vector<Value> items;
  if (seq.is_kind(ObjKind::Tuple)) {
    items = seq.as<Tuple>()->items;
  } else if (seq.is_kind(ObjKind::List)) {
    items = seq.as<List>()->items;
  } else {
    Value it = get_iter(vm, seq);
    if (it.is_null()) {
      if (vm.error_matches(vm.exc.TypeError.get())) {
        vm.take_error();
        vm.raisef(vm.exc.TypeError.get(), "cannot unpack non-iterable {} object", vm.type_name(seq));
      }
      ERROR();
    }
    for (;;) {
      Value v = iter_next(vm, it);
      if (v.is_null()) {
        if (vm.has_error()) ERROR();
        break;
      }
      items.push_back(std::move(v));
      if (static_cast<int>(items.size()) > n) break;
    }
  }
  if (static_cast<int>(items.size()) != n) {
    if (static_cast<int>(items.size()) > n)
      vm.raisef(vm.exc.ValueError.get(), "too many values to unpack (expected {})", n);
    else
      vm.raisef(vm.exc.ValueError.get(), "not enough values to unpack (expected {}, got {})", n, items.size());
    ERROR();
  }
  for (int i = n - 1; i >= 0; --i) PUSH(std::move(items[i]));
  DISPATCH();
}

op_UNPACK_EX: {
  SAVE();
  int before = static_cast<int>(ARG & 0xff), after = static_cast<int>(ARG >> 8);
  Value seq = POP();
  std::vector<Value> items;
  if (!collect(vm, seq, items)) {
    if (vm.error_matches(vm.exc.TypeError.get())) {
      vm.take_error();
      vm.raisef(vm.exc.TypeError.get(), "cannot unpack non-iterable {} object", vm.type_name(seq));
    }
    ERROR();
  }
  int total = static_cast<int>(items.size());
  if (total < before + after) {
    vm.raisef(vm.exc.ValueError.get(), "not enough values to unpack (expected at least {}, got {})", before + after,
              total);
    ERROR();
  }
  for (int i = total - 1; i >= total - after; --i) PUSH(std::move(items[i]));
  std::vector<Value> middle;
  for (int i = before; i < total - after; ++i) middle.push_back(std::move(items[i]));
  PUSH(Value(make_list(std::move(middle))));
  for (int i = before - 1; i >= 0; --i) PUSH(std::move(items[i]));
  DISPATCH();
}

op_MAKE_FUNCTION: {
  uint32_t flags = ARG;
  Value code = POP();
  auto fn = make<Function>();
  // Each popped Value is moved into a local: POP() alone only names the slot.
  if (flags & 8) {
    Value closure = POP();
    fn->closure = Ref<Tuple>(closure.as<Tuple>());
  }
  if (flags & 2) {
    Value kwdefaults = POP();
    fn->kwdefaults = Ref<Dict>(kwdefaults.as<Dict>());
  }
  if (flags & 1) {
    Value defaults = POP();
    fn->defaults = Ref<Tuple>(defaults.as<Tuple>());
  }
  Code* c = code.as<Code>();
  fn->code = Ref<Code>(c);
  fn->globals = Ref<Dict>(f->globals);
  fn->name = vm.intern_ref(c->name);
  fn->qualname = vm.str(c->qualname);
  fn->module_name = dict_get_str(f->globals, vm.names.__name__);
  PUSH(Value(std::move(fn)));
  DISPATCH();
}

op_RETURN_VALUE: {
  Value rv = POP();
  SAVE();
  Frame* done = f;
  if (done->generator) {
    Generator* gen = done->generator;
    gen->running = false;
    gen->leave_exc_state(vm.handled_exc, false);
    bool by_opcode = gen->resumed_by_opcode;
    bool entry = done->is_entry;
    done->is_entry = false;
    Ref<Frame> self = std::move(top);
    top = std::move(self->back);
    --vm.depth;
    gen->frame.reset();  // finished; `self` keeps the frame alive until here
    Value owner = std::move(self->running_owner);
    self.reset();
    owner.reset();  // may free the generator
    // `return None` ends a generator with a bare StopIteration, as CPython.
    std::vector<Value> stop_args;
    if (!rv.is_none()) stop_args.push_back(rv);
    if (entry) {
      vm.raise_with_args(vm.exc.StopIteration.get(), std::move(stop_args));
      vm.current_frame = saved_current;
      return Value();
    }
    LOAD();
    if (by_opcode) {
      uint32_t at = code_base[f->pc - 1];
      DROP(1);  // the iterator / sub-generator
      if (decode_op(at) == Op::SEND) PUSH(std::move(rv));
      ip = code_base + decode_arg(at);
      DISPATCH();
    }
    vm.raise_with_args(vm.exc.StopIteration.get(), std::move(stop_args));
    ERROR();
  }
  OnReturn mode = done->on_return;
  Value aux = std::move(done->aux);
  bool entry = done->is_entry;
  {
    Ref<Frame> self = std::move(top);
    top = std::move(self->back);
    --vm.depth;
  }
  if (entry) {
    vm.current_frame = saved_current;
    return rv;
  }
  if (top->cont) {
    Outcome o = deliver(vm, top, std::move(rv), mode, std::move(aux));
    if (o == Outcome::Switched) goto switched;
    LOAD();
    if (o == Outcome::FrameError) goto unwind_start;
    DISPATCH();
  }
  LOAD();
  switch (mode) {
    case OnReturn::Push:
    case OnReturn::IterNext:
      PUSH(std::move(rv));
      break;
    case OnReturn::Init:
      if (!rv.is_none()) {
        vm.raisef(vm.exc.TypeError.get(), "__init__() should return None, not '{}'", vm.type_name(rv));
        ERROR();
      }
      PUSH(std::move(aux));
      break;
    case OnReturn::Module:
      PUSH(std::move(aux));
      break;
  }
  DISPATCH();
}

op_YIELD_VALUE: {
  Value v = POP();
  SAVE();
  Generator* gen = f->generator;
  gen->running = false;
  gen->leave_exc_state(vm.handled_exc, true);
  Ref<Frame> self = std::move(top);
  top = std::move(self->back);
  --vm.depth;
  // Dropping the owner may free the generator and with it this frame; the
  // local `self` keeps the frame alive until the end of this block.
  Value owner = std::move(self->running_owner);
  if (self->is_entry) {
    self->is_entry = false;
    vm.current_frame = saved_current;
    self.reset();
    return v;
  }
  self.reset();
  owner.reset();
  if (top->cont) {
    // Resumed by a native's request (next() under a continuation).
    Outcome o = deliver(vm, top, std::move(v), OnReturn::Push, Value());
    if (o == Outcome::Switched) goto switched;
    LOAD();
    if (o == Outcome::FrameError) goto unwind_start;
    DISPATCH();
  }
  LOAD();
  PUSH(std::move(v));
  DISPATCH();
}

op_GET_YIELD_FROM_ITER: {
  Value& v = TOP();
  if (v.is_kind(ObjKind::Generator) || v.is_kind(ObjKind::Iterator)) DISPATCH();
  SAVE();
  Value it = get_iter(vm, v);
  if (it.is_null()) ERROR();
  TOP() = std::move(it);
  DISPATCH();
}

op_SEND: {
  Value v = POP();
  Value& sub = TOP();
  if (sub.is_kind(ObjKind::Generator)) {
    SAVE();
    Outcome o = resume_in_loop(vm, top, sub.as<Generator>(), std::move(v), false, true);
    if (o == Outcome::Error) {
      if (vm.error_matches(vm.exc.StopIteration.get())) {
        // Exhausted before we got here: the result is None.
        vm.take_error();
        DROP(1);
        PUSH(Value::none());
        ip = code_base + ARG;
        DISPATCH();
      }
      ERROR();
    }
    LOAD();
    DISPATCH();
  }
  SAVE();
  Value r;
  if (v.is_none()) {
    r = iter_next(vm, sub);
  } else {
    Str* send = vm.names.send;
    r = vm.call_method(sub, send, {v});
  }
  if (r.is_null()) {
    if (vm.has_error() && !vm.error_matches(vm.exc.StopIteration.get())) ERROR();
    Value value = Value::none();
    if (vm.has_error()) {
      Ref<ExceptionObject> stop = vm.take_error();
      if (!stop->args->items.empty()) value = stop->args->items[0];
    }
    DROP(1);
    PUSH(std::move(value));
    ip = code_base + ARG;
    DISPATCH();
  }
  PUSH(std::move(r));
  DISPATCH();
}

op_RAISE_VARARGS: {
  SAVE();
  uint32_t n = ARG;
  if (n == 0) {
    if (vm.handled_exc.is_null() || vm.handled_exc.is_none()) {
      vm.raise(vm.exc.RuntimeError.get(), "No active exception to reraise");
      ERROR();
    }
    vm.set_error(Ref<ExceptionObject>(vm.handled_exc.as<ExceptionObject>()));
    add_traceback = false;  // a bare `raise` keeps the traceback it had
    goto unwind_start;
  }
  Value cause = n == 2 ? POP() : Value();
  Value exc = POP();
  vm.raise_value(exc);
  if (n == 2 && vm.has_error()) {
    ExceptionObject* e = vm.error();
    if (cause.is_none()) {
      e->cause = Value();
    } else {
      Value c = cause;
      if (c.is_kind(ObjKind::Class)) {
        Value inst = vm.call(c, std::vector<Value>{});
        if (inst.is_null()) ERROR();
        c = inst;
      }
      if (!c.is_kind(ObjKind::Exception)) {
        vm.take_error();
        vm.raise(vm.exc.TypeError.get(), "exception causes must derive from BaseException");
        ERROR();
      }
      e->cause = c;
    }
    e->suppress_context = true;
  }
  ERROR();
}

op_RERAISE: {
  Value exc = POP();
  SAVE();
  vm.set_error(Ref<ExceptionObject>(exc.as<ExceptionObject>()));
  add_traceback = false;
  goto unwind_start;
}

op_PUSH_EXC_INFO: {
  Value exc = POP();
  PUSH(vm.handled_exc.is_null() ? Value::none() : vm.handled_exc);
  vm.handled_exc = exc;
  PUSH(std::move(exc));
  DISPATCH();
}

op_POP_EXCEPT: {
  Value prev = POP();
  vm.handled_exc = prev.is_none() ? Value() : std::move(prev);
  DISPATCH();
}

op_CHECK_EXC_MATCH: {
  SAVE();
  Value type = POP();
  const Value& exc = TOP();
  auto matches = [&](const Value& t, bool* ok) -> bool {
    if (!t.is_kind(ObjKind::Class) || !t.as<Class>()->is_subclass_of(vm.exc.BaseException.get())) {
      *ok = false;
      return false;
    }
    return is_instance(vm, exc, t.as<Class>());
  };
  bool ok = true, r = false;
  if (type.is_kind(ObjKind::Tuple)) {
    for (auto& t : type.as<Tuple>()->items) {
      if (matches(t, &ok)) {
        r = true;
        break;
      }
      if (!ok) break;
    }
  } else {
    r = matches(type, &ok);
  }
  if (!ok) {
    vm.raise(vm.exc.TypeError.get(), "catching classes that do not inherit from BaseException is not allowed");
    ERROR();
  }
  PUSH(Value::boolean(r));
  DISPATCH();
}

op_BEFORE_WITH: {
  SAVE();
  Value mgr = POP();
  Value enter = class_lookup(vm, mgr, vm.names.__enter__);
  if (enter.is_null()) {
    if (!vm.has_error())
      vm.raisef(vm.exc.TypeError.get(), "'{}' object does not support the context manager protocol",
                vm.type_name(mgr));
    ERROR();
  }
  Value exit = class_lookup(vm, mgr, vm.names.__exit__);
  if (exit.is_null()) {
    if (!vm.has_error())
      vm.raisef(vm.exc.TypeError.get(),
                "'{}' object does not support the context manager protocol (missed __exit__ method)",
                vm.type_name(mgr));
    ERROR();
  }
  PUSH(make_bound(vm, exit, mgr));
  SAVE();
  // Soft, like any call: __enter__ and __exit__ may switch tasklets.
  Outcome o = start_call(vm, top, make_bound(vm, enter, mgr), nullptr, 0, nullptr, &result);
  FINISH_CALL(o);
}

op_WITH_EXCEPT_START: {
  SAVE();
  // exit prev exc
  Value exc = TOP();
  Value exit = PEEK(3);
  Value type = Value(Ref<Class>(vm.class_of(exc)));
  Value tb = exc.is_kind(ObjKind::Exception) ? make_traceback(vm, exc.as<ExceptionObject>()) : Value::none();
  Value argv[3] = {std::move(type), exc, std::move(tb)};
  Outcome o = start_call(vm, top, std::move(exit), argv, 3, nullptr, &result);
  FINISH_CALL(o);
}

op_LOAD_ASSERTION_ERROR:
  PUSH(Value(vm.exc.AssertionError));
  DISPATCH();

op_IMPORT_NAME: {
  SAVE();
  Value fromlist = POP();
  Value level = POP();
  if (level.is_int() && level.as_int() > 0) {
    vm.raise(vm.exc.ImportError.get(), "attempted relative import with no known parent package");
    ERROR();
  }
  Ref<Frame> body;
  Value module = import_module(vm, f->code->names[ARG].get(), &body);
  if (module.is_null()) ERROR();
  if (!body) {
    PUSH(std::move(module));
    DISPATCH();
  }
  SAVE();
  if (!push_frame(vm, top, std::move(body))) ERROR();
  LOAD();
  DISPATCH();
}

op_IMPORT_FROM: {
  SAVE();
  Value& module = TOP();
  Str* name = f->code->names[ARG].get();
  Value v = getattr_opt(vm, module, name);
  if (v.is_null()) {
    if (vm.has_error()) ERROR();
    std::string modname = module.is_kind(ObjKind::Module) ? module.as<Module>()->name->str() : "?";
    std::string where = module.is_kind(ObjKind::Module) && !module.as<Module>()->filename.empty()
                            ? " (" + module.as<Module>()->filename + ")"
                            : " (unknown location)";
    vm.raisef(vm.exc.ImportError.get(), "cannot import name '{}' from '{}'{}", name->str(), modname, where);
    ERROR();
  }
  PUSH(std::move(v));
  DISPATCH();
}

op_IMPORT_STAR: {
  SAVE();
  Value module = POP();
  if (!module.is_kind(ObjKind::Module)) {
    vm.raise(vm.exc.TypeError.get(), "import * from a non-module");
    ERROR();
  }
  Dict* src = module.as<Module>()->dict.get();
  Dict* dst = f->locals_dict ? f->locals_dict.get() : f->globals;
  Value all = dict_get_str(src, vm.names.__all__);
  if (!all.is_null()) {
    std::vector<Value> names;
    if (!collect(vm, all, names)) ERROR();
    for (auto& n : names) {
      if (!n.is_kind(ObjKind::Str)) continue;
      Value v = dict_get_str(src, n.as<Str>());
      if (v.is_null()) {
        vm.raisef(vm.exc.AttributeError.get(), "module '{}' has no attribute '{}'",
                  module.as<Module>()->name->str(), n.as<Str>()->str());
        ERROR();
      }
      dict_set_str(dst, n.as<Str>(), std::move(v));
    }
  } else {
    std::vector<HashTable::Entry> entries = src->table.entries();
    for (auto& e : entries) {
      if (e.key.is_null() || !e.key.is_kind(ObjKind::Str)) continue;
      if (!e.key.as<Str>()->str().empty() && e.key.as<Str>()->str()[0] == '_') continue;
      dict_set_str(dst, e.key.as<Str>(), e.value);
    }
  }
  DISPATCH();
}

op_CALL_CLASS_BODY: {
  SAVE();
  Value fn = POP();
  Function* body_fn = fn.as<Function>();
  Ref<Frame> frame = Frame::create(Ref<Function>(body_fn));
  if (!bind_arguments(vm, body_fn, frame.get(), nullptr, 0, nullptr)) ERROR();
  frame->locals_dict = make<Dict>();
  Value modname = dict_get_str(f->globals, vm.names.__name__);
  if (!modname.is_null()) dict_set_str(frame->locals_dict.get(), vm.names.__module__, modname);
  dict_set_str(frame->locals_dict.get(), vm.names.__qualname__, Value(vm.str(body_fn->code->qualname)));
  SAVE();
  if (!push_frame(vm, top, std::move(frame))) ERROR();
  LOAD();
  DISPATCH();
}

op_BUILD_CLASS: {
  SAVE();
  Value ns = POP();
  Value bases = POP();
  Value name = POP();
  Tuple* base_tuple = bases.as<Tuple>();
  if (base_tuple->items.size() > 1) {
    vm.raise(vm.exc.TypeError.get(), "multiple inheritance is not supported yet");
    ERROR();
  }
  Ref<Class> base = vm.cls.object;
  if (!base_tuple->items.empty()) {
    const Value& b = base_tuple->items[0];
    if (!b.is_kind(ObjKind::Class)) {
      vm.raisef(vm.exc.TypeError.get(), "bases must be types");
      ERROR();
    }
    base = Ref<Class>(b.as<Class>());
    if (!check_base_class(vm, base.get())) ERROR();
  }
  Ref<Class> cls = vm.new_class(name.as<Str>()->str(), base, base->instance_kind == ObjKind::Exception
                                                                  ? ObjKind::Exception
                                                                  : ObjKind::Instance,
                                false);
  Dict* src = ns.as<Dict>();
  Value cell;
  for (auto& e : src->table.entries()) {
    if (e.key.is_null()) continue;
    if (e.key.is_kind(ObjKind::Str) && e.key.as<Str>() == vm.names.__classcell__) {
      cell = e.value;
      continue;
    }
    dict_set_str(cls->dict.get(), e.key.as<Str>(), e.value);
  }
  Value qualname = dict_get_str(src, vm.names.__qualname__);
  if (qualname.is_kind(ObjKind::Str)) cls->qualname = qualname.as<Str>()->str();
  Value modname = dict_get_str(src, vm.names.__module__);
  if (!modname.is_null()) cls->module_name = modname;
  if (cell.is_kind(ObjKind::Cell)) {
    cell.as<Cell>()->value = Value(cls);
    vm.classes_with_cell.push_back(cls);
  }
  PUSH(Value(std::move(cls)));
  DISPATCH();
}

op_LOAD_LOCALS:
  PUSH(Value(f->locals_dict));
  DISPATCH();

error:
  SAVE();
  add_traceback = true;
unwind_start:
  if (add_traceback && vm.has_error()) {
    Frame* tf = top.get();
    if (!tf->cont) vm.error()->traceback.push_back({tf->func->code, tf->line()});
  }
  add_traceback = true;
  for (;;) {
    Frame* uf = top.get();
    if (uf->cont) {
      // A native waiting on this call gets the exception (Null result).
      OnReturn popped = OnReturn::Push;
      Outcome o = run_continuation(vm, top, Value(), &result, &popped);
      if (o == Outcome::Switched) goto switched;
      if (o == Outcome::Frame) {
        LOAD();
        DISPATCH();
      }
      if (o == Outcome::FrameError) continue;
      if (o == Outcome::Value) {
        o = deliver(vm, top, std::move(result), popped, Value());
        if (o == Outcome::Switched) goto switched;
        LOAD();
        if (o == Outcome::FrameError) goto unwind_start;
        DISPATCH();
      }
      vm.error()->traceback.push_back({top->func->code, top->line()});
      continue;
    }
    const HandlerEntry* h = uf->pc > 0 ? uf->code->handler_at(uf->pc - 1) : nullptr;
    if (h) {
      Value* base = uf->stack_base();
      for (uint32_t i = h->depth; i < uf->sp; ++i) base[i] = Value();
      uf->sp = h->depth;
      base[uf->sp++] = Value(vm.take_error());
      uf->pc = h->target;
      LOAD();
      DISPATCH();
    }
    // No handler: the frame dies and the exception moves to its caller.
    for (uint32_t i = 0; i < uf->sp; ++i) uf->stack_base()[i] = Value();
    uf->sp = 0;
    bool entry = uf->is_entry;
    uf->is_entry = false;
    OnReturn mode = uf->on_return;
    if (uf->generator) {
      Generator* gen = uf->generator;
      gen->running = false;
      gen->leave_exc_state(vm.handled_exc, false);
      if (vm.error_matches(vm.exc.StopIteration.get())) {
        Ref<ExceptionObject> stop = vm.take_error();
        vm.raise(vm.exc.RuntimeError.get(), "generator raised StopIteration");
        vm.error()->cause = Value(stop);
        vm.error()->context = Value(stop);
        vm.error()->suppress_context = true;
        vm.error()->traceback = stop->traceback;
      }
      gen->frame.reset();
    }
    Value gen_owner = std::move(uf->running_owner);
    if (mode == OnReturn::Module && uf->aux.is_kind(ObjKind::Module)) {
      Module* m = uf->aux.as<Module>();
      int64_t pos = vm.modules()->table.find_str(m->name.get());
      if (pos >= 0) vm.modules()->table.remove_at(pos);
    }
    {
      Ref<Frame> dead = std::move(top);
      top = std::move(dead->back);
      --vm.depth;
    }
    gen_owner.reset();
    if (entry) {
      vm.current_frame = saved_current;
      return Value();
    }
    Frame* caller = top.get();
    if (mode == OnReturn::IterNext && vm.error_matches(vm.exc.StopIteration.get())) {
      // The FOR_ITER that called __next__ ends its loop.
      vm.take_error();
      LOAD();
      uint32_t at = code_base[f->pc - 1];
      DROP(1);
      ip = code_base + decode_arg(at);
      DISPATCH();
    }
    if (!caller->cont) vm.error()->traceback.push_back({caller->func->code, caller->line()});
  }

#undef LOAD
#undef SAVE
#undef DISPATCH
#undef FAST_DISPATCH
#undef ARG
#undef PUSH
#undef POP
#undef TOP
#undef PEEK
#undef DROP
#undef ERROR
#undef FINISH_CALL
}

}  // namespace

std::unique_ptr<Interpreter> make_interpreter(Vm& vm) { return std::make_unique<Loop>(vm); }

}  // namespace spindle::soft
