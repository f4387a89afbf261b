// The loader: trusts nothing. Every node is type-checked, every index range
// checked, every code object verified; errors name the node with a JSON
// Pointer. Objects are built off to the side and the VM is only touched
// (script modules created) once the whole document is known to be good.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <unordered_set>
#include <set>

#include "core/code.hpp"
#include "core/ops.hpp"
#include "core/tasklet.hpp"
#include "scheduler/scheduler.hpp"
#include "pickling/pickle.hpp"
#include "pickling/verify.hpp"

namespace spindle::pickling {

using json = nlohmann::json;

namespace {

// Thrown inside the loader only, caught at its boundary (load()).
struct Bad {
  std::string pointer, message;
};

[[noreturn]] void bad(const std::string& ptr, std::string msg) { throw Bad{ptr, std::move(msg)}; }

// A key as a JSON Pointer reference token (RFC 6901): ~ is ~0, / is ~1.
std::string token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

const char* json_type(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number";
    default: return "an unexpected value";
  }
}

class Loader {
 public:
  Loader(Vm& vm, const json& doc, const UnpickleOptions& options)
      : vm_(vm), doc_(doc), limits_(options.limits), allow_changed_code_(options.allow_changed_code) {}

  Value run() {
    if (!doc_.is_object()) bad("", fmt::format("expected a pickle document (an object), got {}", json_type(doc_)));
    for (auto it = doc_.begin(); it != doc_.end(); ++it) {
      const std::string& k = it.key();
      if (k != "format" && k != "version" && k != "bytecode" && k != "codes" && k != "objects" && k != "root")
        bad("/" + token(k), "unknown field");
    }
    const json& format = field(doc_, "", "format");
    if (!format.is_string() || format.get<std::string>() != "spindle-pickle")
      bad("/format", "not a Spindle pickle (expected \"spindle-pickle\")");
    int64_t version = integer(field(doc_, "", "version"), "/version");
    if (version != kFormatVersion)
      bad("/version", fmt::format("pickle format version {} is not supported (this Spindle reads version {})", version,
                                  kFormatVersion));
    int64_t bytecode = integer(field(doc_, "", "bytecode"), "/bytecode");
    if (bytecode != kBytecodeVersion)
      bad("/bytecode", fmt::format("bytecode version {} is not supported (this Spindle runs version {})", bytecode,
                                   kBytecodeVersion));
    check_permanents();
    const json& codes = array(field(doc_, "", "codes"), "/codes", limits_.codes, "codes");
    const json& objects = array(field(doc_, "", "objects"), "/objects", limits_.objects, "objects");
    // Shells first, so references can point anywhere.
    codes_.reserve(codes.size());
    for (size_t i = 0; i < codes.size(); ++i) codes_.push_back(make<Code>());
    objs_.reserve(objects.size());
    for (size_t i = 0; i < objects.size(); ++i) {
      objs_.push_back(shell(objects[i], fmt::format("/objects/{}", i)));
      if (objects[i]["t"] == "frame") frames_.insert(i);
      if (objs_.back().is_kind(ObjKind::Tuple)) tuple_ids_[objs_.back().as_obj()] = i;
      if (objs_.back().is_kind(ObjKind::FrozenSet)) frozenset_ids_[objs_.back().as_obj()] = i;
    }
    for (size_t i = 0; i < codes.size(); ++i) fill_code(codes[i], fmt::format("/codes/{}", i), codes_[i].get());
    fill_consts();
    // Tuples first: code constants (keyword-name tuples) must be complete
    // before the verifier looks at them.
    for (size_t i = 0; i < objects.size(); ++i)
      if (objs_[i].is_kind(ObjKind::Tuple)) fill(objects[i], fmt::format("/objects/{}", i), i);
    for (size_t i = 0; i < codes.size(); ++i) {
      std::string err;
      if (!verify_code(vm_, *codes_[i], &err)) bad(fmt::format("/codes/{}", i), "bytecode rejected: " + err);
      codes_[i]->compute_layout();
    }
    for (size_t i = 0; i < objects.size(); ++i) fill(objects[i], fmt::format("/objects/{}", i), i);
    for (const ChangedModule& cm : changed_modules_)
      bad(cm.ptr, fmt::format("module '{}' changed: the pickle was made with source {}, the loaded module has {}",
                              cm.module->name->str(), cm.pickled_hash, cm.module->source_hash));
    check_closures();
    check_iterator_loops();
    load_frames_and_tasklets(objects);
    Value root = decode(field(doc_, "", "root"), "/root");
    check_reachable(codes, objects);
    commit_modules();
    commit_links();
    commit_class_cells();
    return root;
  }

 private:
  // ---- JSON access with pointers ----------------------------------------------------------

  static const json& field(const json& obj, const std::string& ptr, const char* name) {
    auto it = obj.find(name);
    if (it == obj.end()) bad(ptr, fmt::format("missing field '{}'", name));
    return *it;
  }
  // Every record lists its fields: anything else is an error, so that a
  // misspelt or injected field cannot be silently ignored.
  static void check_fields(const json& obj, const std::string& ptr, std::initializer_list<const char*> allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || it.key() == a;
      if (!ok) bad(ptr + "/" + token(it.key()), "unknown field");
    }
  }
  static const json* optional(const json& obj, const char* name) {
    auto it = obj.find(name);
    return it == obj.end() ? nullptr : &*it;
  }
  static int64_t integer(const json& j, const std::string& ptr) {
    // is_number_integer() is also true for unsigned numbers: test those first
    // (get<int64_t>() would wrap 18446744073709551615 to -1).
    if (j.is_number_unsigned()) {
      uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        bad(ptr, fmt::format("integer {} is out of the int64 range", u));
      return static_cast<int64_t>(u);
    }
    if (j.is_number_integer()) return j.get<int64_t>();
    bad(ptr, fmt::format("expected an integer, got {}", json_type(j)));
  }
  static int64_t integer_in(const json& j, const std::string& ptr, int64_t lo, int64_t hi) {
    int64_t v = integer(j, ptr);
    if (v < lo || v > hi) bad(ptr, fmt::format("{} is out of range [{}, {}]", v, lo, hi));
    return v;
  }
  // `max` is the limit named `limit` in UnpickleLimits.
  const json& array(const json& j, const std::string& ptr, size_t max, const char* limit = "container_length") const {
    if (!j.is_array()) bad(ptr, fmt::format("expected an array, got {}", json_type(j)));
    if (j.size() > max) bad(ptr, fmt::format("{} entries exceed the {} limit of {}", j.size(), limit, max));
    return j;
  }
  std::string string(const json& j, const std::string& ptr) const {
    if (!j.is_string()) bad(ptr, fmt::format("expected a string, got {}", json_type(j)));
    const auto& s = j.get_ref<const std::string&>();
    if (s.size() > limits_.string_length)
      bad(ptr, fmt::format("a string of {} bytes exceeds the string_length limit of {}", s.size(), limits_.string_length));
    return s;
  }
  static bool boolean(const json& j, const std::string& ptr) {
    if (!j.is_boolean()) bad(ptr, fmt::format("expected a boolean, got {}", json_type(j)));
    return j.get<bool>();
  }

  // ---- values -----------------------------------------------------------------------------

  Value decode(const json& j, const std::string& ptr) {
    switch (j.type()) {
      case json::value_t::null: return Value::none();
      case json::value_t::boolean: return Value::boolean(j.get<bool>());
      case json::value_t::number_integer:
      case json::value_t::number_unsigned: return Value::integer(integer(j, ptr));
      case json::value_t::number_float: return Value::number(j.get<double>());
      case json::value_t::string: return Value(vm_.str(string(j, ptr)));
      case json::value_t::object: break;
      default: bad(ptr, fmt::format("expected a value, got {}", json_type(j)));
    }
    if (j.size() != 1) bad(ptr, "a tagged value has exactly one field");
    auto it = j.begin();
    const std::string& tag = it.key();
    const json& arg = it.value();
    std::string p = ptr + "/" + token(tag);
    if (tag == "ref") {
      size_t id = static_cast<size_t>(integer_in(arg, p, 0, static_cast<int64_t>(objs_.size()) - 1));
      if (frames_.count(id) && !frames_allowed_)
        bad(p, "a frame can only be referenced by a tasklet, a generator or another frame");
      return objs_[id];
    }
    if (tag == "code") return Value(codes_[static_cast<size_t>(integer_in(arg, p, 0, static_cast<int64_t>(codes_.size()) - 1))]);
    if (tag == "float") {
      std::string s = string(arg, p);
      if (s == "nan") return Value::number(std::nan(""));
      if (s == "inf") return Value::number(HUGE_VAL);
      if (s == "-inf") return Value::number(-HUGE_VAL);
      if (s == "-0.0") return Value::number(-0.0);
      bad(p, "expected nan, inf, -inf or -0.0");
    }
    if (tag == "builtin") return builtin(string(arg, p), p);
    if (tag == "native") {
      std::string name = string(arg, p);
      if (const Value* v = vm_.find_permanent(name)) return *v;
      bad(p, fmt::format("no permanent named '{}' is registered", name));
    }
    if (tag == "module") return builtin_module(string(arg, p), p);
    bad(p, fmt::format("unknown tag '{}'", tag));
  }

  Value builtin_module(const std::string& name, const std::string& p) {
    {
      Value m = dict_get_str(vm_.modules(), vm_.intern(name));
      if (!m.is_kind(ObjKind::Module)) {
        // Built-in modules are created on first import; one made here is
        // registered (commit_modules) only if the whole document loads.
        for (auto& pm : pending_modules_)
          if (pm.module->name->str() == name) return Value(pm.module);
        auto f = vm_.module_factories.find(name);
        if (f == vm_.module_factories.end()) bad(p, fmt::format("no built-in module '{}'", name));
        Ref<Module> made = f->second(vm_);
        pending_modules_.push_back({made, false});
        return Value(made);
      }
      return m;
    }
  }

