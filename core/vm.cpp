// The Vm's own services: interned names, errors, calls, the builtin class
// objects and the exception hierarchy. The constructor and destructor live in
// api/vm.cpp (they install the interpreter, which core cannot see).
#include "core/vm.hpp"

#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <exception>
#include <new>

#include "core/install.hpp"
#include "core/ops.hpp"

namespace spindle {

// ---- names and strings --------------------------------------------------------

void Vm::init_names() {
  if (!builtins_) builtins_ = make<Dict>();
  if (!modules_) modules_ = make<Dict>();
#define SPINDLE_NAME(n) names.n = intern(#n);
  SPINDLE_NAME(__init__) SPINDLE_NAME(__new__) SPINDLE_NAME(__call__) SPINDLE_NAME(__str__)
  SPINDLE_NAME(__repr__) SPINDLE_NAME(__eq__) SPINDLE_NAME(__ne__) SPINDLE_NAME(__lt__)
  SPINDLE_NAME(__le__) SPINDLE_NAME(__gt__) SPINDLE_NAME(__ge__) SPINDLE_NAME(__hash__)
  SPINDLE_NAME(__len__) SPINDLE_NAME(__bool__) SPINDLE_NAME(__iter__) SPINDLE_NAME(__next__)
  SPINDLE_NAME(__getitem__) SPINDLE_NAME(__setitem__) SPINDLE_NAME(__delitem__)
  SPINDLE_NAME(__contains__) SPINDLE_NAME(__enter__) SPINDLE_NAME(__exit__) SPINDLE_NAME(__getattr__)
  SPINDLE_NAME(__name__) SPINDLE_NAME(__qualname__) SPINDLE_NAME(__module__) SPINDLE_NAME(__class__)
  SPINDLE_NAME(__dict__) SPINDLE_NAME(__doc__) SPINDLE_NAME(__classcell__) SPINDLE_NAME(__main__)
  SPINDLE_NAME(__builtins__) SPINDLE_NAME(__file__) SPINDLE_NAME(__index__) SPINDLE_NAME(__neg__)
  SPINDLE_NAME(__pos__) SPINDLE_NAME(__invert__) SPINDLE_NAME(__abs__) SPINDLE_NAME(__int__)
  SPINDLE_NAME(__float__) SPINDLE_NAME(__format__) SPINDLE_NAME(__set_name__)
  SPINDLE_NAME(__init_subclass__) SPINDLE_NAME(__all__) SPINDLE_NAME(args) SPINDLE_NAME(value)
  SPINDLE_NAME(send) SPINDLE_NAME(__mro__) SPINDLE_NAME(__bases__) SPINDLE_NAME(__base__)
  SPINDLE_NAME(__setattr__) SPINDLE_NAME(__delattr__)
#undef SPINDLE_NAME
  // Indexed by ast::BinOpKind.
  static const char* const kOps[13] = {"add", "sub",    "mul", "truediv", "floordiv", "mod",   "pow",
                                       "lshift", "rshift", "or",  "xor",     "and",      "matmul"};
  for (int i = 0; i < 13; ++i) {
    std::string op = kOps[i];
    names.binop[i] = intern("__" + op + "__");
    names.rbinop[i] = intern("__r" + op + "__");
    names.ibinop[i] = intern("__i" + op + "__");
  }
}

Ref<Str> Vm::str(std::string s) { return make<Str>(std::move(s)); }

Str* Vm::intern(std::string_view s) {
  auto it = interned_.find(s);
  if (it != interned_.end()) return it->second.get();
  Ref<Str> str = make<Str>(std::string(s));
  str->mark_interned();
  Str* raw = str.get();
  // The key views the Str's own bytes, which live as long as the entry.
  interned_.emplace(raw->view(), std::move(str));
  return raw;
}

void Vm::add_builtin(std::string_view name, Value v) { dict_set_str(builtins_.get(), intern(name), std::move(v)); }

Ref<NativeFunction> Vm::native(std::string name, NativeFn fn) {
  return make<NativeFunction>(std::move(name), fn);
}

void Vm::def_method(Class* cls, std::string_view name, NativeFn fn) {
  Ref<NativeFunction> f = native(std::string(name), fn);
  f->owner = cls;
  dict_set_str(cls->dict.get(), intern(name), Value(std::move(f)));
}

Ref<Class> Vm::new_class(std::string name, Ref<Class> base, ObjKind instance_kind, bool builtin) {
  auto c = make<Class>();
  c->name = intern_ref(name);
  c->qualname = std::move(name);
  c->dict = make<Dict>();
  c->mro.push_back(c.get());
  if (base) c->mro.insert(c->mro.end(), base->mro.begin(), base->mro.end());
  c->base = std::move(base);
  c->instance_kind = instance_kind;
  c->is_builtin = builtin;
  if (builtin) c->module_name = Value(intern_ref("builtins"));
  return c;
}

Class* Vm::class_of(const Value& v) const {
  switch (v.tag()) {
    case Tag::Null:
    case Tag::None:
      return cls.none_type.get();
    case Tag::Bool:
      return cls.bool_.get();
    case Tag::Int:
      return cls.int_.get();
    case Tag::Float:
      return cls.float_.get();
    case Tag::Obj:
      break;
  }
  Object* o = v.as_obj();
  switch (o->kind()) {
    case ObjKind::Str: return cls.str.get();
    case ObjKind::Tuple: return cls.tuple.get();
    case ObjKind::List: return cls.list.get();
    case ObjKind::Dict: return cls.dict.get();
    case ObjKind::Set: return cls.set.get();
    case ObjKind::FrozenSet: return cls.frozenset.get();
    case ObjKind::Function: return cls.function.get();
    case ObjKind::NativeFunction: return cls.builtin_function.get();
    case ObjKind::BoundMethod: return cls.method.get();
    case ObjKind::Class: return cls.type.get();
    case ObjKind::Instance:
    case ObjKind::Exception: return static_cast<Instance*>(o)->cls.get();
    case ObjKind::Module: return cls.module.get();
    case ObjKind::Code: return cls.code.get();
    case ObjKind::Cell: return cls.cell.get();
    case ObjKind::Generator: return cls.generator.get();
    case ObjKind::Tasklet: return cls.tasklet.get();
    case ObjKind::Channel: return cls.channel.get();
    case ObjKind::Bomb: return cls.bomb.get();
    case ObjKind::Range: return cls.range.get();
    case ObjKind::Slice: return cls.slice.get();
    case ObjKind::Iterator:
      switch (static_cast<Iterator*>(o)->sub) {
        case IterKind::Enumerate: return cls.enumerate.get();
        case IterKind::Zip: return cls.zip.get();
        case IterKind::Map: return cls.map.get();
        case IterKind::Filter: return cls.filter.get();
        case IterKind::Reversed: return cls.reversed.get();
        default: return cls.iterator.get();
      }
    case ObjKind::DictView:
      switch (static_cast<DictView*>(o)->which) {
        case DictView::Keys: return cls.dict_keys.get();
        case DictView::Values: return cls.dict_values.get();
        default: return cls.dict_items.get();
      }
    case ObjKind::File: return cls.file.get();
    case ObjKind::Property: return cls.property.get();
    case ObjKind::StaticMethod: return cls.staticmethod.get();
    case ObjKind::ClassMethod: return cls.classmethod.get();
    case ObjKind::Super: return cls.super.get();
    case ObjKind::Frame: return cls.frame.get();
    case ObjKind::External: break;
  }
  return cls.object.get();
}

const char* Vm::type_name(const Value& v) const { return class_of(v)->name->str().c_str(); }

// ---- errors -------------------------------------------------------------------

Ref<ExceptionObject> Vm::new_exception(Class* type, std::vector<Value> args) {
  auto e = make<ExceptionObject>(Ref<Class>(type));
  e->args = make<Tuple>(std::move(args));
  return e;
}

// Out of memory while building an exception: raise the preallocated
// MemoryError instead, reset to a fresh state.
static void raise_preallocated_memory_error(Vm& vm) {
  Ref<ExceptionObject> e = vm.preallocated_memory_error;
  if (!e) std::terminate();  // before install_exceptions: nothing sane to do
  e->traceback.clear();
  e->cause = Value();
  e->context = Value();
  e->suppress_context = false;
  vm.set_error(std::move(e));
}

Value Vm::raise(Class* type, std::string message) {
  try {
    set_error(new_exception(type, {Value(str(std::move(message)))}));
  } catch (const std::bad_alloc&) {
    raise_preallocated_memory_error(*this);
  }
  return Value();
}

Value Vm::raise_with_args(Class* type, std::vector<Value> args) {
  try {
    set_error(new_exception(type, std::move(args)));
  } catch (const std::bad_alloc&) {
    raise_preallocated_memory_error(*this);
  }
  return Value();
}

Value Vm::raise_value(const Value& exc) {
  if (exc.is_kind(ObjKind::Exception)) {
    set_error(Ref<ExceptionObject>(exc.as<ExceptionObject>()));
    return Value();
  }
  if (exc.is_kind(ObjKind::Class) && exc.as<Class>()->is_subclass_of(this->exc.BaseException.get())) {
    Value inst = call(exc, std::vector<Value>{});
    if (inst.is_null()) return Value();
    if (!inst.is_kind(ObjKind::Exception)) {
      return raisef(this->exc.TypeError.get(),
                    "calling {} should have returned an instance of BaseException, not {}",
                    exc.as<Class>()->name->str(), type_name(inst));
    }
    set_error(Ref<ExceptionObject>(inst.as<ExceptionObject>()));
    return Value();
  }
  return raise(this->exc.TypeError.get(), "exceptions must derive from BaseException");
}

void Vm::set_error(Ref<ExceptionObject> e) {
  if (e && handled_exc.is_kind(ObjKind::Exception)) {
    ExceptionObject* handled = handled_exc.as<ExceptionObject>();
    if (handled != e.get() && e->context.is_null()) {
      // Linking e after `handled` must not close a loop: if e is already on
      // handled's context chain, cut the chain there (what CPython does).
      ExceptionObject* o = handled;
      for (int guard = 0; guard < 100000 && o->context.is_kind(ObjKind::Exception); ++guard) {
        ExceptionObject* next = o->context.as<ExceptionObject>();
        if (next == e.get()) {
          o->context = Value();
          break;
        }
        o = next;
      }
      e->context = handled_exc;
    }
  }
  error_ = std::move(e);
}

bool Vm::error_matches(Class* type) const { return error_ && error_->cls->is_subclass_of(type); }

// ---- calls ----------------------------------------------------------------------

// Runs a native (or class constructor) and converts C++ exceptions at this
// boundary: none may escape into the loop.
Value run_native(Vm& vm, NativeFunction* nf, NativeFn fn, Args& args) {
  struct DepthGuard {
    explicit DepthGuard(Vm& v) : vm(v) { ++vm.native_depth; }
    ~DepthGuard() { --vm.native_depth; }
    Vm& vm;
  } depth(vm);
  try {
    if (nf) return nf->fn ? nf->fn(vm, args) : nf->host(vm, args);
    return fn(vm, args);
  } catch (const std::bad_alloc&) {
    return vm.raise(vm.exc.MemoryError.get(), "");
  } catch (const std::length_error&) {
    return vm.raise(vm.exc.MemoryError.get(), "");
  } catch (const std::exception& e) {
    return vm.raise(vm.exc.RuntimeError.get(), fmt::format("internal error: {}", e.what()));
  }
}

namespace {

// A copy of args with `self` in front, for bound methods and __call__.
struct PrependedArgs {
  std::vector<Value> storage;
  Args args;
  PrependedArgs(const Value& self, Args& a) {
    int total = a.n + a.nkw();
    storage.reserve(static_cast<size_t>(total) + 1);
    storage.push_back(self);
    for (int i = 0; i < total; ++i) storage.push_back(a.argv[i]);
    args = Args{storage.data(), a.n + 1, a.kwnames};
  }
};

}  // namespace

// A native returned Null without an error: carry out its request here, on
// the C stack (the loop does the same thing without recursing).
static Value finish_requests(Vm& vm, Value result) {
  while (result.is_null() && !vm.has_error() && vm.has_request()) {
    Request req = vm.take_request();
    switch (req.kind) {
      case Request::TailCall:
        result = vm.call(req.callable, std::move(req.args));
        break;
      case Request::CallThen: {
        Value r = vm.call(req.callable, std::move(req.args));
        ++vm.native_depth;  // the continuation is native code like its native
        result = req.k(vm, std::move(r), std::move(req.state));
        --vm.native_depth;
        break;
      }
      case Request::Resume: {
        if (!req.callable.is_kind(ObjKind::Generator) || !vm.interp())
          return vm.raise(vm.exc.TypeError.get(), "resume request for a non-generator");
        Value sent = req.args.empty() ? Value::none() : req.args[0];
        result = vm.interp()->resume_generator(vm, req.callable.as<Generator>(), std::move(sent), req.throw_in);
        break;
      }
      case Request::Switch:
        // Natives check Vm::can_switch() before they change any state, so
        // this is a native that did not: refuse rather than lose a tasklet.
        return vm.raise(vm.exc.RuntimeError.get(), "internal error: tasklet switch requested from native code");
      case Request::None:
        break;
    }
  }
  if (result.is_null() && !vm.has_error())
    return vm.raise(vm.exc.RuntimeError.get(), "native function returned no value and set no error");
  return result;
}

Value Vm::call(const Value& callable, Args& args) {
  // A host calling in with no loop running: run the call as the current
  // tasklet in a base activation, where it may switch.
  if (activations == 0 && interp_ && callable.is_obj()) return interp_->call_at_base(*this, callable, args);
  if (callable.is_obj()) {
    Object* o = callable.as_obj();
    switch (o->kind()) {
      case ObjKind::NativeFunction: {
        auto* nf = static_cast<NativeFunction*>(o);
        Ref<NativeFunction> hold(nf);  // the native may drop the last other owner
        return finish_requests(*this, run_native(*this, nf, nullptr, args));
      }
      case ObjKind::Function: {
        if (!check_c_stack()) return Value();
        if (!interp_) return raise(exc.RuntimeError.get(), "no interpreter installed");
        Ref<Function> hold(static_cast<Function*>(o));
        return interp_->call_function(*this, hold.get(), args);
      }
      case ObjKind::BoundMethod: {
        auto* bm = static_cast<BoundMethod*>(o);
        Value func = bm->func;
        PrependedArgs pa(bm->self, args);
        return call(func, pa.args);
      }
      case ObjKind::Class: {
        Ref<Class> c(static_cast<Class*>(o));
        if (c.get() == cls.type.get() && args.n == 1 && args.nkw() == 0) return Value(Ref<Class>(class_of(args[0])));
        if (c->construct) return finish_requests(*this, run_native(*this, nullptr, c->construct, args));
        // instantiate() refuses builtin classes that have no constructor.
        try {
          return instantiate(*this, c.get(), args);
        } catch (const std::bad_alloc&) {
          return raise(exc.MemoryError.get(), "");
        }
      }
      case ObjKind::StaticMethod: {
        Value f = static_cast<Descriptor*>(o)->fget;
        return call(f, args);
      }
      case ObjKind::Instance:
      case ObjKind::Exception: {
        Value m = static_cast<Instance*>(o)->cls->lookup(names.__call__);
        if (!m.is_null() && !m.is_none()) {
          Value self = callable;
          if (m.is_kind(ObjKind::Function) || m.is_kind(ObjKind::NativeFunction)) {
            PrependedArgs pa(self, args);
            return call(m, pa.args);
          }
          Value bound = make_bound(*this, m, self);
          if (bound.is_null()) return Value();
          return call(bound, args);
        }
        break;
      }
      case ObjKind::Tasklet: {
        // Builtin kinds with a native __call__ (tasklet(...) is setup).
        Value m = class_of(callable)->lookup(names.__call__);
        if (m.is_kind(ObjKind::NativeFunction)) {
          PrependedArgs pa(callable, args);
          return call(m, pa.args);
        }
        break;
      }
      default:
        break;
    }
  }
  return raisef(exc.TypeError.get(), "'{}' object is not callable", type_name(callable));
}

Value Vm::call(const Value& callable, std::vector<Value> args) {
  Args a{args.data(), static_cast<int>(args.size()), nullptr};
  return call(callable, a);
}

Value Vm::call_method(const Value& obj, Str* name, std::vector<Value> args, bool* found) {
  Value m = class_of(obj)->lookup(name);
  if (m.is_null()) {
    if (found) {
      *found = false;
      return Value();
    }
    return raisef(exc.AttributeError.get(), "'{}' object has no attribute '{}'", type_name(obj), name->str());
  }
  if (found) *found = true;
  if (m.is_kind(ObjKind::Function) || m.is_kind(ObjKind::NativeFunction)) {
    args.insert(args.begin(), obj);
    return call(m, std::move(args));
  }
  if (m.is_kind(ObjKind::Property)) {
    Value getter = m.as<Descriptor>()->fget;
    if (getter.is_null() || getter.is_none())
      return raisef(exc.AttributeError.get(), "property '{}' of '{}' object has no getter", name->str(),
                    type_name(obj));
    Value attr = call(getter, std::vector<Value>{obj});
    if (attr.is_null()) return Value();
    return call(attr, std::move(args));
  }
  Value bound = make_bound(*this, m, obj);
  if (bound.is_null()) return Value();
  return call(bound, std::move(args));
}

Value Vm::tail_call(Value callable, std::vector<Value> args) {
  request_ = Request{};
  request_.kind = Request::TailCall;
  request_.callable = std::move(callable);
  request_.args = std::move(args);
  return Value();
}

Value Vm::call_then(Value callable, std::vector<Value> args, Continuation k, Value state) {
  request_ = Request{};
  request_.kind = Request::CallThen;
  request_.callable = std::move(callable);
  request_.args = std::move(args);
  request_.k = k;
  request_.state = std::move(state);
  return Value();
}

Value Vm::switch_request(Value target, bool at_boundary) {
  // No other request can be pending: natives make one request at most.
  request_.kind = Request::Switch;
  request_.callable = std::move(target);
  request_.at_boundary = at_boundary;
  return Value();
}

Value Vm::resume_request(Value generator, Value sent, bool throw_in) {
  request_ = Request{};
  request_.kind = Request::Resume;
  request_.callable = std::move(generator);
  request_.args.push_back(std::move(sent));
  request_.throw_in = throw_in;
  return Value();
}

// ---- C stack ----------------------------------------------------------------------

namespace {

// The lowest address this thread's stack may grow to, minus `reserve`.
// Stacks grow down on every platform Spindle targets.
uintptr_t compute_c_stack_limit(uintptr_t here, size_t reserve) {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* addr = nullptr;
    size_t size = 0;
    int rc = pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    uintptr_t low = reinterpret_cast<uintptr_t>(addr);
    if (rc == 0 && size > 0 && here > low && here - low <= size) {
      // A small thread stack must still leave room to run at all.
      size_t r = std::min(reserve, size / 2);
      return low + r;
    }
  }
  // Fallback: assume we are near the top of a stack of RLIMIT_STACK bytes.
  size_t size = 8u << 20;
  struct rlimit rl;
  if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > 0)
    size = static_cast<size_t>(rl.rlim_cur);
  size_t r = std::min(reserve, size / 2);
  if (here < size) return 0;
  return here - size + r;
}

}  // namespace

