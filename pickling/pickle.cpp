// The pickler and the loader (docs/pickle-format.md). Both walk the object
// graph with explicit work lists, never by C++ recursion, so a deep or
// hostile graph cannot exhaust the C stack.
#include "pickling/pickle.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "core/code.hpp"
#include "core/ops.hpp"
#include "core/tasklet.hpp"
#include "scheduler/scheduler.hpp"

namespace spindle::pickling {

using json = nlohmann::json;

namespace {

// Names of builtin objects (functions, classes, constants, methods of
// builtin classes, members of built-in modules) and of the host's registered
// permanents, for both directions.
struct Permanents {
  struct Name {
    std::string name;
    bool host;  // registered by the host: tagged "native", else "builtin"
  };
  std::unordered_map<const Object*, Name> names;

  explicit Permanents(Vm& vm) {
    for (const auto& e : vm.builtins()->table.entries()) {
      if (e.key.is_null() || !e.value.is_obj()) continue;
      add_with_methods(e.value, e.key.as<Str>()->str());
    }
    for (const auto& e : vm.modules()->table.entries()) {
      if (e.key.is_null() || !e.value.is_kind(ObjKind::Module)) continue;
      Module* m = e.value.as<Module>();
      if (!m->filename.empty()) continue;  // script modules go by reference
      for (const auto& me : m->dict->table.entries()) {
        if (me.key.is_null() || !me.value.is_obj() || me.value.is_kind(ObjKind::Module)) continue;
        add_with_methods(me.value, m->name->str() + "." + me.key.as<Str>()->str());
      }
    }
    // After the builtins: a builtin keeps its own name even if the host
    // registers it too.
    for (const auto& [name, value] : vm.permanents)
      if (value.is_obj()) add(value.as_obj(), name, true);
  }
  // A builtin class's methods are `list.append`, `stackless.channel.send`:
  // a call like `log.append(ch.receive())` holds one on the stack.
  void add_with_methods(const Value& v, const std::string& name) {
    add(v.as_obj(), name, false);
    if (!v.is_kind(ObjKind::Class) || !v.as<Class>()->is_builtin) return;
    for (const auto& ce : v.as<Class>()->dict->table.entries())
      if (!ce.key.is_null() && ce.value.is_obj() && ce.key.is_kind(ObjKind::Str))
        add(ce.value.as_obj(), name + "." + ce.key.as<Str>()->str(), false);
  }
  void add(const Object* o, std::string name, bool host) { names.emplace(o, Name{std::move(name), host}); }
  const Name* find(const Object* o) const {
    auto it = names.find(o);
    return it == names.end() ? nullptr : &it->second;
  }
};

// Building the name table walks every builtin, module member and builtin
// class method (about 25 us); a Vm keeps the last one while nothing it was
// built from has changed. The signature covers what can change: the
// builtins, the built-in modules' members and the host's permanents
// (builtin classes' dicts are fixed).
uint64_t permanents_signature(Vm& vm) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const void* p) {
    h ^= reinterpret_cast<uintptr_t>(p);
    h *= 1099511628211ull;
  };
  auto mix_dict = [&](Dict* d) {
    for (const auto& e : d->table.entries()) {
      mix(e.key.is_obj() ? e.key.as_obj() : nullptr);
      mix(e.value.is_obj() ? e.value.as_obj() : nullptr);
    }
  };
  mix_dict(vm.builtins());
  for (const auto& e : vm.modules()->table.entries()) {
    if (e.key.is_null() || !e.value.is_kind(ObjKind::Module)) continue;
    Module* m = e.value.as<Module>();
    mix(m);
    if (m->filename.empty()) mix_dict(m->dict.get());
  }
  for (const auto& [name, value] : vm.permanents) {
    mix(reinterpret_cast<const void*>(std::hash<std::string>{}(name)));
    mix(value.is_obj() ? value.as_obj() : nullptr);
  }
  return h;
}

struct PermanentsCache {
  uint64_t signature;
  std::shared_ptr<const Permanents> permanents;
};

std::shared_ptr<const Permanents> permanents_for(Vm& vm) {
  uint64_t sig = permanents_signature(vm);
  auto* cache = static_cast<PermanentsCache*>(vm.pickle_cache.get());
  if (cache && cache->signature == sig) return cache->permanents;
  auto made = std::make_shared<const Permanents>(vm);
  vm.pickle_cache = std::make_shared<PermanentsCache>(PermanentsCache{sig, made});
  return made;
}