  // A process resuming a pickle must provide every native and host object
  // it names: all missing names are reported at once, so that a host can fix
  // its registrations in one go. Tags are one-key objects, which only
  // values are (records have "t", dicts are lists of pairs).
  void check_permanents() {
    // A walk without pointers (it visits every node of the document); the
    // pointer of the first missing name is found only if there is one.
    std::vector<std::string> missing;
    std::unordered_set<std::string_view> checked;
    const json* first = nullptr;
    std::vector<const json*> work{&doc_};
    while (!work.empty()) {
      const json* j = work.back();
      work.pop_back();
      if (const std::string* name = permanent_tag(*j)) {
        if (checked.insert(*name).second && !permanent_exists(j->begin().key() == "native", *name)) {
          missing.push_back(fmt::format("'{}'", *name));
          if (!first) first = j;
        }
        continue;
      }
      // Children are pushed last first, so names are reported in document order.
      if (j->is_object()) {
        size_t start = work.size();
        for (auto it = j->begin(); it != j->end(); ++it) work.push_back(&it.value());
        std::reverse(work.begin() + static_cast<ptrdiff_t>(start), work.end());
      } else if (j->is_array()) {
        for (size_t i = j->size(); i-- > 0;) work.push_back(&(*j)[i]);
      }
    }
    if (missing.empty()) return;
    std::string list;
    for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
    bad(pointer_to(first) + "/" + first->begin().key(),
        fmt::format("{} native name{} not registered in this process: {}", missing.size(),
                    missing.size() == 1 ? " is" : "s are", list));
  }

  // The name in a `builtin` or `native` tag (a one-key object: only values
  // are, since records have "t" and dicts are lists of pairs).
  static const std::string* permanent_tag(const json& j) {
    if (!j.is_object() || j.size() != 1) return nullptr;
    auto it = j.begin();
    if (!it.value().is_string() || (it.key() != "native" && it.key() != "builtin")) return nullptr;
    return &it.value().get_ref<const std::string&>();
  }

  // The JSON Pointer of a node of the document (a search: errors only).
  std::string pointer_to(const json* target) const {
    std::vector<std::pair<const json*, std::string>> work{{&doc_, ""}};
    while (!work.empty()) {
      auto [j, ptr] = std::move(work.back());
      work.pop_back();
      if (j == target) return ptr;
      if (j->is_object()) {
        for (auto it = j->begin(); it != j->end(); ++it) work.emplace_back(&it.value(), ptr + "/" + token(it.key()));
      } else if (j->is_array()) {
        for (size_t i = 0; i < j->size(); ++i) work.emplace_back(&(*j)[i], fmt::format("{}/{}", ptr, i));
      }
    }
    return "";
  }

  bool permanent_exists(bool host, const std::string& name) {
    if (host) return vm_.find_permanent(name) != nullptr;
    // Members of builtin classes and modules are fixed by the Spindle
    // version; a missing member is reported when the value is decoded.
    std::string first = name.substr(0, name.find('.'));
    return !dict_get_str(vm_.builtins(), vm_.intern(first)).is_null() || vm_.module_factories.count(first) ||
           dict_get_str(vm_.modules(), vm_.intern(first)).is_kind(ObjKind::Module);
  }

  // `len`, `math.sqrt`, `list.append`, `stackless.channel.send`: a builtin
  // or built-in module, then members looked up in module and builtin class
  // dicts directly (no attribute protocol: loading runs no code).
  Value builtin(const std::string& name, const std::string& ptr) {
    size_t dot = name.find('.');
    std::string first = name.substr(0, dot);
    Value v = dict_get_str(vm_.builtins(), vm_.intern(first));
    if (v.is_null() && dot != std::string::npos) {
      auto f = vm_.module_factories.find(first);
      if (f != vm_.module_factories.end() || dict_get_str(vm_.modules(), vm_.intern(first)).is_kind(ObjKind::Module))
        v = builtin_module(first, ptr);
    }
    if (v.is_null()) bad(ptr, fmt::format("no builtin named '{}'", first));
    while (dot != std::string::npos) {
      size_t next = name.find('.', dot + 1);
      std::string attr = name.substr(dot + 1, next == std::string::npos ? std::string::npos : next - dot - 1);
      Dict* d = v.is_kind(ObjKind::Module)                                     ? v.as<Module>()->dict.get()
                : v.is_kind(ObjKind::Class) && v.as<Class>()->is_builtin ? v.as<Class>()->dict.get()
                                                                         : nullptr;
      Value member = d ? dict_get_str(d, vm_.intern(attr)) : Value();
      if (member.is_null()) bad(ptr, fmt::format("no builtin named '{}'", name.substr(0, next)));
      v = member;
      dot = next;
    }
    return v;
  }

  template <typename T>
  T* as(const Value& v, ObjKind kind, const std::string& ptr, const char* what) {
    if (!v.is_kind(kind)) bad(ptr, fmt::format("expected {}, got {}", what, vm_.type_name(v)));
    return v.as<T>();
  }

  // ---- objects ------------------------------------------------------------------------------

  Value shell(const json& rec, const std::string& ptr) {
    if (!rec.is_object()) bad(ptr, fmt::format("expected a record, got {}", json_type(rec)));
    std::string t = string(field(rec, ptr, "t"), ptr + "/t");
    if (t == "list" || t == "tuple" || t == "dict" || t == "set" || t == "frozenset")
      check_fields(rec, ptr, {"t", "items"});
    else if (t == "cell")
      check_fields(rec, ptr, {"t", "value"});
    else if (t == "range" || t == "slice")
      check_fields(rec, ptr, {"t", "start", "stop", "step"});
    else if (t == "module")
      check_fields(rec, ptr, {"t", "name", "hash", "file", "globals"});
    else if (t == "function")
      check_fields(rec, ptr,
                   {"t", "code", "globals", "name", "qualname", "module", "defaults", "kwdefaults", "closure", "attrs"});
    else if (t == "class")
      check_fields(rec, ptr, {"t", "name", "qualname", "module", "base", "dict"});
    else if (t == "instance")
      check_fields(rec, ptr, {"t", "class", "dict"});
    else if (t == "exception")
      check_fields(rec, ptr, {"t", "class", "args", "dict", "cause", "context", "suppress_context", "traceback"});
    else if (t == "method")
      check_fields(rec, ptr, {"t", "func", "self"});
    if (t == "list") return Value(make<List>());
    if (t == "tuple") return Value(make<Tuple>());
    if (t == "dict") return Value(make<Dict>());
    if (t == "set") return Value(make<Set>(false));
    if (t == "frozenset") return Value(make<Set>(true));
    if (t == "cell") return Value(make<Cell>());
    if (t == "range") return Value(make<Range>(0, 0, 1));
    if (t == "slice") return Value(make<Slice>(Value::none(), Value::none(), Value::none()));
    if (t == "function") return Value(make<Function>());
    if (t == "class") return Value(make<Class>());
    if (t == "method") return Value(make<BoundMethod>(Value::none(), Value::none()));
    if (t == "generator") {
      check_fields(rec, ptr, {"t", "frame", "name", "qualname", "started", "running", "resumed_by_opcode", "own_exc",
                              "caller_exc"});
      return Value(make<Generator>());
    }
    if (t == "tasklet") {
      check_fields(rec, ptr, {"t", "alive", "chain", "resume", "resume_mode", "tempval", "func", "args", "kwargs",
                              "handled_exc", "blocked", "atomic", "ignore_nesting", "block_trap"});
      return Value(sched::new_tasklet(vm_));
    }
    if (t == "channel") {
      check_fields(rec, ptr, {"t", "balance", "preference", "schedule_all", "closing", "queue"});
      return Value(make<Channel>());
    }
    if (t == "bomb") {
      check_fields(rec, ptr, {"t", "exception"});
      return Value(make<Bomb>(Ref<ExceptionObject>()));
    }
    if (t == "frame") return Value::none();  // made once functions are complete (sized by its code)
    if (t == "iterator") {
      check_fields(rec, ptr, {"t", "kind", "source", "extra", "items", "index", "end", "step", "exhausted"});
      std::string k = string(field(rec, ptr, "kind"), ptr + "/kind");
      IterKind kind = k == "seq"         ? IterKind::Seq
                      : k == "str"       ? IterKind::Str
                      : k == "range"     ? IterKind::Range
                      : k == "enumerate" ? IterKind::Enumerate
                      : k == "zip"       ? IterKind::Zip
                      : k == "map"       ? IterKind::Map
                      : k == "filter"    ? IterKind::Filter
                                         : (bad(ptr + "/kind", fmt::format("unknown iterator kind '{}'", k)), IterKind::Seq);
      return Value(make<Iterator>(kind));
    }

    if (t == "module") return module(rec, ptr);  // by reference
    // The real class is set when the record is filled.
    if (t == "instance") return Value(make<Instance>(vm_.cls.object));
    if (t == "exception") return Value(make<ExceptionObject>(vm_.exc.BaseException));
    bad(ptr + "/t", fmt::format("unknown record type '{}'", t));
  }

  std::vector<Value> items(const json& rec, const std::string& ptr) {
    const json& a = array(field(rec, ptr, "items"), ptr + "/items", limits_.container_length);
    std::vector<Value> out;
    out.reserve(a.size());
    for (size_t i = 0; i < a.size(); ++i) out.push_back(decode(a[i], fmt::format("{}/items/{}", ptr, i)));
    return out;
  }