bool Vm::check_c_stack() {
  // The frame address, not a local's: under ASan locals may live on a
  // heap-allocated fake stack.
  uintptr_t here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (c_stack_limit_ == 0) c_stack_limit_ = compute_c_stack_limit(here, config.c_stack_reserve);
  if (here < c_stack_limit_) {
    raise(exc.RecursionError.get(), "maximum recursion depth exceeded");
    return false;
  }
  return true;
}

// ---- argument checking ----------------------------------------------------------------

bool check_args(Vm& vm, Args& args, std::string_view fname, int min, int max) {
  if (args.nkw() > 0) {
    vm.raisef(vm.exc.TypeError.get(), "{}() takes no keyword arguments", fname);
    return false;
  }
  const int n = args.n;
  if (n >= min && n <= max) return true;
  if (min == max) {
    if (max == 0)
      vm.raisef(vm.exc.TypeError.get(), "{}() takes no arguments ({} given)", fname, n);
    else if (max == 1)
      vm.raisef(vm.exc.TypeError.get(), "{}() takes exactly one argument ({} given)", fname, n);
    else
      vm.raisef(vm.exc.TypeError.get(), "{} expected {} arguments, got {}", fname, max, n);
  } else if (n < min) {
    vm.raisef(vm.exc.TypeError.get(), "{} expected at least {} argument{}, got {}", fname, min, min == 1 ? "" : "s",
              n);
  } else {
    vm.raisef(vm.exc.TypeError.get(), "{} expected at most {} argument{}, got {}", fname, max, max == 1 ? "" : "s",
              n);
  }
  return false;
}