// ---- pickling ---------------------------------------------------------------------------

class Pickler {
 public:
  explicit Pickler(Vm& vm) : vm_(vm), permanents_holder_(permanents_for(vm)), permanents_(*permanents_holder_) {}

  bool run(const Value& root, json* out) {
    json r = value(root, "root");
    size_t filled = 0;
    do {
      // Records are filled in discovery order; filling may discover more.
      for (; filled < order_.size() && !failed_; ++filled) {
        json rec;
        current_ = static_cast<int>(filled);
        fill(order_[filled].get(), "", &rec);
        current_ = -1;
        objects_[filled] = std::move(rec);
      }
      // Globals the carried code names may discover more objects and code.
    } while (!failed_ && add_module_globals());
    if (failed_) return false;
    for (ScriptModule& sm : script_modules_) objects_[sm.id]["globals"] = std::move(sm.globals);
    *out = json{{"format", "spindle-pickle"}, {"version", kFormatVersion}, {"bytecode", kBytecodeVersion},
                {"codes", std::move(codes_)},  {"objects", std::move(objects_)}, {"root", std::move(r)}};
    return true;
  }

 private:
  // `path` continues the path of the record being filled (current_).
  void fail(const std::string& path, const std::string& what) {
    if (failed_) return;
    failed_ = true;
    vm_.raise(error_class(vm_, "PicklingError"), fmt::format("cannot pickle {}: {}{}", what, full_path(current_), path));
  }