  Class* class_at(const json& j, const std::string& ptr) {
    // Instances need their class filled first (its MRO decides the kind).
    if (j.is_object() && j.size() == 1 && j.contains("ref")) {
      int64_t id = integer_in(j["ref"], ptr + "/ref", 0, static_cast<int64_t>(objs_.size()) - 1);
      fill_class_chain(static_cast<size_t>(id), ptr);
    }
    return as<Class>(decode(j, ptr), ObjKind::Class, ptr, "a class");
  }

  void fill_class_chain(size_t id, const std::string& ptr) {
    // Fills a class record and its bases, bases first; refuses base cycles.
    std::vector<size_t> chain;
    size_t cur = id;
    for (;;) {
      if (filled_.count(cur)) break;
      const json& rec = doc_["objects"][cur];
      if (!objs_[cur].is_kind(ObjKind::Class)) bad(ptr, "expected a class record");
      for (size_t c : chain)
        if (c == cur) bad(fmt::format("/objects/{}", cur), "class hierarchy forms a cycle");
      chain.push_back(cur);
      const json* base = optional(rec, "base");
      if (!base || base->is_null() || !base->is_object() || !base->contains("ref")) break;
      cur = static_cast<size_t>(
          integer_in((*base)["ref"], fmt::format("/objects/{}/base/ref", cur), 0, static_cast<int64_t>(objs_.size()) - 1));
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) fill(doc_["objects"][*it], fmt::format("/objects/{}", *it), *it);
  }

  void fill(const json& rec, const std::string& ptr, size_t id) {
    if (filled_.count(id)) return;
    filled_.insert(id);
    const std::string t = rec["t"].get<std::string>();
    Value& slot = objs_[id];
    if (t == "list") {
      slot.as<List>()->items = items(rec, ptr);
    } else if (t == "tuple") {
      slot.as<Tuple>()->items = items(rec, ptr);
    } else if (t == "set" || t == "frozenset") {
      Set* s = slot.as<Set>();
      std::vector<Value> v = items(rec, ptr);
      for (size_t i = 0; i < v.size(); ++i) {
        std::string ip = fmt::format("{}/items/{}", ptr, i);
        check_key(v[i], ip, 0);
        if (!set_add(vm_, s, v[i])) throw_pending(ip);
      }
    } else if (t == "dict") {
      const json& a = array(field(rec, ptr, "items"), ptr + "/items", limits_.container_length);
      for (size_t i = 0; i < a.size(); ++i) {
        std::string ip = fmt::format("{}/items/{}", ptr, i);
        if (!a[i].is_array() || a[i].size() != 2) bad(ip, "expected a [key, value] pair");
        Value k = decode(a[i][0], ip + "/0");
        check_key(k, ip + "/0", 0);
        Value v = decode(a[i][1], ip + "/1");
        if (!dict_set(vm_, slot.as<Dict>(), std::move(k), std::move(v))) throw_pending(ip);
      }
    } else if (t == "cell") {
      if (const json* v = optional(rec, "value")) slot.as<Cell>()->value = decode(*v, ptr + "/value");
    } else if (t == "range") {
      Range* r = slot.as<Range>();
      r->start = integer(field(rec, ptr, "start"), ptr + "/start");
      r->stop = integer(field(rec, ptr, "stop"), ptr + "/stop");
      r->step = integer(field(rec, ptr, "step"), ptr + "/step");
      if (r->step == 0) bad(ptr + "/step", "range step is zero");
    } else if (t == "slice") {
      Slice* s = slot.as<Slice>();
      s->start = decode(field(rec, ptr, "start"), ptr + "/start");
      s->stop = decode(field(rec, ptr, "stop"), ptr + "/stop");
      s->step = decode(field(rec, ptr, "step"), ptr + "/step");
    } else if (t == "module") {
      // Resolved when its shell was made; a module this document creates
      // gets the globals its code uses. A loaded module keeps its own.
      if (const json* g = optional(rec, "globals")) {
        std::string gp = ptr + "/globals";
        const json& items = array(*g, gp, limits_.container_length);
        Module* m = slot.as<Module>();
        bool created = false;
        for (auto& pm : pending_modules_) created = created || pm.module.get() == m;
        for (size_t i = 0; i < items.size(); ++i) {
          std::string ip = fmt::format("{}/{}", gp, i);
          const json& pair = array(items[i], ip, 2);
          if (pair.size() != 2) bad(ip, "expected [name, value]");
          std::string name = string(pair[0], ip + "/0");
          Value v = decode(pair[1], ip + "/1");
          if (created) dict_set_str(m->dict.get(), vm_.intern(name), std::move(v));
        }
      }
    } else if (t == "function") {
      fill_function(rec, ptr, slot.as<Function>());
    } else if (t == "class") {
      fill_class(rec, ptr, slot.as<Class>());
    } else if (t == "instance" || t == "exception") {
      Class* cls = class_at(field(rec, ptr, "class"), ptr + "/class");
      bool is_exc = cls->is_subclass_of(vm_.exc.BaseException.get());
      if (is_exc != (t == "exception") || (!is_exc && cls->is_builtin))
        bad(ptr + "/class", fmt::format("class '{}' does not make {} records", cls->qualname, t));
      Instance* inst = static_cast<Instance*>(slot.as_obj());
      inst->cls = Ref<Class>(cls);
      Value d = decode(field(rec, ptr, "dict"), ptr + "/dict");
      inst->dict = Ref<Dict>(as<Dict>(d, ObjKind::Dict, ptr + "/dict", "a dict"));
      if (is_exc) {
        auto* e = static_cast<ExceptionObject*>(inst);
        Value args = decode(field(rec, ptr, "args"), ptr + "/args");
        e->args = Ref<Tuple>(as<Tuple>(args, ObjKind::Tuple, ptr + "/args", "a tuple"));
        // As `raise ... from` and the loop leave them: an exception or unset.
        auto chained = [&](const char* k) {
          const json* c = optional(rec, k);
          if (!c || c->is_null()) return Value();
          Value v = decode(*c, ptr + "/" + k);
          if (!v.is_kind(ObjKind::Exception)) bad(ptr + "/" + k, fmt::format("expected an exception, got {}", vm_.type_name(v)));
          return v;
        };
        e->cause = chained("cause");
        e->context = chained("context");
        if (const json* s = optional(rec, "suppress_context")) e->suppress_context = boolean(*s, ptr + "/suppress_context");
        if (const json* tb = optional(rec, "traceback")) {
          const json& a = array(*tb, ptr + "/traceback", limits_.container_length);
          for (size_t i = 0; i < a.size(); ++i) {
            std::string tp = fmt::format("{}/traceback/{}", ptr, i);
            if (!a[i].is_array() || a[i].size() != 2) bad(tp, "expected [code, line]");
            int64_t c = integer_in(a[i][0], tp + "/0", 0, static_cast<int64_t>(codes_.size()) - 1);
            int line = static_cast<int>(integer_in(a[i][1], tp + "/1", 0, INT32_MAX));
            e->traceback.push_back({codes_[static_cast<size_t>(c)], line});
          }
        }
      }
    } else if (t == "generator" || t == "tasklet" || t == "channel" || t == "frame") {
      // Filled by load_frames_and_tasklets.
    } else if (t == "iterator") {
      fill_iterator(rec, ptr, slot.as<Iterator>());
    } else if (t == "bomb") {
      Value e = decode(field(rec, ptr, "exception"), ptr + "/exception");
      slot.as<Bomb>()->exc =
          Ref<ExceptionObject>(as<ExceptionObject>(e, ObjKind::Exception, ptr + "/exception", "an exception"));
    } else if (t == "method") {
      BoundMethod* b = slot.as<BoundMethod>();
      b->func = decode(field(rec, ptr, "func"), ptr + "/func");
      b->self = decode(field(rec, ptr, "self"), ptr + "/self");
      if (!is_callable_value(vm_, b->func)) bad(ptr + "/func", "not callable");
    }
  }

  // Each kind gets exactly the shape iter_next relies on.
  void fill_iterator(const json& rec, const std::string& ptr, Iterator* it) {
    auto opt = [&](const char* k) {
      const json& j = field(rec, ptr, k);
      return j.is_null() ? Value() : decode(j, ptr + "/" + k);
    };
    it->source = opt("source");
    it->extra = opt("extra");
    it->items = items(rec, ptr);
    it->index = integer(field(rec, ptr, "index"), ptr + "/index");
    it->end = integer(field(rec, ptr, "end"), ptr + "/end");
    it->step = integer(field(rec, ptr, "step"), ptr + "/step");
    it->exhausted = boolean(field(rec, ptr, "exhausted"), ptr + "/exhausted");
    auto is_iter = [&](const Value& v) { return v.is_kind(ObjKind::Iterator) || v.is_kind(ObjKind::Generator); };
    switch (it->sub) {
      case IterKind::Seq:
        if (!it->source.is_kind(ObjKind::List) && !it->source.is_kind(ObjKind::Tuple))
          bad(ptr + "/source", "a sequence iterator needs a list or tuple");
        if (it->index < 0) bad(ptr + "/index", "negative index");
        break;
      case IterKind::Str: {
        if (!it->source.is_kind(ObjKind::Str)) bad(ptr + "/source", "a str iterator needs a str");
        const std::string& d = it->source.as<Str>()->str();
        if (it->index < 0 || static_cast<size_t>(it->index) > d.size() ||
            (static_cast<size_t>(it->index) < d.size() && (static_cast<unsigned char>(d[it->index]) & 0xC0) == 0x80))
          bad(ptr + "/index", "not a character boundary of the string");
        break;
      }
      case IterKind::Range:
        if (it->step == 0) bad(ptr + "/step", "range step is zero");
        break;
      case IterKind::Enumerate:
      case IterKind::Filter:
        if (!is_iter(it->source)) bad(ptr + "/source", "expected an iterator");
        break;
      case IterKind::Zip:
      case IterKind::Map:
        for (size_t i = 0; i < it->items.size(); ++i)
          if (!is_iter(it->items[i])) bad(fmt::format("{}/items/{}", ptr, i), "expected an iterator");
        if (it->sub == IterKind::Map && !is_callable_value(vm_, it->extra)) bad(ptr + "/extra", "not callable");
        break;
      default:
        bad(ptr + "/kind", "unsupported iterator kind");
    }
  }