bool parse_args(Vm& vm, Args& args, std::string_view fname, std::initializer_list<const char*> names,
                int required, Value* out, int npos_only) {
  const int nparams = static_cast<int>(names.size());
  // npos_only < 0: every parameter may also be passed by keyword.
  if (npos_only < 0) npos_only = 0;
  for (int i = 0; i < nparams; ++i) out[i] = Value();
  if (args.n > nparams) {
    if (nparams == 0)
      vm.raisef(vm.exc.TypeError.get(), "{}() takes no arguments ({} given)", fname, args.n);
    else if (required == nparams)
      vm.raisef(vm.exc.TypeError.get(), "{}() takes exactly {} argument{} ({} given)", fname, nparams,
                nparams == 1 ? "" : "s", args.n);
    else
      vm.raisef(vm.exc.TypeError.get(), "{}() takes at most {} argument{} ({} given)", fname, nparams,
                nparams == 1 ? "" : "s", args.n);
    return false;
  }
  for (int i = 0; i < args.n; ++i) out[i] = args.argv[i];
  const int nkw = args.nkw();
  for (int k = 0; k < nkw; ++k) {
    const Value& key = args.kwnames->items[k];
    std::string_view kname = key.is_kind(ObjKind::Str) ? key.as<Str>()->view() : std::string_view();
    int found = -1;
    int idx = 0;
    for (const char* p : names) {
      if (kname == p) {
        found = idx;
        break;
      }
      ++idx;
    }
    // CPython 3.11's argument parser words unknown and positional-only
    // keywords the same way.
    if (found < 0 || found < npos_only) {
      vm.raisef(vm.exc.TypeError.get(), "'{}' is an invalid keyword argument for {}()", kname, fname);
      return false;
    }
    if (!out[found].is_null()) {
      vm.raisef(vm.exc.TypeError.get(), "argument for {}() given by name ('{}') and position ({})", fname, kname,
                found + 1);
      return false;
    }
    out[found] = args.kwv()[k];
  }
  int idx = 0;
  for (const char* p : names) {
    if (idx >= required) break;
    if (out[idx].is_null()) {
      if (idx < npos_only || idx < args.n)
        vm.raisef(vm.exc.TypeError.get(), "{}() takes at least {} positional argument{} ({} given)", fname, required,
                  required == 1 ? "" : "s", args.n);
      else
        vm.raisef(vm.exc.TypeError.get(), "{}() missing required argument '{}' (pos {})", fname, p, idx + 1);
      return false;
    }
    ++idx;
  }
  return true;
}