  // Paths are kept as each record's step from the record that found it, and
  // spelled out only for an error: a chain of a million objects must not
  // store a million ever longer strings.
  std::string full_path(int id) const {
    std::vector<const std::string*> steps;
    for (; id >= 0; id = parent_[static_cast<size_t>(id)]) steps.push_back(&step_[static_cast<size_t>(id)]);
    std::string out;
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) out += **it;
    return out;
  }

  // A script module travels by reference (name and source hash) plus the
  // globals that the code in the document names: a process that does not
  // have the script gets them (docs/pickle-format.md, "Modules"). Returns
  // true if that pickled anything new.
  bool add_module_globals() {
    size_t before = order_.size(), codes_before = code_objs_.size();
    for (; codes_scanned_ < code_objs_.size(); ++codes_scanned_) {
      const Code* c = code_objs_[codes_scanned_];
      for (uint32_t word : c->code) {
        Op op = decode_op(word);
        if (op == Op::LOAD_GLOBAL || op == Op::STORE_GLOBAL || op == Op::DELETE_GLOBAL || op == Op::LOAD_NAME ||
            op == Op::STORE_NAME || op == Op::DELETE_NAME) {
          uint32_t i = decode_arg(word);
          if (i < c->names.size() && global_names_seen_.insert(c->names[i].get()).second)
            global_names_.push_back(c->names[i].get());
        }
      }
    }
    for (size_t m = 0; m < script_modules_.size() && !failed_; ++m) {
      for (Str* name : global_names_) {
        ScriptModule& sm = script_modules_[m];  // value() may grow script_modules_
        if (!sm.done.insert(name).second) continue;
        Value v = dict_get_str(sm.module->dict.get(), name);
        if (v.is_null() || !is_definition(v, 0)) continue;
        std::string path = fmt::format("module {} > global '{}'", sm.module->name->str(), name->str());
        json item = json::array({name->str(), value(v, path)});
        script_modules_[m].globals.push_back(std::move(item));
      }
    }
    return order_.size() != before || code_objs_.size() != codes_before;
  }

  // Which globals travel: definitions (functions, classes, modules) and
  // immutable constants. Mutable module state (lists, dicts, instances,
  // channels, tasklets) belongs to the process: carrying it would copy state
  // that other workflows share, and a global channel would drag every
  // tasklet blocked on it into each workflow's pickle.
  bool is_definition(const Value& v, int depth) const {
    if (!v.is_obj()) return true;
    if (permanents_.find(v.as_obj())) return true;
    switch (v.as_obj()->kind()) {
      case ObjKind::Function:
      case ObjKind::Class:
      case ObjKind::Module:
      case ObjKind::Str:
      case ObjKind::Range:
        return true;
      case ObjKind::Tuple:
        if (depth >= 8) return false;
        for (const Value& item : v.as<Tuple>()->items)
          if (!is_definition(item, depth + 1)) return false;
        return true;
      case ObjKind::FrozenSet:
        if (depth >= 8) return false;
        for (const auto& e : v.as<Set>()->table.entries())
          if (!e.key.is_null() && !is_definition(e.key, depth + 1)) return false;
        return true;
      default:
        return false;
    }
  }

  json ref(Object* o, const std::string& path) {
    auto it = ids_.find(o);
    if (it != ids_.end()) return json{{"ref", it->second}};
    int id = static_cast<int>(order_.size());
    ids_.emplace(o, id);
    order_.emplace_back(o);
    parent_.push_back(current_);
    step_.push_back(path);
    objects_.push_back(nullptr);
    return json{{"ref", id}};
  }

  json value(const Value& v, const std::string& path) {
    switch (v.tag()) {
      case Tag::Null:
        fail(path, "an unbound value");
        return nullptr;
      case Tag::None:
        return nullptr;
      case Tag::Bool:
        return v.as_bool();
      case Tag::Int:
        return v.as_int();
      case Tag::Float: {
        double d = v.as_float();
        if (std::isnan(d)) return json{{"float", "nan"}};
        if (std::isinf(d)) return json{{"float", d > 0 ? "inf" : "-inf"}};
        if (d == 0 && std::signbit(d)) return json{{"float", "-0.0"}};
        return d;
      }
      case Tag::Obj:
        break;
    }
    Object* o = v.as_obj();
    if (const Permanents::Name* p = permanents_.find(o)) return json{{p->host ? "native" : "builtin", p->name}};
    switch (o->kind()) {
      case ObjKind::Str:
        return static_cast<Str*>(o)->str();
      case ObjKind::Code:
        return json{{"code", code(static_cast<Code*>(o), path)}};
      case ObjKind::Module: {
        Module* m = static_cast<Module*>(o);
        if (m->filename.empty()) return json{{"module", m->name->str()}};
        return ref(o, path);
      }
      case ObjKind::Class:
        if (static_cast<Class*>(o)->is_builtin) {
          fail(path, fmt::format("builtin class '{}' (not registered)", static_cast<Class*>(o)->qualname));
          return nullptr;
        }
        return ref(o, path);
      case ObjKind::Tuple:
      case ObjKind::List:
      case ObjKind::Dict:
      case ObjKind::Set:
      case ObjKind::FrozenSet:
      case ObjKind::Cell:
      case ObjKind::Range:
      case ObjKind::Slice:
      case ObjKind::Function:
      case ObjKind::Instance:
      case ObjKind::Exception:
      case ObjKind::BoundMethod:
        return ref(o, path);
      case ObjKind::Iterator:
        switch (static_cast<Iterator*>(o)->sub) {
          case IterKind::Seq:
          case IterKind::Str:
          case IterKind::Range:
          case IterKind::Enumerate:
          case IterKind::Zip:
          case IterKind::Map:
          case IterKind::Filter:
            return ref(o, path);
          default:
            fail(path, fmt::format("<{} object> (pickling it is not supported yet)", vm_.type_name(v)));
            return nullptr;
        }
      case ObjKind::Generator:
      case ObjKind::Frame:
      case ObjKind::Tasklet:
      case ObjKind::Channel:
      case ObjKind::Bomb:
        return ref(o, path);
      case ObjKind::File: {
        File* f = static_cast<File*>(o);
        fail(path, fmt::format("<{} file '{}', mode '{}'> (a host may register it as a permanent)",
                               f->closed ? "closed" : "open", f->name, f->mode));
        return nullptr;
      }
      case ObjKind::NativeFunction:
        fail(path, fmt::format("<native function {}> (register it as a permanent)",
                               static_cast<NativeFunction*>(o)->name));
        return nullptr;
      default:
        fail(path, fmt::format("<{} object> (pickling it is not supported yet)", vm_.type_name(v)));
        return nullptr;
    }
  }

  json values(const std::vector<Value>& items, const std::string& path) {
    json a = json::array();
    for (size_t i = 0; i < items.size() && !failed_; ++i)
      a.push_back(value(items[i], fmt::format("{} > [{}]", path, i)));
    return a;
  }

  json dict_items(Dict* d, const std::string& path) {
    json a = json::array();
    for (const auto& e : d->table.entries()) {
      if (e.key.is_null()) continue;
      std::string kp = path + " > key";
      json k = value(e.key, kp);
      std::string vp = e.key.is_kind(ObjKind::Str) ? fmt::format("{} > '{}'", path, e.key.as<Str>()->str())
                                                    : path + " > value";
      a.push_back(json::array({std::move(k), value(e.value, vp)}));
      if (failed_) break;
    }
    return a;
  }

  static json names(const std::vector<Ref<Str>>& v) {
    json a = json::array();
    for (const auto& s : v) a.push_back(s->str());
    return a;
  }

  int code(Code* c, const std::string& path) {
    auto it = code_ids_.find(c);
    if (it != code_ids_.end()) return it->second;
    int id = static_cast<int>(codes_.size());
    code_ids_.emplace(c, id);
    codes_.push_back(nullptr);
    code_objs_.push_back(c);
    std::string where = fmt::format("{} > code {} ({}:{})", path, c->qualname, c->filename, c->firstlineno);
    json lines = json::array(), handlers = json::array();
    for (const auto& l : c->lines) lines.push_back({l.pc, l.line});
    for (const auto& h : c->handlers) handlers.push_back({h.start, h.end, h.target, h.depth});
    json rec = {{"file", c->filename},
                {"hash", c->source_hash},
                {"name", c->name},
                {"qualname", c->qualname},
                {"firstlineno", c->firstlineno},
                {"argcount", c->argcount},
                {"posonly", c->posonlyargcount},
                {"kwonly", c->kwonlyargcount},
                {"flags", c->flags},
                {"max_stack", c->max_stack},
                {"varnames", names(c->varnames)},
                {"cellvars", names(c->cellvars)},
                {"freevars", names(c->freevars)},
                {"cell_param", c->cell_param},
                {"names", names(c->names)},
                {"consts", values(c->consts, where + " > consts")},
                {"code", c->code},
                {"lines", std::move(lines)},
                {"handlers", std::move(handlers)}};
    codes_[id] = std::move(rec);
    return id;
  }

  void fill(Object* o, const std::string& path, json* out) {
    json& r = *out;
    switch (o->kind()) {
      case ObjKind::Tuple:
        r = {{"t", "tuple"}, {"items", values(static_cast<Tuple*>(o)->items, path)}};
        return;
      case ObjKind::List:
        r = {{"t", "list"}, {"items", values(static_cast<List*>(o)->items, path)}};
        return;
      case ObjKind::Set:
      case ObjKind::FrozenSet: {
        json a = json::array();
        for (const auto& e : static_cast<Set*>(o)->table.entries())
          if (!e.key.is_null()) a.push_back(value(e.key, path + " > item"));
        r = {{"t", o->kind() == ObjKind::Set ? "set" : "frozenset"}, {"items", std::move(a)}};
        return;
      }
      case ObjKind::Dict:
        r = {{"t", "dict"}, {"items", dict_items(static_cast<Dict*>(o), path)}};
        return;
      case ObjKind::Cell: {
        Cell* c = static_cast<Cell*>(o);
        r = {{"t", "cell"}};
        if (!c->value.is_null()) r["value"] = value(c->value, path + " > cell");
        return;
      }
      case ObjKind::Range: {
        Range* g = static_cast<Range*>(o);
        r = {{"t", "range"}, {"start", g->start}, {"stop", g->stop}, {"step", g->step}};
        return;
      }
      case ObjKind::Slice: {
        Slice* s = static_cast<Slice*>(o);
        r = {{"t", "slice"},
             {"start", value(s->start, path)},
             {"stop", value(s->stop, path)},
             {"step", value(s->step, path)}};
        return;
      }
      case ObjKind::Module: {
        Module* m = static_cast<Module*>(o);
        r = {{"t", "module"}, {"name", m->name->str()}, {"hash", m->source_hash}, {"file", m->filename}};
        script_modules_.push_back({m, ids_.at(o), json::array(), {}});
        return;
      }
      case ObjKind::Function: {
        Function* f = static_cast<Function*>(o);
        std::string fp = fmt::format("{} > function {}", path, f->qualname->str());
        Value module = dict_get_str(f->globals.get(), vm_.names.__name__);
        Value mod_obj = module.is_kind(ObjKind::Str) ? dict_get_str(vm_.modules(), module.as<Str>()) : Value();
        for (const Ref<Module>& dm : vm_.detached_modules)
          if (dm->dict.get() == f->globals.get()) mod_obj = Value(dm);
        if (!mod_obj.is_kind(ObjKind::Module) || mod_obj.as<Module>()->dict.get() != f->globals.get()) {
          fail(fp, "a function whose globals are not a loaded module's");
          return;
        }
        r = {{"t", "function"},
             {"code", code(f->code.get(), fp)},
             {"globals", value(mod_obj, fp + " > globals")},
             {"name", f->name->str()},
             {"qualname", f->qualname->str()},
             {"module", value(f->module_name.is_null() ? Value::none() : f->module_name, fp)},
             {"defaults", f->defaults ? value(Value(f->defaults), fp + " > defaults") : json(nullptr)},
             {"kwdefaults", f->kwdefaults ? value(Value(f->kwdefaults), fp + " > kwdefaults") : json(nullptr)},
             {"closure", f->closure ? value(Value(f->closure), fp + " > closure") : json(nullptr)},
             {"attrs", f->attrs ? value(Value(f->attrs), fp + " > attrs") : json(nullptr)}};
        return;
      }
      case ObjKind::Class: {
        Class* c = static_cast<Class*>(o);
        std::string cp = fmt::format("{} > class {}", path, c->qualname);
        r = {{"t", "class"},
             {"name", c->name->str()},
             {"qualname", c->qualname},
             {"module", value(c->module_name.is_null() ? Value::none() : c->module_name, cp)},
             {"base", c->base ? value(Value(c->base), cp + " > base") : json(nullptr)},
             {"dict", value(Value(c->dict), cp)}};
        return;
      }
      case ObjKind::Instance: {
        Instance* i = static_cast<Instance*>(o);
        std::string ip = fmt::format("{} > {} instance", path, i->cls->qualname);
        r = {{"t", "instance"}, {"class", value(Value(i->cls), ip)}, {"dict", value(Value(i->dict), ip)}};
        return;
      }
      case ObjKind::Exception: {
        ExceptionObject* e = static_cast<ExceptionObject*>(o);
        std::string ep = fmt::format("{} > {}", path, e->cls->qualname);
        json tb = json::array();
        for (const auto& t : e->traceback) tb.push_back({code(t.code.get(), ep + " > traceback"), t.line});
        r = {{"t", "exception"},
             {"class", value(Value(e->cls), ep)},
             {"args", value(Value(e->args), ep + " > args")},
             {"dict", value(Value(e->dict), ep)},
             {"cause", e->cause.is_null() ? json(nullptr) : value(e->cause, ep + " > __cause__")},
             {"context", e->context.is_null() ? json(nullptr) : value(e->context, ep + " > __context__")},
             {"suppress_context", e->suppress_context},
             {"traceback", std::move(tb)}};
        return;
      }
      case ObjKind::BoundMethod: {
        BoundMethod* b = static_cast<BoundMethod*>(o);
        r = {{"t", "method"}, {"func", value(b->func, path + " > method")}, {"self", value(b->self, path + " > self")}};
        return;
      }
      case ObjKind::Generator: {
        Generator* g = static_cast<Generator*>(o);
        std::string gp = fmt::format("{} > generator {}", path, g->qualname ? g->qualname->str() : "?");
        r = {{"t", "generator"},
             {"frame", g->frame ? value(Value(g->frame), gp) : json(nullptr)},
             {"name", g->name ? g->name->str() : ""},
             {"qualname", g->qualname ? g->qualname->str() : ""},
             {"started", g->started},
             {"running", g->running},
             {"resumed_by_opcode", g->resumed_by_opcode},
             {"own_exc", g->own_exc.is_null() ? json(nullptr) : value(g->own_exc, gp + " > exception")},
             {"caller_exc", g->caller_exc.is_null() ? json(nullptr) : value(g->caller_exc, gp + " > exception")}};
        return;
      }
      case ObjKind::Frame:
        fill_frame(static_cast<Frame*>(o), path, &r);
        return;
      case ObjKind::Tasklet:
        fill_tasklet(static_cast<Tasklet*>(o), path, &r);
        return;
      case ObjKind::Channel: {
        Channel* c = static_cast<Channel*>(o);
        json q = json::array();
        for (Tasklet* t = c->head; t && !failed_; t = t->chan_next)
          q.push_back(value(Value::object(t), path + " > channel queue"));
        r = {{"t", "channel"},
             {"balance", c->balance},
             {"preference", c->preference},
             {"schedule_all", c->schedule_all},
             {"closing", c->closing},
             {"queue", std::move(q)}};
        return;
      }
      case ObjKind::Iterator: {
        Iterator* it = static_cast<Iterator*>(o);
        static const char* const kinds[] = {"seq", "str", "range", "", "", "", "", "", "enumerate", "zip", "map", "filter"};
        std::string ip = path + " > iterator";
        r = {{"t", "iterator"},
             {"kind", kinds[static_cast<int>(it->sub)]},
             {"source", it->source.is_null() ? json(nullptr) : value(it->source, ip)},
             {"extra", it->extra.is_null() ? json(nullptr) : value(it->extra, ip)},
             {"items", values(it->items, ip)},
             {"index", it->index},
             {"end", it->end},
             {"step", it->step},
             {"exhausted", it->exhausted}};
        return;
      }
      case ObjKind::Bomb:
        r = {{"t", "bomb"}, {"exception", value(Value(static_cast<Bomb*>(o)->exc), path + " > bomb")}};
        return;
      default:
        fail(path, "an object of an unsupported kind");
        return;
    }
  }

  static const char* on_return_name(OnReturn m) {
    switch (m) {
      case OnReturn::Push: return "push";
      case OnReturn::Init: return "init";
      case OnReturn::Module: return "module";
      case OnReturn::IterNext: return "iternext";
    }
    return "push";
  }

  json slots(Value* v, uint32_t n, const std::string& path, const char* what) {
    json a = json::array();
    for (uint32_t i = 0; i < n && !failed_; ++i)
      a.push_back(v[i].is_null() ? json{{"null", true}} : value(v[i], fmt::format("{} > {} {}", path, what, i)));
    return a;
  }

  void fill_frame(Frame* f, const std::string& path, json* out) {
    if (f->cont) {
      const std::string* name = nullptr;
      for (const auto& c : vm_.continuations)
        if (c.second == f->cont) name = &c.first;
      if (!name) return fail(path, "a frame of a native continuation that is not registered");
      *out = {{"t", "frame"},
              {"continuation", *name},
              {"state", value(f->aux, path + " > continuation state")},
              {"on_return", on_return_name(f->on_return)},
              {"back", f->back ? value(Value(f->back), path) : json(nullptr)}};
      return;
    }
    std::string fp = fmt::format("{} > frame {} ({}:{})", path, f->code->qualname, f->code->filename, f->line());
    if (f->is_entry) return fail(fp, "a frame entered from native code");
    if (f->locals_dict) return fail(fp, "a class or module body frame");
    Code* c = f->code;
    json locals = json::array();
    for (int i = 0; i < c->nlocals() && !failed_; ++i)
      locals.push_back(f->locals()[i].is_null()
                           ? json{{"null", true}}
                           : value(f->locals()[i], fmt::format("{} > local '{}'", fp, c->varnames[i]->str())));
    *out = {{"t", "frame"},
            {"function", value(Value(f->func), fp)},
            {"pc", f->pc},
            {"stack", slots(f->stack_base(), f->sp, fp, "stack slot")},
            {"locals", std::move(locals)},
            {"cells", slots(f->cells(), static_cast<uint32_t>(c->ncells()), fp, "cell")},
            {"on_return", on_return_name(f->on_return)},
            {"aux", f->aux.is_null() ? json(nullptr) : value(f->aux, fp + " > aux")},
            {"generator", f->generator ? value(Value::object(f->generator), fp) : json(nullptr)},
            {"back", f->back ? value(Value(f->back), path) : json(nullptr)}};
  }

  // The native that frame `f` is running: f's pc is just after the
  // instruction that called it (Vm::reentry_frames). A call's callee is
  // still in the caller's stack slots while it runs.
  std::string native_called_at(Frame* f) {
    if (f && f->cont) {
      for (const auto& c : vm_.continuations)
        if (c.second == f->cont) return fmt::format("the native continuation {}", c.first);
      return "a native continuation";
    }
    if (!f || !f->code || f->pc == 0 || f->pc > f->code->code.size()) return "?";
    std::string where = fmt::format("in {} ({}:{})", f->code->qualname, f->code->filename, f->line());
    Op op = static_cast<Op>(f->code->code[f->pc - 1] & 0xff);
    if (op == Op::CALL || op == Op::CALL_KW || op == Op::CALL_EX) {
      Value* slot = f->stack_base() + f->sp;
      Value callee = slot[0].is_null() && f->sp + 1 < static_cast<uint32_t>(f->code->max_stack) ? slot[1] : slot[0];
      std::string name = "a native";
      if (callee.is_kind(ObjKind::NativeFunction))
        name = callee.as<NativeFunction>()->name + "()";
      else if (callee.is_kind(ObjKind::Class))
        name = callee.as<Class>()->qualname + "()";
      else if (!callee.is_null())
        name = fmt::format("a '{}' object called", vm_.type_name(callee));
      return fmt::format("{} {}", name, where);
    }
    if (op == Op::FOR_ITER && f->sp > 0)
      return fmt::format("the {} iterator of a for loop {}", vm_.type_name(f->stack_base()[f->sp - 1]), where);
    return fmt::format("the {} instruction {}", kOpInfo[static_cast<int>(op)].name, where);
  }

  void fill_tasklet(Tasklet* t, const std::string& path, json* out) {
    std::string tp = fmt::format("{} > tasklet {}", path, t->id);
    if (t == vm_.running.get() || (vm_.sched && t == vm_.sched->current))
      return fail(tp, "the running tasklet (pickle it from another tasklet)");
    if (t->hard) {
      std::string where = "?";
      if (Frame* f = t->hard->current_frame)
        where = fmt::format("{} ({}:{})", f->code->qualname, f->code->filename, f->line());
      std::string natives;
      for (Frame* f : t->hard->reentry_frames) natives += (natives.empty() ? "" : ", then ") + native_called_at(f);
      if (natives.empty()) natives = "?";
      return fail(tp, fmt::format("a tasklet blocked inside native code (nesting_level {}) in {}: native functions "
                                  "sit between its frames ({}), so it is not restorable",
                                  t->hard->nesting + (t->hard->native_depth > 1 ? 1 : 0), where, natives));
    }
    const char* resume = t->resume == Tasklet::Resume::Start   ? "start"
                         : t->resume == Tasklet::Resume::Value ? "value"
                                                               : "boundary";
    *out = {{"t", "tasklet"},
            {"alive", t->alive},
            {"chain", t->chain ? value(Value(t->chain), tp) : json(nullptr)},
            {"resume", resume},
            {"resume_mode", on_return_name(t->resume_mode)},
            {"tempval", t->tempval.is_null() ? json(nullptr) : value(t->tempval, tp + " > tempval")},
            {"func", t->func.is_null() ? json(nullptr) : value(t->func, tp + " > function")},
            {"args", t->args.is_null() ? json(nullptr) : value(t->args, tp + " > args")},
            {"kwargs", t->kwargs.is_null() ? json(nullptr) : value(t->kwargs, tp + " > kwargs")},
            {"handled_exc", t->handled_exc.is_null() ? json(nullptr) : value(t->handled_exc, tp + " > exception")},
            {"blocked", t->blocked},
            {"atomic", t->atomic},
            {"ignore_nesting", t->ignore_nesting},
            {"block_trap", t->block_trap}};
  }

  Vm& vm_;
  std::shared_ptr<const Permanents> permanents_holder_;
  const Permanents& permanents_;
  std::unordered_map<const Object*, int> ids_;
  std::vector<Ref<Object>> order_;
  struct ScriptModule {
    Module* module;
    int id;
    json globals;                       // [[name, VALUE], ...]
    std::unordered_set<const Str*> done;  // names already looked up
  };
  std::vector<ScriptModule> script_modules_;
  std::vector<const Code*> code_objs_;
  size_t codes_scanned_ = 0;
  // Names of globals the carried code uses, in order of first appearance
  // (the document must not depend on pointer values).
  std::vector<Str*> global_names_;
  std::unordered_set<const Str*> global_names_seen_;
  // Per object: the record being filled when it was found (-1: the root or
  // a module global) and the path from there.
  std::vector<int> parent_;
  std::vector<std::string> step_;
  int current_ = -1;
  std::unordered_map<const Code*, int> code_ids_;
  json objects_ = json::array();
  json codes_ = json::array();
  bool failed_ = false;
};

}  // namespace

bool dump(Vm& vm, const Value& root, json* out) {
  Pickler p(vm);
  return p.run(root, out);
}

}  // namespace spindle::pickling