  // Loading runs no user code: a key whose hashing or comparison would call
  // a user __hash__/__eq__ is refused.
  void check_key(const Value& k, const std::string& ptr, int depth) {
    if (depth > 32) bad(ptr, "key nests too deeply");
    if (k.is_kind(ObjKind::Tuple) || k.is_kind(ObjKind::FrozenSet)) {
      if (k.is_kind(ObjKind::Tuple) && !filled_.count(tuple_ids_[k.as_obj()]))
        bad(ptr, "a tuple used as a key must come before the dict or set that uses it");
      if (k.is_kind(ObjKind::FrozenSet)) fill_key_frozenset(k, ptr);
      if (k.is_kind(ObjKind::Tuple))
        for (const Value& i : k.as<Tuple>()->items) check_key(i, ptr, depth + 1);
      return;
    }
    if (k.is_kind(ObjKind::Instance) || k.is_kind(ObjKind::Exception)) {
      // Any __hash__ or __eq__ a user class defines may run user code, not
      // only a Python function (`__hash__ = len` calls the class's __len__).
      Class* c = k.as<Instance>()->cls.get();
      for (Class* owner : c->mro) {
        if (owner->is_builtin || !owner->dict) continue;
        for (Str* n : {vm_.names.__hash__, vm_.names.__eq__})
          if (!dict_get_str(owner->dict.get(), n).is_null())
            bad(ptr, fmt::format("a key of class '{}' with its own {} (loading runs no user code)", c->qualname,
                                 n->str()));
      }
      return;
    }
    if (k.is_kind(ObjKind::List) || k.is_kind(ObjKind::Dict) || k.is_kind(ObjKind::Set))
      bad(ptr, fmt::format("unhashable key of type '{}'", vm_.type_name(k)));
  }

  // The pickler writes a dict or set before the frozensets it uses as keys
  // (or items): a key is hashed when it is inserted, so its record is
  // filled first. Nesting (a frozenset key of a frozenset key ...) is bounded.
  void fill_key_frozenset(const Value& k, const std::string& ptr) {
    auto it = frozenset_ids_.find(k.as_obj());
    if (it == frozenset_ids_.end() || filled_.count(it->second)) return;
    if (key_fills_ >= 32) bad(ptr, "frozensets used as keys nest too deeply");
    ++key_fills_;
    fill(doc_["objects"][it->second], fmt::format("/objects/{}", it->second), it->second);
    --key_fills_;
  }

  void throw_pending(const std::string& ptr) {
    Ref<ExceptionObject> e = vm_.take_error();
    bad(ptr, e ? exception_message(vm_, e.get()) : std::string("error"));
  }

  Value module(const json& rec, const std::string& ptr) {
    std::string name = string(field(rec, ptr, "name"), ptr + "/name");
    std::string hash = string(field(rec, ptr, "hash"), ptr + "/hash");
    std::string file = string(field(rec, ptr, "file"), ptr + "/file");
    // A script module record must not create (and so shadow) a built-in
    // module: a later `import math` would get the empty module made here.
    if (vm_.module_factories.count(name))
      bad(ptr + "/name", fmt::format("'{}' is a built-in module, not a script module", name));
    Value m = dict_get_str(vm_.modules(), vm_.intern(name));
    bool detached = false;
    if (m.is_kind(ObjKind::Module)) {
      Module* mod = m.as<Module>();
      // `__main__` is whichever script this process runs: another script's
      // main module is a different program, not a changed one. Its module
      // lives outside sys.modules. The same script edited is a change.
      detached = name == "__main__" && base_name(mod->filename) != base_name(file);
      if (!detached) {
        if (!mod->source_hash.empty() && mod->source_hash != hash && !allow_changed_code_)
          changed_modules_.push_back({mod, hash, ptr});
        return m;
      }
      for (auto& dm : vm_.detached_modules)
        if (dm->name->str() == name && dm->filename == file && dm->source_hash == hash) return Value(dm);
    }
    // Not loaded: a module of that name is created once the document is
    // known to be good; until then it lives only here.
    for (auto& pm : pending_modules_)
      if (pm.module->name->str() == name && pm.module->filename == file) return Value(pm.module);
    auto dict = make<Dict>();
    auto made = make<Module>(vm_.intern_ref(name), dict);
    made->filename = file;
    made->source_hash = hash;
    dict_set_str(dict.get(), vm_.names.__name__, Value(vm_.intern_ref(name)));
    pending_modules_.push_back({made, detached});
    return Value(made);
  }

  static std::string_view base_name(std::string_view path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
  }

  // A class whose methods use super() is held by their __class__ cell, and
  // its dict holds the methods: the VM breaks that cycle at teardown for
  // the classes it registered (as the compiler does for class statements).
  void commit_class_cells() {
    std::unordered_set<Class*> loaded, held;
    for (const Value& v : objs_)
      if (v.is_kind(ObjKind::Class)) loaded.insert(v.as<Class>());
    for (const Value& v : objs_)
      if (v.is_kind(ObjKind::Cell) && v.as<Cell>()->value.is_kind(ObjKind::Class)) {
        Class* c = v.as<Cell>()->value.as<Class>();
        if (loaded.count(c) && held.insert(c).second) vm_.classes_with_cell.push_back(Ref<Class>(c));
      }
  }

  void commit_modules() {
    for (auto& pm : pending_modules_) {
      if (pm.detached)
        vm_.detached_modules.push_back(pm.module);
      else
        dict_set_str(vm_.modules(), pm.module->name.get(), Value(pm.module));
    }
  }

  void fill_function(const json& rec, const std::string& ptr, Function* f) {
    int64_t c = integer_in(field(rec, ptr, "code"), ptr + "/code", 0, static_cast<int64_t>(codes_.size()) - 1);
    f->code = codes_[static_cast<size_t>(c)];
    // Only CALL_CLASS_BODY (with its namespace) and module import run body
    // code; a function over it would run LOAD_LOCALS without a namespace.
    if (f->code->flags & (kClassBody | kModuleBody))
      bad(ptr + "/code", fmt::format("code '{}' is a class or module body, not a function's", f->code->qualname));
    Value g = decode(field(rec, ptr, "globals"), ptr + "/globals");
    Module* module = as<Module>(g, ObjKind::Module, ptr + "/globals", "a module");
    f->globals = module->dict;
    for (const ChangedModule& cm : changed_modules_)
      if (cm.module == module)
        bad(ptr, fmt::format("module '{}' changed: function '{}' was pickled with source {}, the loaded module has {} "
                             "(a host may allow running the pickled code: UnpickleOptions::allow_changed_code)",
                             module->name->str(), string(field(rec, ptr, "qualname"), ptr + "/qualname"),
                             cm.pickled_hash, module->source_hash));
    f->name = vm_.intern_ref(string(field(rec, ptr, "name"), ptr + "/name"));
    f->qualname = vm_.str(string(field(rec, ptr, "qualname"), ptr + "/qualname"));
    f->module_name = decode(field(rec, ptr, "module"), ptr + "/module");
    if (const json* d = optional(rec, "defaults"); d && !d->is_null())
      f->defaults = Ref<Tuple>(as<Tuple>(decode(*d, ptr + "/defaults"), ObjKind::Tuple, ptr + "/defaults", "a tuple"));
    if (const json* d = optional(rec, "kwdefaults"); d && !d->is_null())
      f->kwdefaults = Ref<Dict>(as<Dict>(decode(*d, ptr + "/kwdefaults"), ObjKind::Dict, ptr + "/kwdefaults", "a dict"));
    if (const json* d = optional(rec, "attrs"); d && !d->is_null())
      f->attrs = Ref<Dict>(as<Dict>(decode(*d, ptr + "/attrs"), ObjKind::Dict, ptr + "/attrs", "a dict"));
    size_t nfree = 0;
    if (const json* d = optional(rec, "closure"); d && !d->is_null()) {
      f->closure = Ref<Tuple>(as<Tuple>(decode(*d, ptr + "/closure"), ObjKind::Tuple, ptr + "/closure", "a tuple"));
      nfree = f->closure->items.size();
    }
    closures_.push_back({f, nfree, ptr});
  }

  void fill_class(const json& rec, const std::string& ptr, Class* c) {
    c->name = vm_.intern_ref(string(field(rec, ptr, "name"), ptr + "/name"));
    c->qualname = string(field(rec, ptr, "qualname"), ptr + "/qualname");
    c->module_name = decode(field(rec, ptr, "module"), ptr + "/module");
    const json& b = field(rec, ptr, "base");
    Ref<Class> base = vm_.cls.object;
    if (!b.is_null()) {
      base = Ref<Class>(class_at(b, ptr + "/base"));
      if (base->final_type || (base->is_builtin && base->instance_kind != ObjKind::Instance &&
                               !base->is_subclass_of(vm_.exc.BaseException.get()) && base.get() != vm_.cls.object.get()))
        bad(ptr + "/base", fmt::format("cannot subclass '{}'", base->qualname));
      // fill() marks a class filled before its base is, so a base filled
      // from here can lead back to c: walk the bases (c's own is not set yet).
      for (Class* k = base.get(); k; k = k->base.get())
        if (k == c) bad(ptr + "/base", "class hierarchy forms a cycle");
    }
    c->mro.clear();
    c->mro.push_back(c);
    c->mro.insert(c->mro.end(), base->mro.begin(), base->mro.end());
    c->instance_kind = base->is_subclass_of(vm_.exc.BaseException.get()) ? ObjKind::Exception : ObjKind::Instance;
    c->base = std::move(base);
    Value d = decode(field(rec, ptr, "dict"), ptr + "/dict");
    c->dict = Ref<Dict>(as<Dict>(d, ObjKind::Dict, ptr + "/dict", "a dict"));
  }