// ---- builtin classes ----------------------------------------------------------------

namespace {

Value self_error(Vm& vm, const char* what, const char* cls_name, const Value& self) {
  return vm.raisef(vm.exc.TypeError.get(), "descriptor '{}' requires a '{}' object but received a '{}'", what,
                   cls_name, vm.type_name(self));
}

// object's methods, reachable through super() and explicit object.m(self).
Value object_init(Vm& vm, Args& args) {
  if (args.n > 1 || args.nkw() > 0)
    return vm.raise(vm.exc.TypeError.get(), "object.__init__() takes exactly one argument (the instance to initialize)");
  return Value::none();
}

Value object_repr(Vm& vm, Args& args) {
  if (!check_args(vm, args, "__repr__", 1, 1)) return Value();
  const Value& self = args[0];
  Class* c = vm.class_of(self);
  std::string mod = c->module_name.is_kind(ObjKind::Str) ? c->module_name.as<Str>()->str() : "__main__";
  std::string prefix = mod == "builtins" ? "" : mod + ".";
  uintptr_t addr = self.is_obj() ? reinterpret_cast<uintptr_t>(self.as_obj()) : 0;
  return Value(vm.str(fmt::format("<{}{} object at 0x{:x}>", prefix, c->qualname, addr)));
}

Value object_str(Vm& vm, Args& args) {
  if (!check_args(vm, args, "__str__", 1, 1)) return Value();
  return repr(vm, args[0]);
}

Value object_eq(Vm& vm, Args& args) {
  if (!check_args(vm, args, "__eq__", 2, 2)) return Value();
  return args[0].is(args[1]) ? Value::boolean(true) : vm.not_implemented;
}

Value object_ne(Vm& vm, Args& args) {
  if (!check_args(vm, args, "__ne__", 2, 2)) return Value();
  // Default __ne__ inverts __eq__ unless that is NotImplemented.
  Value r = compare(vm, ast::CmpOpKind::Eq, args[0], args[1]);
  if (r.is_null()) return Value();
  if (r.is(vm.not_implemented)) return r;
  int t = truthy(vm, r);
  if (t < 0) return Value();
  return Value::boolean(!t);
}

Value object_hash(Vm& vm, Args& args) {
  if (!check_args(vm, args, "__hash__", 1, 1)) return Value();
  const Value& self = args[0];
  if (!self.is_obj()) {
    int64_t h;
    if (!hash_value(vm, self, &h)) return Value();
    return Value::integer(h);
  }
  // Identity hash: the address, rotated so the alignment zeros do not all
  // land in the low (index) bits.
  uint64_t a = reinterpret_cast<uintptr_t>(self.as_obj());
  int64_t h = static_cast<int64_t>((a >> 4) | (a << 60));
  return Value::integer(h == -1 ? -2 : h);
}

Value object_setattr(Vm& vm, Args& args) {
  if (!check_args(vm, args, "__setattr__", 3, 3)) return Value();
  if (!args[1].is_kind(ObjKind::Str))
    return vm.raisef(vm.exc.TypeError.get(), "attribute name must be string, not '{}'", vm.type_name(args[1]));
  const Value& self = args[0];
  Str* name = vm.intern(args[1].as<Str>()->view());
  if (self.is_kind(ObjKind::Instance) || self.is_kind(ObjKind::Exception)) {
    Instance* inst = self.as<Instance>();
    Value attr = inst->cls->lookup(name);
    if (!attr.is_kind(ObjKind::Property)) {
      dict_set_str(inst->dict.get(), name, args[2]);
      return Value::none();
    }
  }
  if (!setattr(vm, self, name, args[2])) return Value();
  return Value::none();
}

Value object_delattr(Vm& vm, Args& args) {
  if (!check_args(vm, args, "__delattr__", 2, 2)) return Value();
  if (!args[1].is_kind(ObjKind::Str))
    return vm.raisef(vm.exc.TypeError.get(), "attribute name must be string, not '{}'", vm.type_name(args[1]));
  if (!delattr(vm, args[0], vm.intern(args[1].as<Str>()->view()))) return Value();
  return Value::none();
}

// property.getter / setter / deleter: a copy of the property with one
// accessor replaced (the decorator form `@x.setter`).
Value property_copy_with(Vm& vm, Args& args, int which) {
  static const char* const kNames[] = {"getter", "setter", "deleter"};
  if (!check_args(vm, args, kNames[which], 2, 2)) return Value();
  if (!args[0].is_kind(ObjKind::Property)) return self_error(vm, kNames[which], "property", args[0]);
  Descriptor* p = args[0].as<Descriptor>();
  auto copy = make<Descriptor>(ObjKind::Property, p->fget);
  copy->fset = p->fset;
  copy->fdel = p->fdel;
  Value f = args[1].is_none() ? Value() : args[1];
  if (which == 0) copy->fget = f;
  if (which == 1) copy->fset = f;
  if (which == 2) copy->fdel = f;
  return Value(std::move(copy));
}
Value property_getter(Vm& vm, Args& args) { return property_copy_with(vm, args, 0); }
Value property_setter(Vm& vm, Args& args) { return property_copy_with(vm, args, 1); }
Value property_deleter(Vm& vm, Args& args) { return property_copy_with(vm, args, 2); }

Value property_field(Vm& vm, Args& args, int which) {
  if (!check_args(vm, args, "property", 1, 1)) return Value();
  if (!args[0].is_kind(ObjKind::Property)) return self_error(vm, "fget", "property", args[0]);
  Descriptor* p = args[0].as<Descriptor>();
  const Value& v = which == 0 ? p->fget : which == 1 ? p->fset : p->fdel;
  return v.is_null() ? Value::none() : v;
}
Value property_fget(Vm& vm, Args& args) { return property_field(vm, args, 0); }
Value property_fset(Vm& vm, Args& args) { return property_field(vm, args, 1); }
Value property_fdel(Vm& vm, Args& args) { return property_field(vm, args, 2); }

Value wrapped_func(Vm& vm, Args& args) {
  if (!check_args(vm, args, "__func__", 1, 1)) return Value();
  if (!args[0].is_kind(ObjKind::StaticMethod) && !args[0].is_kind(ObjKind::ClassMethod))
    return self_error(vm, "__func__", "staticmethod", args[0]);
  return args[0].as<Descriptor>()->fget;
}

}  // namespace

