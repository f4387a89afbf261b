// libFuzzer target for the pickle loader (docs/pickle-format.md, "Golden
// documents and fuzzing"). Each input is JSON text handed to load_text with
// the default limits in a fresh Vm; a refused document must leave exactly
// one pending UnpicklingError (or MemoryError) and nothing else behind. A
// document that loads is pickled again, and that pickle must load too: what
// the loader accepts the pickler must be able to write back, and the loader
// must accept what the pickler writes.
//
// Findings are crashes, sanitizer reports (ASan, UBSan, LeakSanitizer at the
// end of each input: the Vm is destroyed, so anything still allocated is a
// leak), timeouts and allocations over -rss_limit_mb / -malloc_limit_mb.
//
// Reference cycles are not collected (README): a document that loads may
// legitimately be a cyclic value, which would outlive its Vm. After a
// successful load the harness therefore takes apart everything reachable
// from the root (cut_graph) before the Vm goes; objects the loader made
// that are unreachable from the root, and everything a refused document
// made, are still reported if they leak.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/code.hpp"
#include "core/ops.hpp"
#include "core/tasklet.hpp"
#include "pickling/pickle.hpp"
#include "spindle/vm.hpp"

namespace {

using spindle::Value;
using spindle::Vm;
namespace pk = spindle::pickling;

[[noreturn]] void fail(const char* what, Vm& vm) {
  std::string msg;
  if (vm.has_error()) {
    auto e = vm.take_error();
    msg = e->cls->name->str() + ": " + spindle::exception_message(vm, e.get());
  }
  std::fprintf(stderr, "pickle_loads_fuzz: %s %s\n", what, msg.c_str());
  std::abort();
}

// A refused document raises UnpicklingError, or MemoryError when an
// allocation failed; nothing else may escape the loader.
void expect_refusal(Vm& vm, const char* stage) {
  if (!vm.has_error()) fail(stage, vm);
  auto e = vm.take_error();
  if (!e->cls->is_subclass_of(pk::error_class(vm, "UnpicklingError")) &&
      !e->cls->is_subclass_of(vm.exc.MemoryError.get())) {
    std::fprintf(stderr, "pickle_loads_fuzz: %s raised %s: %s\n", stage, e->cls->name->str().c_str(),
                 spindle::exception_message(vm, e.get()).c_str());
    std::abort();
  }
}

// Moves every reference `o` holds into `out` (objects the Vm owns, such as
// modules and builtin classes, are left alone).
void take_references(spindle::Object* o, std::vector<Value>& out) {
  using namespace spindle;
  auto take = [&](Value& v) {
    if (v.is_obj()) out.push_back(std::move(v));
    v = Value();
  };
  auto take_ref = [&](auto& r) {
    if (r) out.push_back(Value(std::move(r)));
    r.reset();
  };
  auto take_table = [&](HashTable& t) {
    for (auto& e : t.entries()) {
      take(e.key);
      take(e.value);
    }
    t.clear();
  };
  switch (o->kind()) {
    case ObjKind::List:
      for (Value& v : static_cast<List*>(o)->items) take(v);
      static_cast<List*>(o)->items.clear();
      break;
    case ObjKind::Tuple:
      for (Value& v : static_cast<Tuple*>(o)->items) take(v);
      static_cast<Tuple*>(o)->items.clear();
      break;
    case ObjKind::Dict: take_table(static_cast<Dict*>(o)->table); break;
    case ObjKind::Set:
    case ObjKind::FrozenSet: take_table(static_cast<Set*>(o)->table); break;
    case ObjKind::Cell: take(static_cast<Cell*>(o)->value); break;
    case ObjKind::Slice: {
      auto* s = static_cast<Slice*>(o);
      take(s->start), take(s->stop), take(s->step);
      break;
    }
    case ObjKind::Function: {
      auto* f = static_cast<Function*>(o);
      if (f->code) out.push_back(Value(f->code));  // frames still read their code
      take_ref(f->defaults), take_ref(f->kwdefaults), take_ref(f->closure), take_ref(f->attrs);
      take(f->module_name);
      break;
    }
    case ObjKind::Code:
      for (Value& v : static_cast<Code*>(o)->consts) take(v);
      static_cast<Code*>(o)->consts.clear();
      break;
    case ObjKind::Class: {
      auto* c = static_cast<Class*>(o);
      if (c->is_builtin) break;
      if (c->base) out.push_back(Value(c->base));
      // Emptied, not dropped: the Vm clears the dicts of classes held by a
      // __class__ cell at teardown.
      if (c->dict) out.push_back(Value(c->dict));
      take(c->module_name);
      break;
    }
    case ObjKind::Instance:
      out.push_back(Value(static_cast<Instance*>(o)->cls));
      take_ref(static_cast<Instance*>(o)->dict);
      break;
    case ObjKind::Exception: {
      auto* e = static_cast<ExceptionObject*>(o);
      out.push_back(Value(e->cls));
      take_ref(e->dict);
      for (Value& v : e->args->items) take(v);
      e->args->items.clear();
      e->traceback.clear();
      take(e->cause), take(e->context);
      break;
    }
    case ObjKind::BoundMethod: {
      auto* b = static_cast<BoundMethod*>(o);
      take(b->func), take(b->self);
      break;
    }
    case ObjKind::Iterator: {
      auto* it = static_cast<Iterator*>(o);
      take(it->source), take(it->extra);
      for (Value& v : it->items) take(v);
      it->items.clear();
      break;
    }
    case ObjKind::Bomb: take_ref(static_cast<Bomb*>(o)->exc); break;
    case ObjKind::Generator: {
      auto* g = static_cast<Generator*>(o);
      if (g->frame) g->frame->generator = nullptr;
      take_ref(g->frame);
      take(g->own_exc), take(g->caller_exc);
      break;
    }
    case ObjKind::Frame: {
      auto* f = static_cast<Frame*>(o);
      if (f->func) out.push_back(Value(f->func));
      for (int i = 0; i < f->code->nlocals(); ++i) take(f->locals()[i]);
      for (int i = 0; i < f->code->ncells(); ++i) take(f->cells()[i]);
      for (uint32_t i = 0; i < f->sp; ++i) take(f->stack_base()[i]);
      take(f->aux), take(f->running_owner);
      take_ref(f->back);
      f->generator = nullptr;
      break;
    }
    case ObjKind::Tasklet: {
      auto* t = static_cast<Tasklet*>(o);
      take_ref(t->chain);
      take(t->tempval), take(t->func), take(t->args), take(t->kwargs), take(t->handled_exc);
      break;
    }
    case ObjKind::Channel:
      for (Tasklet* t = static_cast<Channel*>(o)->head; t; t = t->chan_next) out.push_back(Value::object(t));
      break;
    default: break;
  }
}

// Takes apart the value graph reachable from v (see the top of the file).
void cut_graph(Value v) {
  std::vector<Value> work;
  if (v.is_obj()) work.push_back(std::move(v));
  while (!work.empty()) {
    Value cur = std::move(work.back());
    work.pop_back();
    take_references(cur.as_obj(), work);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Vm vm;
  pk::UnpickleLimits limits;
  Value v = pk::load_text(vm, text, limits);
  if (v.is_null()) {
    expect_refusal(vm, "load refused without an UnpicklingError:");
    return 0;
  }
  if (vm.has_error()) fail("load returned a value with an error pending:", vm);
  // Round trip: dump what was loaded; a value the loader built may still be
  // unpicklable (an unbound local in a suspended frame is fine, but e.g. a
  // tasklet that the document says is running is not), so a PicklingError
  // is allowed. Whatever the pickler writes must load again.
  nlohmann::json doc;
  if (!pk::dump(vm, v, &doc)) {
    if (!vm.has_error()) fail("dump failed without an error", vm);
    auto e = vm.take_error();
    if (!e->cls->is_subclass_of(pk::error_class(vm, "PicklingError")) &&
        !e->cls->is_subclass_of(vm.exc.RuntimeError.get())) {
      std::fprintf(stderr, "pickle_loads_fuzz: dump of a loaded value raised %s: %s\n", e->cls->name->str().c_str(),
                   spindle::exception_message(vm, e.get()).c_str());
      std::abort();
    }
    cut_graph(std::move(v));
    return 0;
  }
  std::string again = doc.dump();
  Value w = pk::load_text(vm, again, limits);
  if (w.is_null()) {
    std::fprintf(stderr, "pickle_loads_fuzz: the loader refuses what the pickler wrote:\n%s\n", again.c_str());
    fail("reload:", vm);
  }
  cut_graph(std::move(w));
  cut_graph(std::move(v));
  return 0;
}