  void fill_code(const json& rec, const std::string& ptr, Code* c) {
    if (!rec.is_object()) bad(ptr, fmt::format("expected a code record, got {}", json_type(rec)));
    check_fields(rec, ptr,
                 {"file", "hash", "name", "qualname", "firstlineno", "argcount", "posonly", "kwonly", "flags", "max_stack",
                  "varnames", "cellvars", "freevars", "cell_param", "names", "consts", "code", "lines", "handlers"});
    auto names = [&](const char* key) {
      std::vector<Ref<Str>> out;
      std::string p = ptr + "/" + key;
      const json& a = array(field(rec, ptr, key), p, limits_.container_length);
      for (size_t i = 0; i < a.size(); ++i) out.push_back(vm_.intern_ref(string(a[i], fmt::format("{}/{}", p, i))));
      return out;
    };
    c->filename = string(field(rec, ptr, "file"), ptr + "/file");
    c->source_hash = string(field(rec, ptr, "hash"), ptr + "/hash");
    c->name = string(field(rec, ptr, "name"), ptr + "/name");
    c->qualname = string(field(rec, ptr, "qualname"), ptr + "/qualname");
    c->firstlineno = static_cast<int>(integer_in(field(rec, ptr, "firstlineno"), ptr + "/firstlineno", 0, INT32_MAX));
    c->argcount = static_cast<int>(integer_in(field(rec, ptr, "argcount"), ptr + "/argcount", 0, 65535));
    c->posonlyargcount = static_cast<int>(integer_in(field(rec, ptr, "posonly"), ptr + "/posonly", 0, 65535));
    c->kwonlyargcount = static_cast<int>(integer_in(field(rec, ptr, "kwonly"), ptr + "/kwonly", 0, 65535));
    c->flags = static_cast<uint32_t>(integer_in(field(rec, ptr, "flags"), ptr + "/flags", 0, 0xffff));
    c->max_stack = static_cast<int>(integer_in(field(rec, ptr, "max_stack"), ptr + "/max_stack", 0, 1 << 20));
    c->varnames = names("varnames");
    c->cellvars = names("cellvars");
    c->freevars = names("freevars");
    c->names = names("names");
    const json& cp = array(field(rec, ptr, "cell_param"), ptr + "/cell_param", limits_.container_length);
    for (size_t i = 0; i < cp.size(); ++i)
      c->cell_param.push_back(static_cast<int>(integer_in(cp[i], fmt::format("{}/cell_param/{}", ptr, i), -1, 65535)));
    const json& words = array(field(rec, ptr, "code"), ptr + "/code", limits_.instructions, "instructions");
    for (size_t i = 0; i < words.size(); ++i)
      c->code.push_back(static_cast<uint32_t>(integer_in(words[i], fmt::format("{}/code/{}", ptr, i), 0, UINT32_MAX)));
    const json& lines = array(field(rec, ptr, "lines"), ptr + "/lines", limits_.instructions, "instructions");
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string lp = fmt::format("{}/lines/{}", ptr, i);
      if (!lines[i].is_array() || lines[i].size() != 2) bad(lp, "expected [pc, line]");
      c->lines.push_back({static_cast<uint32_t>(integer_in(lines[i][0], lp + "/0", 0, UINT32_MAX)),
                          static_cast<int>(integer_in(lines[i][1], lp + "/1", 0, INT32_MAX))});
    }
    const json& hs = array(field(rec, ptr, "handlers"), ptr + "/handlers", limits_.instructions, "instructions");
    for (size_t i = 0; i < hs.size(); ++i) {
      std::string hp = fmt::format("{}/handlers/{}", ptr, i);
      if (!hs[i].is_array() || hs[i].size() != 4) bad(hp, "expected [start, end, target, depth]");
      HandlerEntry h;
      h.start = static_cast<uint32_t>(integer_in(hs[i][0], hp + "/0", 0, UINT32_MAX));
      h.end = static_cast<uint32_t>(integer_in(hs[i][1], hp + "/1", 0, UINT32_MAX));
      h.target = static_cast<uint32_t>(integer_in(hs[i][2], hp + "/2", 0, UINT32_MAX));
      h.depth = static_cast<uint32_t>(integer_in(hs[i][3], hp + "/3", 0, UINT32_MAX));
      c->handlers.push_back(h);
    }
    const json& consts = array(field(rec, ptr, "consts"), ptr + "/consts", limits_.container_length);
    for (size_t i = 0; i < consts.size(); ++i)
      const_refs_.push_back({c, consts[i], fmt::format("{}/consts/{}", ptr, i)});
  }

 public:
  // Constants may refer to objects and other codes: decoded after shells.
  void fill_consts() {
    for (auto& cr : const_refs_) cr.code->consts.push_back(decode(cr.j, cr.ptr));
  }
  // The pickler writes only what it reaches from the root. Anything else
  // would be built and then dropped, and a dropped cycle (nothing collects
  // them) would stay allocated for good: refuse it. Walks the JSON, so
  // frames (chain, back) and codes (function code, traceback entries,
  // constants) count like any reference.
  void check_reachable(const json& codes, const json& objects) {
    std::vector<char> obj_seen(objects.size()), code_seen(codes.size());
    std::vector<const json*> work{&field(doc_, "", "root")};
    auto index = [](const json& j, size_t n) -> int64_t {  // -1: not an index below n
      if (j.is_number_unsigned()) return j.get<uint64_t>() < n ? static_cast<int64_t>(j.get<uint64_t>()) : -1;
      if (!j.is_number_integer()) return -1;
      int64_t v = j.get<int64_t>();
      return v >= 0 && static_cast<uint64_t>(v) < n ? v : -1;
    };
    auto code = [&](const json& j) {
      int64_t c = index(j, codes.size());
      if (c >= 0 && !code_seen[c]) {
        code_seen[c] = 1;
        work.push_back(&codes[static_cast<size_t>(c)]);
      }
    };
    while (!work.empty()) {
      const json& j = *work.back();
      work.pop_back();
      if (j.is_array()) {
        for (const json& e : j) work.push_back(&e);
        continue;
      }
      if (!j.is_object()) continue;
      if (j.size() == 1 && j.contains("ref")) {
        int64_t o = index(j["ref"], objects.size());
        if (o >= 0 && !obj_seen[o]) {
          obj_seen[o] = 1;
          work.push_back(&objects[static_cast<size_t>(o)]);
        }
        continue;
      }
      if (j.size() == 1 && j.contains("code")) {
        code(j["code"]);
        continue;
      }
      if (auto t = j.find("t"); t != j.end() && *t == "function" && j.contains("code")) code(j["code"]);
      if (auto t = j.find("t"); t != j.end() && *t == "exception" && j.contains("traceback") && j["traceback"].is_array())
        for (const json& e : j["traceback"])
          if (e.is_array() && !e.empty()) code(e[0]);
      for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "code" || !it->is_number()) work.push_back(&*it);
    }
    for (size_t i = 0; i < objects.size(); ++i)
      if (!obj_seen[i]) bad(fmt::format("/objects/{}", i), "not reachable from the root (a pickle holds nothing else)");
    for (size_t i = 0; i < codes.size(); ++i)
      if (!code_seen[i]) bad(fmt::format("/codes/{}", i), "not reachable from the root (a pickle holds nothing else)");
  }

  // next() on an enumerate, filter, zip or map iterator calls next() on the
  // iterators it wraps, natively: an iterator that wraps itself (only a
  // document can make one) would recurse until the C stack overflows.
  void check_iterator_loops() {
    auto wrapped = [](Iterator* it) {
      std::vector<Iterator*> out;
      auto add = [&](const Value& v) {
        if (v.is_kind(ObjKind::Iterator)) out.push_back(v.as<Iterator>());
      };
      if (it->sub == IterKind::Enumerate || it->sub == IterKind::Filter) add(it->source);
      if (it->sub == IterKind::Zip || it->sub == IterKind::Map)
        for (const Value& v : it->items) add(v);
      return out;
    };
    std::unordered_map<Iterator*, int> color;  // 1: on the current path, 2: done
    std::unordered_map<Iterator*, size_t> id;
    for (size_t i = 0; i < objs_.size(); ++i)
      if (objs_[i].is_kind(ObjKind::Iterator)) id[objs_[i].as<Iterator>()] = i;
    for (size_t i = 0; i < objs_.size(); ++i) {
      if (!objs_[i].is_kind(ObjKind::Iterator) || color[objs_[i].as<Iterator>()]) continue;
      // Iterative depth-first search: (iterator, its wrapped ones, next index).
      std::vector<std::pair<Iterator*, std::pair<std::vector<Iterator*>, size_t>>> stack;
      Iterator* root = objs_[i].as<Iterator>();
      color[root] = 1;
      stack.push_back({root, {wrapped(root), 0}});
      while (!stack.empty()) {
        auto& [it, next] = stack.back();
        if (next.second == next.first.size()) {
          color[it] = 2;
          stack.pop_back();
          continue;
        }
        Iterator* w = next.first[next.second++];
        if (color[w] == 1) bad(fmt::format("/objects/{}", id[w]), "an iterator that wraps itself (a loop of iterators)");
        if (color[w] == 0) {
          color[w] = 1;
          stack.push_back({w, {wrapped(w), 0}});
        }
      }
    }
  }

  void check_closures() {
    for (auto& fc : closures_) {
      Code* code = fc.f->code.get();
      if (fc.nfree != code->freevars.size())
        bad(fc.ptr + "/closure", fmt::format("{} cells for {} free variables", fc.nfree, code->freevars.size()));
      for (size_t i = 0; i < fc.nfree; ++i)
        if (!fc.f->closure->items[i].is_kind(ObjKind::Cell)) bad(fc.ptr + "/closure", "closure items must be cells");
    }
  }

 private:
  struct ConstRef {
    Code* code;
    const json& j;
    std::string ptr;
  };
  struct ClosureCheck {
    Function* f;
    size_t nfree;
    std::string ptr;
  };

  Vm& vm_;
  const json& doc_;
  const UnpickleLimits& limits_;
  bool allow_changed_code_;
  // Loaded script modules whose source differs from the pickle's, with the
  // pickle's hash and the record's pointer (refused unless allowed).
  struct ChangedModule {
    Module* module;
    std::string pickled_hash, ptr;
  };
  std::vector<ChangedModule> changed_modules_;
  std::vector<Value> objs_;
  std::vector<Ref<Code>> codes_;
  std::vector<ConstRef> const_refs_;
  std::vector<ClosureCheck> closures_;
  struct PendingModule {
    Ref<Module> module;
    bool detached;  // goes to vm.detached_modules, not sys.modules
  };
  std::vector<PendingModule> pending_modules_;
  std::unordered_set<size_t> filled_;
  std::unordered_map<const Object*, size_t> tuple_ids_;
  std::unordered_map<const Object*, size_t> frozenset_ids_;
  int key_fills_ = 0;
  std::unordered_set<size_t> frames_;
  bool frames_allowed_ = false;
  size_t frame_slots_ = 0;

  static OnReturn on_return(const json& j, const std::string& ptr) {
    if (j.is_string()) {
      const std::string& s = j.get_ref<const std::string&>();
      if (s == "push") return OnReturn::Push;
      if (s == "init") return OnReturn::Init;
      if (s == "module") return OnReturn::Module;
      if (s == "iternext") return OnReturn::IterNext;
    }
    bad(ptr, "expected push, init, module or iternext");
  }

  Value slot_value(const json& j, const std::string& ptr) {
    if (j.is_object() && j.size() == 1 && j.contains("null")) {
      if (j["null"] != true) bad(ptr + "/null", "an unbound slot is {\"null\": true}");
      return Value();
    }
    return decode(j, ptr);
  }

  Frame* frame_at(const json& j, const std::string& ptr) {
    if (j.is_null()) return nullptr;
    if (!j.is_object() || j.size() != 1 || !j.contains("ref")) bad(ptr, "expected a frame reference");
    size_t id = static_cast<size_t>(integer_in(j["ref"], ptr + "/ref", 0, static_cast<int64_t>(objs_.size()) - 1));
    if (!frames_.count(id)) bad(ptr, "expected a frame");
    return objs_[id].as<Frame>();
  }

  void make_frame(const json& rec, const std::string& ptr, size_t id) {
    if (const json* k = optional(rec, "continuation")) {
      check_fields(rec, ptr, {"t", "continuation", "state", "on_return", "back"});
      std::string name = string(*k, ptr + "/continuation");
      Continuation fn = nullptr;
      for (const auto& c : vm_.continuations)
        if (c.first == name) fn = c.second;
      if (!fn) bad(ptr + "/continuation", fmt::format("no registered continuation '{}'", name));
      Value state = decode(field(rec, ptr, "state"), ptr + "/state");
      check_continuation_state(name, state, ptr + "/state");
      Ref<Frame> f = vm_.interp()->make_continuation_frame(fn, std::move(state));
      f->on_return = on_return(field(rec, ptr, "on_return"), ptr + "/on_return");
      objs_[id] = Value(std::move(f));
      return;
    }
    check_fields(rec, ptr, {"t", "function", "pc", "stack", "locals", "cells", "on_return", "aux", "generator", "back"});
    Value fv = decode(field(rec, ptr, "function"), ptr + "/function");
    Function* fn = as<Function>(fv, ObjKind::Function, ptr + "/function", "a function");
    Code* code = fn->code.get();
    // A frame is sized by its code (max_stack), not by its record: a small
    // document could otherwise ask for gigabytes of frames.
    frame_slots_ += code->frame_slots;
    if (frame_slots_ > limits_.frame_slots)
      bad(ptr + "/function", fmt::format("frames of more than {} slots in all exceed the frame_slots limit",
                                         limits_.frame_slots));
    Ref<Frame> f = Frame::create(Ref<Function>(fn));
    const json& locals = array(field(rec, ptr, "locals"), ptr + "/locals", limits_.container_length);
    const json& cells = array(field(rec, ptr, "cells"), ptr + "/cells", limits_.container_length);
    const json& stack = array(field(rec, ptr, "stack"), ptr + "/stack", limits_.container_length);
    if (locals.size() != static_cast<size_t>(code->nlocals()))
      bad(ptr + "/locals", fmt::format("{} locals for a code with {}", locals.size(), code->nlocals()));
    if (cells.size() != static_cast<size_t>(code->ncells()))
      bad(ptr + "/cells", fmt::format("{} cells for a code with {}", cells.size(), code->ncells()));
    if (stack.size() > static_cast<size_t>(code->max_stack))
      bad(ptr + "/stack", fmt::format("stack of {} exceeds the code's {}", stack.size(), code->max_stack));
    for (size_t i = 0; i < locals.size(); ++i)
      f->locals()[i] = slot_value(locals[i], fmt::format("{}/locals/{}", ptr, i));
    for (size_t i = 0; i < cells.size(); ++i) {
      std::string cp = fmt::format("{}/cells/{}", ptr, i);
      Value c = decode(cells[i], cp);
      as<Cell>(c, ObjKind::Cell, cp, "a cell");
      f->cells()[i] = c;
    }
    for (size_t i = 0; i < stack.size(); ++i) f->stack_base()[i] = slot_value(stack[i], fmt::format("{}/stack/{}", ptr, i));
    f->sp = static_cast<uint32_t>(stack.size());
    f->pc = static_cast<uint32_t>(
        integer_in(field(rec, ptr, "pc"), ptr + "/pc", 0, static_cast<int64_t>(code->code.size())));
    f->on_return = on_return(field(rec, ptr, "on_return"), ptr + "/on_return");
    if (f->on_return == OnReturn::Module) bad(ptr + "/on_return", "a module body frame cannot be loaded");
    if (const json* a = optional(rec, "aux"); a && !a->is_null()) f->aux = decode(*a, ptr + "/aux");
    objs_[id] = Value(std::move(f));
  }

  // The continuations Spindle registers read their state without checking
  // it (it is what the native that set them up made): check its shape here.
  // A host's own continuations are trusted with whatever state they get.
  static void check_continuation_state(const std::string& name, const Value& state, const std::string& ptr) {
    auto items = [&](size_t n) -> const std::vector<Value>* {
      if (!state.is_kind(ObjKind::Tuple) || state.as<Tuple>()->items.size() != n) return nullptr;
      return &state.as<Tuple>()->items;
    };
    if (name == "stackless.tasklet_end") {
      if (!state.is_none()) bad(ptr, "the tasklet end has no state (expected null)");
    } else if (name == "stackless.run") {
      const std::vector<Value>* st = items(3);
      if (!st || !(*st)[0].is_kind(ObjKind::Tasklet) || !(*st)[1].is_bool() || !(*st)[2].is_int())
        bad(ptr, "expected a (tasklet, bool, int) tuple");
    } else if (name == "stackless.channel.send_sequence.got" || name == "stackless.channel.send_sequence.sent") {
      const std::vector<Value>* st = items(3);
      if (!st || !(*st)[2].is_int()) bad(ptr, "expected a (channel, iterator, int) tuple");
    }
  }

  void check_suspension(Frame* f, Suspension kind, const std::string& ptr) {
    std::string err;
    uint32_t expected = 0;
    if (!verifier_.verify_suspension(*f->code, f->pc, f->sp, kind, &expected, &err) ||
        !verifier_.verify_stack(*f->code, f->pc, kind, f->stack_base(), f->sp, &err))
      bad(ptr, err);
  }

  // Frames, generators, tasklets and channels, after every ordinary object
  // (functions are complete, so frames can be sized).
  void load_frames_and_tasklets(const json& objects) {
    // Frames are reached only through chain, back and frame fields
    // (frame_at), never as values.
    std::vector<size_t> ids(frames_.begin(), frames_.end());
    std::sort(ids.begin(), ids.end());
    for (size_t id : ids) make_frame(objects[id], fmt::format("/objects/{}", id), id);
    // Back links: no cycles, no frame below two others.
    std::unordered_map<Frame*, Frame*> above;
    for (size_t id : ids) {
      std::string ptr = fmt::format("/objects/{}", id);
      Frame* f = objs_[id].as<Frame>();
      if (Frame* b = frame_at(field(objects[id], ptr, "back"), ptr + "/back")) {
        if (above.count(b)) bad(ptr + "/back", "two frames claim the same caller");
        above[b] = f;
        f->back = Ref<Frame>(b);
      }
    }
    // No frame has two callees, so the back links form simple paths and
    // simple loops: walk each path once from its innermost frame (linear in
    // the number of frames); a frame no walk reached is on a loop.
    std::unordered_set<Frame*> reached;
    for (size_t id : ids) {
      Frame* top = objs_[id].as<Frame>();
      if (above.count(top)) continue;
      size_t n = 0;
      for (Frame* f = top; f; f = f->back.get()) {
        reached.insert(f);
        if (++n > limits_.frames)
          bad(fmt::format("/objects/{}/back", id),
              fmt::format("a chain of more than {} frames exceeds the frames limit", limits_.frames));
      }
    }
    for (size_t id : ids)
      if (!reached.count(objs_[id].as<Frame>())) bad(fmt::format("/objects/{}/back", id), "the frame chain loops");
    // Generators.
    for (size_t i = 0; i < objects.size(); ++i) {
      const json& rec = objects[i];
      if (rec["t"] != "generator") continue;
      std::string ptr = fmt::format("/objects/{}", i);
      Generator* g = objs_[i].as<Generator>();
      g->name = vm_.intern_ref(string(field(rec, ptr, "name"), ptr + "/name"));
      g->qualname = vm_.str(string(field(rec, ptr, "qualname"), ptr + "/qualname"));
      g->started = boolean(field(rec, ptr, "started"), ptr + "/started");
      g->resumed_by_opcode = boolean(field(rec, ptr, "resumed_by_opcode"), ptr + "/resumed_by_opcode");
      if (boolean(field(rec, ptr, "running"), ptr + "/running")) running_gens_.insert(g);
      if (const json* e = optional(rec, "own_exc"); e && !e->is_null()) g->own_exc = decode(*e, ptr + "/own_exc");
      if (const json* e = optional(rec, "caller_exc"); e && !e->is_null())
        g->caller_exc = decode(*e, ptr + "/caller_exc");
      if (Frame* f = frame_at(field(rec, ptr, "frame"), ptr + "/frame")) {
        if (f->cont || f->generator) bad(ptr + "/frame", "a frame owned by two generators");
        if (!(f->code->flags & kGenerator)) bad(ptr + "/frame", "not a generator's code");
        g->frame = Ref<Frame>(f);
        f->generator = g;
      }
    }
    for (size_t id : ids) {
      std::string ptr = fmt::format("/objects/{}", id);
      Frame* f = objs_[id].as<Frame>();
      if (f->cont) continue;
      Value gv = decode(field(objects[id], ptr, "generator"), ptr + "/generator");
      if (!gv.is_none() && (!gv.is_kind(ObjKind::Generator) || gv.as<Generator>()->frame.get() != f))
        bad(ptr + "/generator", "the generator does not own this frame");
      if (gv.is_none() && f->generator) bad(ptr + "/generator", "a generator owns this frame");
      // YIELD_VALUE and RETURN_VALUE reach f->generator for a generator's code.
      if (!f->generator && (f->code->flags & kGenerator))
        bad(ptr + "/generator", fmt::format("a frame of generator code '{}' needs its generator", f->code->qualname));
    }
    // Tasklets: each chain's frames belong to that tasklet alone.
    std::unordered_set<Frame*> owned;
    for (size_t i = 0; i < objects.size(); ++i) {
      const json& rec = objects[i];
      if (rec["t"] != "tasklet") continue;
      load_tasklet(rec, fmt::format("/objects/{}", i), objs_[i].as<Tasklet>(), above, owned);
    }
    // Generators not on a chain are suspended at a yield (or not started).
    for (size_t i = 0; i < objects.size(); ++i)
      if (objects[i]["t"] == "generator" && running_gens_.count(objs_[i].as<Generator>()) && !objs_[i].as<Generator>()->running)
        bad(fmt::format("/objects/{}/running", i), "the generator is marked running but is on no tasklet's chain");
    for (size_t i = 0; i < objects.size(); ++i) {
      if (objects[i]["t"] != "generator") continue;
      Generator* g = objs_[i].as<Generator>();
      std::string ptr = fmt::format("/objects/{}", i);
      if (g->running && !g->started) bad(ptr + "/started", "a running generator has started");
      if (g->frame && !g->running) {
        check_suspension(g->frame.get(), Suspension::Yield, ptr + "/frame");
        // Resuming a started generator pushes the sent value: pc 0 (empty
        // stack) is the only place a generator that has not started can be,
        // and a started one is at a yield.
        bool at_start = g->frame->pc == 0;
        if (g->started == at_start)
          bad(ptr + "/started", at_start ? "a generator at pc 0 has not started" : "a generator at a yield has started");
      }
    }
    // Channels and their queues; a blocked tasklet whose channel is not in
    // the document comes back paused (Stackless).
    for (size_t i = 0; i < objects.size(); ++i) {
      if (objects[i]["t"] != "channel") continue;
      load_channel(objects[i], fmt::format("/objects/{}", i), objs_[i].as<Channel>());
    }
    frames_allowed_ = false;
  }

  void load_tasklet(const json& rec, const std::string& ptr, Tasklet* t, const std::unordered_map<Frame*, Frame*>& above,
                    std::unordered_set<Frame*>& owned) {
    std::string resume = string(field(rec, ptr, "resume"), ptr + "/resume");
    if (resume == "start")
      t->resume = Tasklet::Resume::Start;
    else if (resume == "value")
      t->resume = Tasklet::Resume::Value;
    else if (resume == "boundary")
      t->resume = Tasklet::Resume::Boundary;
    else
      bad(ptr + "/resume", "expected start, value or boundary");
    t->resume_mode = on_return(field(rec, ptr, "resume_mode"), ptr + "/resume_mode");
    if (t->resume_mode != OnReturn::Push && t->resume_mode != OnReturn::IterNext)
      bad(ptr + "/resume_mode", "a tasklet resumes with push or iternext");
    t->tempval = decode(field(rec, ptr, "tempval"), ptr + "/tempval");
    auto opt_value = [&](const char* k) {
      const json* j = optional(rec, k);
      return j && !j->is_null() ? decode(*j, ptr + "/" + k) : Value();
    };
    t->func = opt_value("func");
    t->args = opt_value("args");
    t->kwargs = opt_value("kwargs");
    t->handled_exc = opt_value("handled_exc");
    if (!t->args.is_null() && !t->args.is_kind(ObjKind::Tuple)) bad(ptr + "/args", "expected a tuple");
    if (!t->kwargs.is_null() && !t->kwargs.is_kind(ObjKind::Dict)) bad(ptr + "/kwargs", "expected a dict");
    t->atomic = boolean(field(rec, ptr, "atomic"), ptr + "/atomic");
    t->ignore_nesting = boolean(field(rec, ptr, "ignore_nesting"), ptr + "/ignore_nesting");
    t->block_trap = boolean(field(rec, ptr, "block_trap"), ptr + "/block_trap");
    blocked_dir_[t] = static_cast<int>(integer_in(field(rec, ptr, "blocked"), ptr + "/blocked", -1, 1));
    Frame* top = frame_at(field(rec, ptr, "chain"), ptr + "/chain");
    if (t->resume == Tasklet::Resume::Start) {
      if (top) bad(ptr + "/chain", "a tasklet that has not started has no frames");
      if (!t->func.is_null() && !is_callable_value(vm_, t->func)) bad(ptr + "/func", "not callable");
      t->alive = !t->func.is_null();
      check_alive(rec, ptr, t);
      return;
    }
    if (!top) {
      // A tasklet that has finished (or was killed) has no frames left.
      const json* alive = optional(rec, "alive");
      if (!alive || boolean(*alive, ptr + "/alive")) bad(ptr + "/chain", "a started tasklet needs its frames");
      t->alive = false;
      return;
    }
    if (above.count(top)) bad(ptr + "/chain", "the chain does not start at its innermost frame");
    int depth = 0;
    for (Frame* f = top; f; f = f->back.get()) {
      if (!owned.insert(f).second) bad(ptr + "/chain", "a frame on two chains");
      ++depth;
      if (!f->back && f->cont != vm_.tasklet_end) bad(ptr + "/chain", "a tasklet's outermost frame must be its end");
      if (f->back && f->cont == vm_.tasklet_end) bad(ptr + "/chain", "a tasklet's end must be its outermost frame");
      if (f->generator) {
        if (!running_gens_.count(f->generator)) bad(ptr + "/chain", "a generator frame on a chain must be running");
        f->generator->running = true;
        f->running_owner = Value::object(f->generator);
      }
      if (f->cont) continue;
      Suspension kind = Suspension::Call;
      auto up_it = above.find(f);
      Frame* up = up_it == above.end() ? nullptr : up_it->second;
      if (f == top)
        kind = t->resume == Tasklet::Resume::Boundary ? Suspension::Boundary
               : t->resume_mode == OnReturn::IterNext ? Suspension::IterNext
                                                      : Suspension::Call;
      else if (up && up->generator && up->generator->resumed_by_opcode)
        kind = Suspension::Generator;
      else if (up && up->on_return == OnReturn::IterNext)
        kind = Suspension::IterNext;
      check_suspension(f, kind, ptr + "/chain");
    }
    t->chain = Ref<Frame>(top);
    t->depth = depth;
    t->alive = true;
    check_alive(rec, ptr, t);
  }

  // `alive` is implied by the rest of the record; a document that says
  // otherwise is inconsistent.
  void check_alive(const json& rec, const std::string& ptr, Tasklet* t) {
    if (boolean(field(rec, ptr, "alive"), ptr + "/alive") != t->alive)
      bad(ptr + "/alive", t->alive ? "a tasklet with frames or a function to start is alive"
                                   : "a tasklet with neither frames nor a function to start is not alive");
  }

  void load_channel(const json& rec, const std::string& ptr, Channel* ch) {
    int64_t balance = integer(field(rec, ptr, "balance"), ptr + "/balance");
    ch->preference = static_cast<int8_t>(integer_in(field(rec, ptr, "preference"), ptr + "/preference", -1, 1));
    ch->schedule_all = boolean(field(rec, ptr, "schedule_all"), ptr + "/schedule_all");
    ch->closing = boolean(field(rec, ptr, "closing"), ptr + "/closing");
    const json& q = array(field(rec, ptr, "queue"), ptr + "/queue", limits_.container_length);
    // -balance overflows for INT64_MIN: compare magnitudes unsigned.
    uint64_t waiting = balance < 0 ? 0 - static_cast<uint64_t>(balance) : static_cast<uint64_t>(balance);
    if (q.size() != waiting)
      bad(ptr + "/queue", fmt::format("{} waiting tasklets for a balance of {}", q.size(), balance));
    int dir = balance > 0 ? 1 : -1;
    for (size_t k = 0; k < q.size(); ++k) {
      std::string qp = fmt::format("{}/queue/{}", ptr, k);
      Tasklet* t = as<Tasklet>(decode(q[k], qp), ObjKind::Tasklet, qp, "a tasklet");
      if (!linked_.insert(t).second) bad(qp, "a tasklet waiting twice");
      if (blocked_dir_[t] != dir) bad(qp, "the tasklet is not blocked in the channel's direction");
      if (!t->chain || t->resume != Tasklet::Resume::Value) bad(qp, "a blocked tasklet must be suspended in a call");
      to_link_.push_back({ch, t, dir});
    }
  }

  struct Link {
    Channel* ch;
    Tasklet* t;
    int dir;
  };

 private:
  Verifier verifier_;
  std::unordered_set<Generator*> running_gens_;
  std::unordered_map<Tasklet*, int> blocked_dir_;
  std::unordered_set<Tasklet*> linked_;
  std::vector<Link> to_link_;

 public:
  // After a refusal. Nothing collects cycles, and a half-loaded document is
  // full of them (a list holding itself, a function and the cell of its
  // closure, a tasklet and the frames on its chain): empty every object made
  // here so that dropping the loader frees them all. Objects that existed
  // before (loaded modules, builtins) are not in objs_ or are not touched.
  void teardown() {
    for (Value& v : objs_) {
      if (!v.is_obj()) continue;
      Object* o = v.as_obj();
      switch (o->kind()) {
        case ObjKind::List: static_cast<List*>(o)->items.clear(); break;
        case ObjKind::Tuple: static_cast<Tuple*>(o)->items.clear(); break;
        case ObjKind::Dict: static_cast<Dict*>(o)->table.clear(); break;
        case ObjKind::Set:
        case ObjKind::FrozenSet: static_cast<Set*>(o)->table.clear(); break;
        case ObjKind::Cell: static_cast<Cell*>(o)->value = Value(); break;
        case ObjKind::Function: {
          auto* f = static_cast<Function*>(o);
          f->globals.reset();
          f->defaults.reset();
          f->kwdefaults.reset();
          f->closure.reset();
          f->attrs.reset();
          f->module_name = Value();
          break;
        }
        case ObjKind::Class: {
          auto* c = static_cast<Class*>(o);
          if (c->dict) c->dict->table.clear();
          c->module_name = Value();
          break;
        }
        case ObjKind::Instance:
        case ObjKind::Exception: {
          auto* i = static_cast<Instance*>(o);
          if (i->dict) i->dict->table.clear();
          if (o->kind() == ObjKind::Exception) {
            auto* e = static_cast<ExceptionObject*>(o);
            e->args.reset();
            e->cause = e->context = Value();
            e->traceback.clear();
          }
          break;
        }
        case ObjKind::BoundMethod: {
          auto* b = static_cast<BoundMethod*>(o);
          b->func = b->self = Value::none();
          break;
        }
        case ObjKind::Slice: {
          auto* sl = static_cast<Slice*>(o);
          sl->start = sl->stop = sl->step = Value::none();
          break;
        }
        case ObjKind::Iterator: {
          auto* it = static_cast<Iterator*>(o);
          it->source = it->extra = Value();
          it->items.clear();
          break;
        }
        case ObjKind::Generator: {
          auto* g = static_cast<Generator*>(o);
          g->frame.reset();
          g->own_exc = g->caller_exc = Value();
          break;
        }
        case ObjKind::Frame: {
          auto* f = static_cast<Frame*>(o);
          if (!f->cont) {
            for (int i = 0; i < f->code->nlocals(); ++i) f->locals()[i] = Value();
            for (int i = 0; i < f->code->ncells(); ++i) f->cells()[i] = Value();
            for (uint32_t i = 0; i < f->sp; ++i) f->stack_base()[i] = Value();
            f->sp = 0;
          }
          f->back.reset();
          f->aux = f->running_owner = Value();
          f->generator = nullptr;
          break;
        }
        case ObjKind::Tasklet: {
          auto* t = static_cast<Tasklet*>(o);
          t->chain.reset();
          t->tempval = t->func = t->args = t->kwargs = t->handled_exc = Value();
          t->alive = false;
          break;
        }
        case ObjKind::Bomb: static_cast<Bomb*>(o)->exc.reset(); break;
        default: break;  // modules (maybe loaded ones), ranges, channels (not linked yet)
      }
    }
    for (auto& c : codes_) c->consts.clear();
    for (auto& pm : pending_modules_) pm.module->dict->table.clear();
  }

  void commit_links() {
    for (auto& l : to_link_) sched::link_blocked(vm_, l.ch, l.t, l.dir);
  }
};