// A read-only or read-write data attribute implemented natively.
static void def_property(Vm& vm, Class* cls, std::string_view name, NativeFn get, NativeFn set = nullptr) {
  auto prop = make<Descriptor>(ObjKind::Property, Value(vm.native(std::string(name), get)));
  if (set) prop->fset = Value(vm.native(std::string(name), set));
  dict_set_str(cls->dict.get(), vm.intern(name), Value(std::move(prop)));
}

void install_builtin_classes(Vm& vm) {
  BuiltinClasses& c = vm.cls;
  // `object` first: every other class copies its MRO.
  c.object = vm.new_class("object", nullptr, ObjKind::Instance, true);
  // Classes whose values are immediates have no C++ object kind; External
  // marks "nothing to allocate".
  struct Spec {
    Ref<Class>* slot;
    const char* name;
    ObjKind kind;
    bool is_builtin_name;  // also a name in builtins
  };
  const Spec specs[] = {
      {&c.type, "type", ObjKind::Class, true},
      {&c.none_type, "NoneType", ObjKind::External, false},
      {&c.int_, "int", ObjKind::External, true},
      {&c.float_, "float", ObjKind::External, true},
      {&c.str, "str", ObjKind::Str, true},
      {&c.list, "list", ObjKind::List, true},
      {&c.tuple, "tuple", ObjKind::Tuple, true},
      {&c.dict, "dict", ObjKind::Dict, true},
      {&c.set, "set", ObjKind::Set, true},
      {&c.frozenset, "frozenset", ObjKind::FrozenSet, true},
      {&c.function, "function", ObjKind::Function, false},
      {&c.builtin_function, "builtin_function_or_method", ObjKind::NativeFunction, false},
      {&c.method, "method", ObjKind::BoundMethod, false},
      {&c.module, "module", ObjKind::Module, false},
      {&c.generator, "generator", ObjKind::Generator, false},
      {&c.range, "range", ObjKind::Range, true},
      {&c.slice, "slice", ObjKind::Slice, true},
      {&c.cell, "cell", ObjKind::Cell, false},
      {&c.code, "code", ObjKind::Code, false},
      {&c.property, "property", ObjKind::Property, true},
      {&c.staticmethod, "staticmethod", ObjKind::StaticMethod, true},
      {&c.classmethod, "classmethod", ObjKind::ClassMethod, true},
      {&c.super, "super", ObjKind::Super, true},
      {&c.file, "TextIOWrapper", ObjKind::File, false},
      {&c.dict_keys, "dict_keys", ObjKind::DictView, false},
      {&c.dict_values, "dict_values", ObjKind::DictView, false},
      {&c.dict_items, "dict_items", ObjKind::DictView, false},
      {&c.iterator, "iterator", ObjKind::Iterator, false},
      {&c.enumerate, "enumerate", ObjKind::Iterator, true},
      {&c.zip, "zip", ObjKind::Iterator, true},
      {&c.map, "map", ObjKind::Iterator, true},
      {&c.filter, "filter", ObjKind::Iterator, true},
      {&c.reversed, "reversed", ObjKind::Iterator, true},
      {&c.not_implemented_type, "NotImplementedType", ObjKind::Instance, false},
      {&c.ellipsis_type, "ellipsis", ObjKind::Instance, false},
      {&c.frame, "frame", ObjKind::Frame, false},
  };
  for (const Spec& s : specs) {
    *s.slot = vm.new_class(s.name, c.object, s.kind, true);
    (*s.slot)->final_type = true;
  }
  // bool derives from int; rebuild it now that int exists.
  c.bool_ = vm.new_class("bool", c.int_, ObjKind::External, true);
  c.bool_->final_type = true;
  c.file->module_name = Value(vm.intern_ref("_io"));
  c.file->qualname = "TextIOWrapper";

  vm.add_builtin("object", Value(c.object));
  vm.add_builtin("bool", Value(c.bool_));
  for (const Spec& s : specs)
    if (s.is_builtin_name) vm.add_builtin(s.name, Value(*s.slot));

  vm.not_implemented = Value(make<Instance>(c.not_implemented_type));
  vm.ellipsis = Value(make<Instance>(c.ellipsis_type));
  vm.empty_tuple = make<Tuple>();
  vm.add_builtin("NotImplemented", vm.not_implemented);
  vm.add_builtin("Ellipsis", vm.ellipsis);

  Class* object = c.object.get();
  vm.def_method(object, "__init__", object_init);
  vm.def_method(object, "__repr__", object_repr);
  vm.def_method(object, "__str__", object_str);
  vm.def_method(object, "__eq__", object_eq);
  vm.def_method(object, "__ne__", object_ne);
  vm.def_method(object, "__hash__", object_hash);
  vm.def_method(object, "__setattr__", object_setattr);
  vm.def_method(object, "__delattr__", object_delattr);

  Class* property = c.property.get();
  vm.def_method(property, "getter", property_getter);
  vm.def_method(property, "setter", property_setter);
  vm.def_method(property, "deleter", property_deleter);
  def_property(vm, property, "fget", property_fget);
  def_property(vm, property, "fset", property_fset);
  def_property(vm, property, "fdel", property_fdel);
  def_property(vm, c.staticmethod.get(), "__func__", wrapped_func);
  def_property(vm, c.classmethod.get(), "__func__", wrapped_func);
}

// ---- exceptions ---------------------------------------------------------------------

namespace {

ExceptionObject* exc_self(Vm& vm, Args& args, const char* what) {
  if (args.n < 1 || !args[0].is_kind(ObjKind::Exception)) {
    self_error(vm, what, "BaseException", args.n ? args[0] : Value::none());
    return nullptr;
  }
  return args[0].as<ExceptionObject>();
}

Value exc_init(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "__init__");
  if (!e) return Value();
  if (args.nkw() > 0) return vm.raisef(vm.exc.TypeError.get(), "{}() takes no keyword arguments", e->cls->name->str());
  e->args = make<Tuple>(std::vector<Value>(args.argv + 1, args.argv + args.n));
  return Value::none();
}

// str(exc) for BaseException: "", str(arg) or str(args).
Value exc_str(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "__str__");
  if (!e) return Value();
  Ref<Tuple> a = e->args;
  if (a->items.empty()) return Value(vm.str(""));
  if (a->items.size() == 1) return to_str(vm, a->items[0]);
  return to_str(vm, Value(a));
}

Value key_error_str(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "__str__");
  if (!e) return Value();
  Ref<Tuple> a = e->args;
  // KeyError(k) shows repr(k), so that KeyError('') is not blank.
  if (a->items.size() == 1) return repr(vm, a->items[0]);
  return exc_str(vm, args);
}