// Builds the DOM like json::parse, but refuses duplicate keys (json::parse
// keeps the last one, so two readers of the same text could disagree about
// it) and remembers where the text went wrong.
class StrictSax {
 public:
  explicit StrictSax(json& root) : dom_(root, false) {}

  bool null() { return element() && dom_.null(); }
  bool boolean(bool v) { return element() && dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return element() && dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return element() && dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const std::string& s) { return element() && dom_.number_float(v, s); }
  bool string(std::string& v) { return element() && dom_.string(v); }
  bool binary(json::binary_t& v) { return element() && dom_.binary(v); }
  bool start_object(std::size_t n) {
    element();
    levels_.push_back({true, 0, {}, {}});
    return dom_.start_object(n);
  }
  bool key(std::string& k) {
    Level& l = levels_.back();
    if (!l.keys.insert(k).second) {
      error = pointer(levels_.size() - 1) + "/" + token(k) + ": duplicate key";
      return false;
    }
    l.key = k;
    return dom_.key(k);
  }
  bool end_object() {
    levels_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) {
    element();
    levels_.push_back({false, 0, {}, {}});
    return dom_.start_array(n);
  }
  bool end_array() {
    levels_.pop_back();
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    // e.what(): "[json.exception.parse_error.101] parse error at line 1, column 5: <reason>"
    // e.what(): "[json.exception.out_of_range.406] number overflow parsing '1e400'"
    std::string what = e.what();
    if (size_t b = what.find("] "); what.rfind("[json.exception.", 0) == 0 && b != std::string::npos)
      what = what.substr(b + 2);
    if (what.rfind("parse error", 0) == 0)
      if (size_t colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    error = fmt::format("/: not valid JSON at byte {}: {}", position, what);
    return false;
  }

  std::string error;

 private:
  struct Level {
    bool object;
    size_t index;  // of the next array element
    std::set<std::string> keys;
    std::string key;
  };
  bool element() {
    if (!levels_.empty() && !levels_.back().object) ++levels_.back().index;
    return true;
  }
  // The pointer to the node the first n levels lead to.
  std::string pointer(size_t n) const {
    std::string p;
    for (size_t i = 0; i < n; ++i)
      p += "/" + (levels_[i].object ? token(levels_[i].key) : std::to_string(levels_[i].index - 1));
    return p;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::vector<Level> levels_;
};

}  // namespace

Value load(Vm& vm, const json& doc, const UnpickleLimits& limits) { return load(vm, doc, UnpickleOptions{limits}); }

Value load_text(Vm& vm, std::string_view text, const UnpickleLimits& limits) {
  return load_text(vm, text, UnpickleOptions{limits});
}

Value load(Vm& vm, const json& doc, const UnpickleOptions& options) {
  Loader l(vm, doc, options);
  try {
    return l.run();
  } catch (const Bad& b) {
    l.teardown();
    return vm.raise(error_class(vm, "UnpicklingError"), fmt::format("{}: {}", b.pointer.empty() ? "/" : b.pointer, b.message));
  } catch (const std::bad_alloc&) {
    l.teardown();
    return vm.raise(vm.exc.MemoryError.get(), "");
  }
}

Value load_text(Vm& vm, std::string_view text, const UnpickleOptions& options) {
  const UnpickleLimits& limits = options.limits;
  if (text.size() > limits.document_bytes)
    return vm.raise(error_class(vm, "UnpicklingError"),
                    fmt::format("/: a document of {} bytes exceeds the document_bytes limit of {}", text.size(),
                                limits.document_bytes));
  // Nesting is checked before parsing: the format never nests deeply.
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char ch : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (ch == '\\') escaped = true;
      else if (ch == '"') in_string = false;
      continue;
    }
    if (ch == '"') in_string = true;
    else if (ch == '[' || ch == '{') {
      if (++depth > limits.nesting)
        return vm.raise(error_class(vm, "UnpicklingError"),
                        fmt::format("/: nesting deeper than the nesting limit of {}", limits.nesting));
    } else if (ch == ']' || ch == '}') {
      --depth;
    }
  }
  json doc;
  StrictSax sax(doc);
  if (!json::sax_parse(text, &sax)) {
    if (sax.error.empty()) sax.error = "/: not valid JSON";
    return vm.raise(error_class(vm, "UnpicklingError"), sax.error);
  }
  return load(vm, doc, options);
}

}  // namespace spindle::pickling