Value os_error_str(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "__str__");
  if (!e) return Value();
  Ref<Tuple> a = e->args;
  if (a->items.size() == 2 || a->items.size() == 3) {
    std::string out = "[Errno ";
    if (!str_into(vm, a->items[0], out)) return Value();
    out += "] ";
    if (!str_into(vm, a->items[1], out)) return Value();
    if (a->items.size() == 3) {
      out += ": ";
      if (!repr_into(vm, a->items[2], out)) return Value();
    }
    return Value(vm.str(std::move(out)));
  }
  return exc_str(vm, args);
}

Value exc_repr(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "__repr__");
  if (!e) return Value();
  Ref<Tuple> a = e->args;
  std::string out = e->cls->name->str();
  if (a->items.size() == 1) {
    out += '(';
    if (!repr_into(vm, a->items[0], out)) return Value();
    out += ')';
  } else if (!repr_into(vm, Value(a), out)) {
    return Value();
  }
  return Value(vm.str(std::move(out)));
}

Value exc_with_traceback(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "with_traceback");
  if (!e) return Value();
  if (!check_args(vm, args, "with_traceback", 2, 2)) return Value();
  return args[0];
}

Value exc_get_args(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "args");
  if (!e) return Value();
  return Value(e->args);
}

Value exc_set_args(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "args");
  if (!e || args.n < 2) return Value();
  std::vector<Value> items;
  if (!collect(vm, args[1], items)) return Value();
  e->args = make<Tuple>(std::move(items));
  return Value::none();
}

Value exc_get_cause(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "__cause__");
  if (!e) return Value();
  return e->cause.is_null() ? Value::none() : e->cause;
}

Value exc_set_cause(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "__cause__");
  if (!e || args.n < 2) return Value();
  if (!args[1].is_none() && !args[1].is_kind(ObjKind::Exception))
    return vm.raise(vm.exc.TypeError.get(), "exception cause must be None or derive from BaseException");
  e->cause = args[1].is_none() ? Value() : args[1];
  e->suppress_context = true;
  return Value::none();
}

Value exc_get_context(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "__context__");
  if (!e) return Value();
  return e->context.is_null() ? Value::none() : e->context;
}

Value exc_set_context(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "__context__");
  if (!e || args.n < 2) return Value();
  if (!args[1].is_none() && !args[1].is_kind(ObjKind::Exception))
    return vm.raise(vm.exc.TypeError.get(), "exception context must be None or derive from BaseException");
  e->context = args[1].is_none() ? Value() : args[1];
  return Value::none();
}

Value exc_get_suppress(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "__suppress_context__");
  if (!e) return Value();
  return Value::boolean(e->suppress_context);
}

Value exc_set_suppress(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "__suppress_context__");
  if (!e || args.n < 2) return Value();
  int t = truthy(vm, args[1]);
  if (t < 0) return Value();
  e->suppress_context = t;
  return Value::none();
}

Value exc_get_traceback(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "__traceback__");
  if (!e) return Value();
  return make_traceback(vm, e);
}

Value exc_set_traceback(Vm& vm, Args& args) {
  if (!exc_self(vm, args, "__traceback__")) return Value();
  return Value::none();
}

Value arg_or_none(Vm& vm, Args& args, const char* what, size_t i) {
  ExceptionObject* e = exc_self(vm, args, what);
  if (!e) return Value();
  return e->args->items.size() > i ? e->args->items[i] : Value::none();
}

Value stop_iteration_value(Vm& vm, Args& args) { return arg_or_none(vm, args, "value", 0); }

Value system_exit_code(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "code");
  if (!e) return Value();
  const auto& a = e->args->items;
  if (a.empty()) return Value::none();
  if (a.size() == 1) return a[0];
  return Value(e->args);
}

Value os_error_errno(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "errno");
  if (!e) return Value();
  return e->args->items.size() >= 2 ? e->args->items[0] : Value::none();
}

Value os_error_strerror(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "strerror");
  if (!e) return Value();
  return e->args->items.size() >= 2 ? e->args->items[1] : Value::none();
}

Value os_error_filename(Vm& vm, Args& args) {
  ExceptionObject* e = exc_self(vm, args, "filename");
  if (!e) return Value();
  return e->args->items.size() >= 3 ? e->args->items[2] : Value::none();
}

Value name_error_name(Vm& vm, Args& args) {
  if (!exc_self(vm, args, "name")) return Value();
  return Value::none();
}

}  // namespace

void install_exceptions(Vm& vm) {
  ExceptionClasses& e = vm.exc;
  auto make_exc = [&](Ref<Class>& slot, const char* name, const Ref<Class>& base) {
    slot = vm.new_class(name, base, ObjKind::Exception, true);
    vm.add_builtin(name, Value(slot));
  };
  make_exc(e.BaseException, "BaseException", vm.cls.object);
  make_exc(e.SystemExit, "SystemExit", e.BaseException);
  make_exc(e.KeyboardInterrupt, "KeyboardInterrupt", e.BaseException);
  // Stackless: a builtin subclass of SystemExit, so `except Exception`
  // does not catch a kill.
  make_exc(e.TaskletExit, "TaskletExit", e.SystemExit);
  make_exc(e.GeneratorExit, "GeneratorExit", e.BaseException);
  make_exc(e.Exception, "Exception", e.BaseException);
  make_exc(e.StopIteration, "StopIteration", e.Exception);
  make_exc(e.ArithmeticError, "ArithmeticError", e.Exception);
  make_exc(e.ZeroDivisionError, "ZeroDivisionError", e.ArithmeticError);
  make_exc(e.OverflowError, "OverflowError", e.ArithmeticError);
  make_exc(e.AssertionError, "AssertionError", e.Exception);
  make_exc(e.AttributeError, "AttributeError", e.Exception);
  make_exc(e.LookupError, "LookupError", e.Exception);
  make_exc(e.IndexError, "IndexError", e.LookupError);
  make_exc(e.KeyError, "KeyError", e.LookupError);
  make_exc(e.NameError, "NameError", e.Exception);
  make_exc(e.UnboundLocalError, "UnboundLocalError", e.NameError);
  make_exc(e.RuntimeError, "RuntimeError", e.Exception);
  make_exc(e.RecursionError, "RecursionError", e.RuntimeError);
  make_exc(e.NotImplementedError, "NotImplementedError", e.RuntimeError);
  make_exc(e.TypeError, "TypeError", e.Exception);
  make_exc(e.ValueError, "ValueError", e.Exception);
  make_exc(e.UnicodeError, "UnicodeError", e.ValueError);
  make_exc(e.ImportError, "ImportError", e.Exception);
  make_exc(e.ModuleNotFoundError, "ModuleNotFoundError", e.ImportError);
  make_exc(e.OSError, "OSError", e.Exception);
  make_exc(e.FileNotFoundError, "FileNotFoundError", e.OSError);
  make_exc(e.EOFError, "EOFError", e.Exception);
  make_exc(e.MemoryError, "MemoryError", e.Exception);
  make_exc(e.SyntaxError, "SyntaxError", e.Exception);
  make_exc(e.IndentationError, "IndentationError", e.SyntaxError);
  vm.preallocated_memory_error = vm.new_exception(e.MemoryError.get(), {});
  // CPython's aliases of OSError.
  vm.add_builtin("IOError", Value(e.OSError));
  vm.add_builtin("EnvironmentError", Value(e.OSError));

  Class* base = e.BaseException.get();
  vm.def_method(base, "__init__", exc_init);
  vm.def_method(base, "__str__", exc_str);
  vm.def_method(base, "__repr__", exc_repr);
  vm.def_method(base, "with_traceback", exc_with_traceback);
  def_property(vm, base, "args", exc_get_args, exc_set_args);
  def_property(vm, base, "__cause__", exc_get_cause, exc_set_cause);
  def_property(vm, base, "__context__", exc_get_context, exc_set_context);
  def_property(vm, base, "__suppress_context__", exc_get_suppress, exc_set_suppress);
  def_property(vm, base, "__traceback__", exc_get_traceback, exc_set_traceback);
  vm.def_method(e.KeyError.get(), "__str__", key_error_str);
  vm.def_method(e.OSError.get(), "__str__", os_error_str);
  def_property(vm, e.StopIteration.get(), "value", stop_iteration_value);
  def_property(vm, e.SystemExit.get(), "code", system_exit_code);
  def_property(vm, e.OSError.get(), "errno", os_error_errno);
  def_property(vm, e.OSError.get(), "strerror", os_error_strerror);
  def_property(vm, e.OSError.get(), "filename", os_error_filename);
  def_property(vm, e.NameError.get(), "name", name_error_name);
}

bool check_no_keywords(Vm& vm, Args& args, std::string_view fname) {
  if (args.nkw() == 0) return true;
  vm.raisef(vm.exc.TypeError.get(), "{}() takes no keyword arguments", fname);
  return false;
}

bool check_count(Vm& vm, Args& args, std::string_view fname, int min, int max) {
  if (!check_no_keywords(vm, args, fname)) return false;
  if (args.n >= min && args.n <= max) return true;
  if (min == max)
    vm.raisef(vm.exc.TypeError.get(), "{} expected {} argument{}, got {}", fname, min, min == 1 ? "" : "s", args.n);
  else if (args.n < min)
    vm.raisef(vm.exc.TypeError.get(), "{} expected at least {} argument{}, got {}", fname, min, min == 1 ? "" : "s",
              args.n);
  else
    vm.raisef(vm.exc.TypeError.get(), "{} expected at most {} argument{}, got {}", fname, max, max == 1 ? "" : "s",
              args.n);
  return false;
}

}  // namespace spindle
