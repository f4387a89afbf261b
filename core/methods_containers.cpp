// Methods of list, tuple, dict, set and frozenset.
//
// Comparisons (==, __hash__) may run user code that mutates the container
// being scanned, so scans index by position, re-check the size after every
// comparison and hold the compared items as Values.
#include <algorithm>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/install.hpp"
#include "core/ops.hpp"

namespace spindle {

namespace {

// ---- argument checks in CPython's wordings ------------------------------------------

// "list.append() takes exactly one argument (0 given)" / "takes no arguments".
bool meth_args(Vm& vm, Args& args, const char* qualname, int count) {
  int n = args.n - 1;
  if (args.nkw() > 0) {
    vm.raisef(vm.exc.TypeError.get(), "{}() takes no keyword arguments", qualname);
    return false;
  }
  if (n == count) return true;
  if (count == 0)
    vm.raisef(vm.exc.TypeError.get(), "{}() takes no arguments ({} given)", qualname, n);
  else
    vm.raisef(vm.exc.TypeError.get(), "{}() takes exactly one argument ({} given)", qualname, n);
  return false;
}

// "pop expected at most 1 argument, got 2" (METH_VARARGS style).
bool var_args(Vm& vm, Args& args, const char* name, int min, int max) {
  Args rest{args.argv + 1, args.n - 1, args.kwnames};  // the arguments after self
  return check_count(vm, rest, name, min, max);
}

// The self of a method called through the class (list.append(5, 1)) must
// be checked: natives are reachable unbound.
bool check_self(Vm& vm, Args& args, const char* cls, const char* name, bool ok) {
  if (args.n < 1) {
    vm.raisef(vm.exc.TypeError.get(), "unbound method {}.{}() needs an argument", cls, name);
    return false;
  }
  if (!ok) {
    vm.raisef(vm.exc.TypeError.get(), "descriptor '{}' for '{}' objects doesn't apply to a '{}' object", name, cls,
              vm.type_name(args[0]));
    return false;
  }
  return true;
}

List* self_list(Vm& vm, Args& args, const char* name) {
  if (!check_self(vm, args, "list", name, args.n >= 1 && args[0].is_kind(ObjKind::List))) return nullptr;
  return args[0].as<List>();
}

Tuple* self_tuple(Vm& vm, Args& args, const char* name) {
  if (!check_self(vm, args, "tuple", name, args.n >= 1 && args[0].is_kind(ObjKind::Tuple))) return nullptr;
  return args[0].as<Tuple>();
}

Dict* self_dict(Vm& vm, Args& args, const char* name) {
  if (!check_self(vm, args, "dict", name, args.n >= 1 && args[0].is_kind(ObjKind::Dict))) return nullptr;
  return args[0].as<Dict>();
}

// set methods also serve frozenset unless `mutating`.
Set* self_set(Vm& vm, Args& args, const char* name, bool mutating) {
  bool ok = args.n >= 1 && (args[0].is_kind(ObjKind::Set) || (!mutating && args[0].is_kind(ObjKind::FrozenSet)));
  if (!check_self(vm, args, mutating ? "set" : "set", name, ok)) return nullptr;
  return args[0].as<Set>();
}

// A start/stop argument of index(): None is not allowed here, as in CPython.
bool index_arg(Vm& vm, const Value& v, int64_t* out) {
  if (v.is_intlike()) {
    *out = v.as_int();
    return true;
  }
  if (v.is_obj() && !v.is_kind(ObjKind::Str)) {
    Value m = class_lookup(vm, v, vm.names.__index__);
    if (!m.is_null()) return to_index(vm, v, out);
    if (vm.has_error()) return false;
  }
  vm.raise(vm.exc.TypeError.get(), "slice indices must be integers or have an __index__ method");
  return false;
}

void clamp_slice(int64_t& start, int64_t& stop, int64_t len) {
  if (start < 0) {
    start += len;
    if (start < 0) start = 0;
  }
  if (stop < 0) {
    stop += len;
    if (stop < 0) stop = 0;
  }
}

// Position of x in items[start:stop] (re-reading `items` after every
// comparison), -1 if absent, -2 on error.
int64_t seq_index(Vm& vm, const std::vector<Value>& items, const Value& x, int64_t start, int64_t stop) {
  for (int64_t i = start; i < stop && i < static_cast<int64_t>(items.size()); ++i) {
    Value item = items[static_cast<size_t>(i)];
    int eq = equals(vm, item, x);
    if (eq < 0) return -2;
    if (eq) return i;
  }
  return -1;
}

int64_t seq_count(Vm& vm, const std::vector<Value>& items, const Value& x) {
  int64_t n = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    Value item = items[i];
    int eq = equals(vm, item, x);
    if (eq < 0) return -1;
    n += eq;
  }
  return n;
}

// ---- list --------------------------------------------------------------------------------

Value list_append(Vm& vm, Args& args) {
  List* l = self_list(vm, args, "append");
  if (!l || !meth_args(vm, args, "list.append", 1)) return {};
  l->items.push_back(args[1]);
  return Value::none();
}

Value list_extend(Vm& vm, Args& args) {
  List* l = self_list(vm, args, "extend");
  if (!l || !meth_args(vm, args, "list.extend", 1)) return {};
  Value self = args[0];
  std::vector<Value> items;
  // collect() copies l.extend(l) before appending.
  if (!collect(vm, args[1], items)) return {};
  l->items.insert(l->items.end(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
  return Value::none();
}

Value list_insert(Vm& vm, Args& args) {
  List* l = self_list(vm, args, "insert");
  if (!l || !var_args(vm, args, "insert", 2, 2)) return {};
  int64_t i;
  if (!to_index(vm, args[1], &i)) return {};
  int64_t n = static_cast<int64_t>(l->items.size());
  if (i < 0) {
    i += n;
    if (i < 0) i = 0;
  }
  if (i > n) i = n;
  l->items.insert(l->items.begin() + i, args[2]);
  return Value::none();
}

Value list_remove(Vm& vm, Args& args) {
  List* l = self_list(vm, args, "remove");
  if (!l || !meth_args(vm, args, "list.remove", 1)) return {};
  Value self = args[0];
  int64_t i = seq_index(vm, l->items, args[1], 0, INT64_MAX);
  if (i == -2) return {};
  if (i < 0 || i >= static_cast<int64_t>(l->items.size()))
    return vm.raise(vm.exc.ValueError.get(), "list.remove(x): x not in list");
  Value removed = std::move(l->items[static_cast<size_t>(i)]);
  l->items.erase(l->items.begin() + i);
  return Value::none();
}

Value list_pop(Vm& vm, Args& args) {
  List* l = self_list(vm, args, "pop");
  if (!l || !var_args(vm, args, "pop", 0, 1)) return {};
  int64_t i = -1;
  if (args.n > 1 && !to_index(vm, args[1], &i)) return {};
  int64_t n = static_cast<int64_t>(l->items.size());
  if (n == 0) return vm.raise(vm.exc.IndexError.get(), "pop from empty list");
  if (i < 0) i += n;
  if (i < 0 || i >= n) return vm.raise(vm.exc.IndexError.get(), "pop index out of range");
  Value v = std::move(l->items[static_cast<size_t>(i)]);
  l->items.erase(l->items.begin() + i);
  return v;
}

Value list_index(Vm& vm, Args& args) {
  List* l = self_list(vm, args, "index");
  if (!l || !var_args(vm, args, "index", 1, 3)) return {};
  Value self = args[0];
  int64_t start = 0, stop = INT64_MAX;
  if (args.n > 2 && !index_arg(vm, args[2], &start)) return {};
  if (args.n > 3 && !index_arg(vm, args[3], &stop)) return {};
  clamp_slice(start, stop, static_cast<int64_t>(l->items.size()));
  int64_t i = seq_index(vm, l->items, args[1], start, stop);
  if (i == -2) return {};
  if (i < 0) {
    std::string r;
    if (!repr_into(vm, args[1], r)) return {};
    return vm.raisef(vm.exc.ValueError.get(), "{} is not in list", r);
  }
  return Value::integer(i);
}

Value list_count(Vm& vm, Args& args) {
  List* l = self_list(vm, args, "count");
  if (!l || !meth_args(vm, args, "list.count", 1)) return {};
  Value self = args[0];
  int64_t n = seq_count(vm, l->items, args[1]);
  if (n < 0) return {};
  return Value::integer(n);
}

Value list_sort(Vm& vm, Args& args) {
  List* l = self_list(vm, args, "sort");
  if (!l) return {};
  if (args.n > 1) return vm.raise(vm.exc.TypeError.get(), "sort() takes no positional arguments");
  Value key, reverse_arg;
  for (int k = 0; k < args.nkw(); ++k) {
    std::string_view name = args.kwnames->items[k].as<Str>()->view();
    if (name == "key")
      key = args.kwv()[k];
    else if (name == "reverse")
      reverse_arg = args.kwv()[k];
    else
      return vm.raisef(vm.exc.TypeError.get(), "'{}' is an invalid keyword argument for sort()", name);
  }
  bool reverse = false;
  if (!reverse_arg.is_null()) {
    int t = truthy(vm, reverse_arg);
    if (t < 0) return {};
    reverse = t;
  }
  Value self = args[0];
  // As in CPython the list is empty while it is being sorted: key functions
  // and comparisons that look at it see [], and changes they make are
  // detected and discarded.
  std::vector<Value> items = std::move(l->items);
  l->items.clear();
  bool ok = sort_values(vm, items, key, reverse);
  bool modified = !l->items.empty();
  std::vector<Value> discarded = std::move(l->items);
  l->items = std::move(items);
  if (!ok) return {};
  if (modified) return vm.raise(vm.exc.ValueError.get(), "list modified during sort");
  return Value::none();
}

Value list_reverse(Vm& vm, Args& args) {
  List* l = self_list(vm, args, "reverse");
  if (!l || !meth_args(vm, args, "list.reverse", 0)) return {};
  std::reverse(l->items.begin(), l->items.end());
  return Value::none();
}

Value list_copy(Vm& vm, Args& args) {
  List* l = self_list(vm, args, "copy");
  if (!l || !meth_args(vm, args, "list.copy", 0)) return {};
  return Value(make_list(l->items));
}

Value list_clear(Vm& vm, Args& args) {
  List* l = self_list(vm, args, "clear");
  if (!l || !meth_args(vm, args, "list.clear", 0)) return {};
  // Destroying the items may run nothing user-visible, but move them out
  // first so the list is consistent while they die.
  std::vector<Value> old = std::move(l->items);
  l->items.clear();
  return Value::none();
}

// ---- tuple ---------------------------------------------------------------------------------

Value tuple_index(Vm& vm, Args& args) {
  Tuple* t = self_tuple(vm, args, "index");
  if (!t || !var_args(vm, args, "index", 1, 3)) return {};
  Value self = args[0];
  int64_t start = 0, stop = INT64_MAX;
  if (args.n > 2 && !index_arg(vm, args[2], &start)) return {};
  if (args.n > 3 && !index_arg(vm, args[3], &stop)) return {};
  clamp_slice(start, stop, static_cast<int64_t>(t->items.size()));
  int64_t i = seq_index(vm, t->items, args[1], start, stop);
  if (i == -2) return {};
  if (i < 0) return vm.raise(vm.exc.ValueError.get(), "tuple.index(x): x not in tuple");
  return Value::integer(i);
}

Value tuple_count(Vm& vm, Args& args) {
  Tuple* t = self_tuple(vm, args, "count");
  if (!t || !meth_args(vm, args, "tuple.count", 1)) return {};
  Value self = args[0];
  int64_t n = seq_count(vm, t->items, args[1]);
  if (n < 0) return {};
  return Value::integer(n);
}

// ---- dict ------------------------------------------------------------------------------------

Value dict_get_method(Vm& vm, Args& args) {
  Dict* d = self_dict(vm, args, "get");
  if (!d || !var_args(vm, args, "get", 1, 2)) return {};
  Value self = args[0];
  Value v = dict_get(vm, d, args[1]);
  if (!v.is_null()) return v;
  if (vm.has_error()) return {};
  return args.n > 2 ? args[2] : Value::none();
}

Value dict_setdefault(Vm& vm, Args& args) {
  Dict* d = self_dict(vm, args, "setdefault");
  if (!d || !var_args(vm, args, "setdefault", 1, 2)) return {};
  Value self = args[0];
  Value v = dict_get(vm, d, args[1]);
  if (!v.is_null()) return v;
  if (vm.has_error()) return {};
  Value def = args.n > 2 ? args[2] : Value::none();
  if (!dict_set(vm, d, args[1], def)) return {};
  return def;
}

Value dict_pop(Vm& vm, Args& args) {
  Dict* d = self_dict(vm, args, "pop");
  if (!d || !var_args(vm, args, "pop", 1, 2)) return {};
  Value self = args[0];
  int64_t h;
  if (!hash_value(vm, args[1], &h)) return {};
  bool found = false;
  Value old;
  if (!d->table.remove(vm, args[1], h, &found, &old)) return {};
  if (found) return old;
  if (args.n > 2) return args[2];
  return vm.raise_with_args(vm.exc.KeyError.get(), {args[1]});
}

Value dict_popitem(Vm& vm, Args& args) {
  Dict* d = self_dict(vm, args, "popitem");
  if (!d || !meth_args(vm, args, "dict.popitem", 0)) return {};
  auto& entries = d->table.entries();
  for (int64_t i = static_cast<int64_t>(entries.size()) - 1; i >= 0; --i) {
    if (entries[static_cast<size_t>(i)].key.is_null()) continue;
    Value k = entries[static_cast<size_t>(i)].key;
    Value v = entries[static_cast<size_t>(i)].value;
    d->table.remove_at(i);
    return Value(make_tuple({std::move(k), std::move(v)}));
  }
  return vm.raise_with_args(vm.exc.KeyError.get(), {Value(vm.str("popitem(): dictionary is empty"))});
}

Value dict_update(Vm& vm, Args& args) {
  Dict* d = self_dict(vm, args, "update");
  if (!d) return {};
  if (args.n > 2) return vm.raisef(vm.exc.TypeError.get(), "update expected at most 1 argument, got {}", args.n - 1);
  Value self = args[0];
  if (args.n == 2 && !dict_update_from(vm, d, args[1])) return {};
  for (int k = 0; k < args.nkw(); ++k)
    if (!dict_set(vm, d, args.kwnames->items[k], args.kwv()[k])) return {};
  return Value::none();
}

Value dict_view(Vm& vm, Args& args, const char* qualname, DictView::Which which) {
  Dict* d = self_dict(vm, args, qualname + 5);
  if (!d || !meth_args(vm, args, qualname, 0)) return {};
  return Value(make<DictView>(Ref<Dict>(d), which));
}

Value dict_keys(Vm& vm, Args& args) { return dict_view(vm, args, "dict.keys", DictView::Keys); }
Value dict_values(Vm& vm, Args& args) { return dict_view(vm, args, "dict.values", DictView::Values); }
Value dict_items(Vm& vm, Args& args) { return dict_view(vm, args, "dict.items", DictView::Items); }

Ref<Dict> copy_dict(Dict* d) {
  auto out = make<Dict>();
  for (const auto& e : d->table.entries())
    if (!e.key.is_null()) out->table.insert_new(e.key, e.hash, e.value);
  return out;
}

Value dict_copy(Vm& vm, Args& args) {
  Dict* d = self_dict(vm, args, "copy");
  if (!d || !meth_args(vm, args, "dict.copy", 0)) return {};
  return Value(copy_dict(d));
}

Value dict_clear(Vm& vm, Args& args) {
  Dict* d = self_dict(vm, args, "clear");
  if (!d || !meth_args(vm, args, "dict.clear", 0)) return {};
  d->table.clear();
  return Value::none();
}

// dict.fromkeys(iterable, value=None), reached as a class method: args[0]
// is the class.
Value dict_fromkeys(Vm& vm, Args& args) {
  if (!var_args(vm, args, "fromkeys", 1, 2)) return {};
  Value value = args.n > 2 ? args[2] : Value::none();
  auto d = make<Dict>();
  Value it = get_iter(vm, args[1]);
  if (it.is_null()) return {};
  for (;;) {
    Value k = iter_next(vm, it);
    if (k.is_null()) {
      if (vm.has_error()) return {};
      break;
    }
    if (!dict_set(vm, d.get(), std::move(k), value)) return {};
  }
  return Value(std::move(d));
}

// ---- set and frozenset ----------------------------------------------------------------------------

// 1 if key is in s, 0 if not, -1 on error.
int set_has(Vm& vm, Set* s, const Value& key) {
  int64_t h;
  if (!hash_value(vm, key, &h)) return -1;
  int64_t pos;
  if (!s->table.find(vm, key, h, &pos)) return -1;
  return pos >= 0 ? 1 : 0;
}

std::vector<Value> set_items(Set* s) {
  std::vector<Value> out;
  out.reserve(static_cast<size_t>(s->table.size()));
  for (const auto& e : s->table.entries())
    if (!e.key.is_null()) out.push_back(e.key);
  return out;
}

Ref<Set> copy_set(Set* s, bool frozen) {
  auto out = make<Set>(frozen);
  for (const auto& e : s->table.entries())
    if (!e.key.is_null()) out->table.insert_new(e.key, e.hash, Value());
  return out;
}

// Another operand as a set: sets as themselves, other iterables collected.
Ref<Set> as_set(Vm& vm, const Value& other) {
  if (other.is_kind(ObjKind::Set) || other.is_kind(ObjKind::FrozenSet)) return Ref<Set>(other.as<Set>());
  auto s = make<Set>();
  Value it = get_iter(vm, other);
  if (it.is_null()) return nullptr;
  for (;;) {
    Value item = iter_next(vm, it);
    if (item.is_null()) {
      if (vm.has_error()) return nullptr;
      return s;
    }
    if (!set_add(vm, s.get(), std::move(item))) return nullptr;
  }
}

bool add_all(Vm& vm, Set* s, const Value& other) {
  if (other.is_kind(ObjKind::Set) || other.is_kind(ObjKind::FrozenSet)) {
    for (Value& item : set_items(other.as<Set>()))
      if (!set_add(vm, s, std::move(item))) return false;
    return true;
  }
  Value it = get_iter(vm, other);
  if (it.is_null()) return false;
  for (;;) {
    Value item = iter_next(vm, it);
    if (item.is_null()) return !vm.has_error();
    if (!set_add(vm, s, std::move(item))) return false;
  }
}

bool set_remove_key(Vm& vm, Set* s, const Value& key, bool* found) {
  int64_t h;
  if (!hash_value(vm, key, &h)) return false;
  Value old;
  return s->table.remove(vm, key, h, found, &old);
}

Value set_add_method(Vm& vm, Args& args) {
  Set* s = self_set(vm, args, "add", true);
  if (!s || !meth_args(vm, args, "set.add", 1)) return {};
  Value self = args[0];
  if (!set_add(vm, s, args[1])) return {};
  return Value::none();
}

Value set_discard(Vm& vm, Args& args) {
  Set* s = self_set(vm, args, "discard", true);
  if (!s || !meth_args(vm, args, "set.discard", 1)) return {};
  Value self = args[0];
  bool found;
  if (!set_remove_key(vm, s, args[1], &found)) return {};
  return Value::none();
}

Value set_remove(Vm& vm, Args& args) {
  Set* s = self_set(vm, args, "remove", true);
  if (!s || !meth_args(vm, args, "set.remove", 1)) return {};
  Value self = args[0];
  bool found;
  if (!set_remove_key(vm, s, args[1], &found)) return {};
  if (!found) return vm.raise_with_args(vm.exc.KeyError.get(), {args[1]});
  return Value::none();
}

Value set_pop(Vm& vm, Args& args) {
  Set* s = self_set(vm, args, "pop", true);
  if (!s || !meth_args(vm, args, "set.pop", 0)) return {};
  auto& entries = s->table.entries();
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].key.is_null()) continue;
    Value k = entries[i].key;
    s->table.remove_at(static_cast<int64_t>(i));
    return k;
  }
  return vm.raise_with_args(vm.exc.KeyError.get(), {Value(vm.str("pop from an empty set"))});
}

Value set_clear(Vm& vm, Args& args) {
  Set* s = self_set(vm, args, "clear", true);
  if (!s || !meth_args(vm, args, "set.clear", 0)) return {};
  s->table.clear();
  return Value::none();
}

Value set_copy(Vm& vm, Args& args) {
  Set* s = self_set(vm, args, "copy", false);
  if (!s || !meth_args(vm, args, "set.copy", 0)) return {};
  if (s->kind() == ObjKind::FrozenSet) return args[0];
  return Value(copy_set(s, false));
}

bool no_kw(Vm& vm, Args& args, const char* qualname) {
  if (args.nkw() == 0) return true;
  vm.raisef(vm.exc.TypeError.get(), "{}() takes no keyword arguments", qualname);
  return false;
}

Value set_update(Vm& vm, Args& args) {
  Set* s = self_set(vm, args, "update", true);
  if (!s || !no_kw(vm, args, "set.update")) return {};
  Value self = args[0];
  for (int i = 1; i < args.n; ++i)
    if (!add_all(vm, s, args[i])) return {};
  return Value::none();
}

Value set_union(Vm& vm, Args& args) {
  Set* s = self_set(vm, args, "union", false);
  if (!s || !no_kw(vm, args, "set.union")) return {};
  Ref<Set> out = copy_set(s, s->kind() == ObjKind::FrozenSet);
  for (int i = 1; i < args.n; ++i)
    if (!add_all(vm, out.get(), args[i])) return {};
  return Value(std::move(out));
}

// Items of `base` that are (keep_common) / are not in `other`.
Ref<Set> filter_set(Vm& vm, Set* base, const Value& other, bool keep_common, bool frozen) {
  Ref<Set> o = as_set(vm, other);
  if (!o) return nullptr;
  auto out = make<Set>(frozen);
  for (Value& item : set_items(base)) {
    int has = set_has(vm, o.get(), item);
    if (has < 0) return nullptr;
    if ((has == 1) == keep_common && !set_add(vm, out.get(), std::move(item))) return nullptr;
  }
  return out;
}

Value set_filter_many(Vm& vm, Args& args, const char* name, bool keep_common, bool update) {
  Set* s = self_set(vm, args, name, update);
  if (!s) return {};
  std::string qual = std::string("set.") + name;
  if (!no_kw(vm, args, qual.c_str())) return {};
  Value self = args[0];
  bool frozen = s->kind() == ObjKind::FrozenSet;
  Ref<Set> cur = copy_set(s, frozen);
  for (int i = 1; i < args.n; ++i) {
    cur = filter_set(vm, cur.get(), args[i], keep_common, frozen);
    if (!cur) return {};
  }
  if (!update) return Value(std::move(cur));
  s->table.clear();
  for (const auto& e : cur->table.entries())
    if (!e.key.is_null()) s->table.insert_new(e.key, e.hash, Value());
  return Value::none();
}

Value set_intersection(Vm& vm, Args& args) { return set_filter_many(vm, args, "intersection", true, false); }
Value set_difference(Vm& vm, Args& args) { return set_filter_many(vm, args, "difference", false, false); }
Value set_intersection_update(Vm& vm, Args& args) {
  return set_filter_many(vm, args, "intersection_update", true, true);
}
Value set_difference_update(Vm& vm, Args& args) { return set_filter_many(vm, args, "difference_update", false, true); }

Value set_symmetric_common(Vm& vm, Args& args, const char* name, bool update) {
  Set* s = self_set(vm, args, name, update);
  if (!s) return {};
  std::string qual = std::string("set.") + name;
  if (!meth_args(vm, args, qual.c_str(), 1)) return {};
  Value self = args[0];
  Ref<Set> o = as_set(vm, args[1]);
  if (!o) return {};
  bool frozen = s->kind() == ObjKind::FrozenSet;
  auto out = make<Set>(frozen);
  for (Value& item : set_items(s)) {
    int has = set_has(vm, o.get(), item);
    if (has < 0) return {};
    if (!has && !set_add(vm, out.get(), std::move(item))) return {};
  }
  for (Value& item : set_items(o.get())) {
    int has = set_has(vm, s, item);
    if (has < 0) return {};
    if (!has && !set_add(vm, out.get(), std::move(item))) return {};
  }
  if (!update) return Value(std::move(out));
  s->table.clear();
  for (const auto& e : out->table.entries())
    if (!e.key.is_null()) s->table.insert_new(e.key, e.hash, Value());
  return Value::none();
}

Value set_symmetric_difference(Vm& vm, Args& args) {
  return set_symmetric_common(vm, args, "symmetric_difference", false);
}
Value set_symmetric_difference_update(Vm& vm, Args& args) {
  return set_symmetric_common(vm, args, "symmetric_difference_update", true);
}

// Every item of a is in b.
int all_in(Vm& vm, Set* a, Set* b) {
  for (Value& item : set_items(a)) {
    int has = set_has(vm, b, item);
    if (has <= 0) return has;
  }
  return 1;
}

Value set_issubset(Vm& vm, Args& args) {
  Set* s = self_set(vm, args, "issubset", false);
  if (!s || !meth_args(vm, args, "set.issubset", 1)) return {};
  Value self = args[0];
  Ref<Set> o = as_set(vm, args[1]);
  if (!o) return {};
  int r = all_in(vm, s, o.get());
  if (r < 0) return {};
  return Value::boolean(r);
}

Value set_issuperset(Vm& vm, Args& args) {
  Set* s = self_set(vm, args, "issuperset", false);
  if (!s || !meth_args(vm, args, "set.issuperset", 1)) return {};
  Value self = args[0];
  Ref<Set> o = as_set(vm, args[1]);
  if (!o) return {};
  int r = all_in(vm, o.get(), s);
  if (r < 0) return {};
  return Value::boolean(r);
}

Value set_isdisjoint(Vm& vm, Args& args) {
  Set* s = self_set(vm, args, "isdisjoint", false);
  if (!s || !meth_args(vm, args, "set.isdisjoint", 1)) return {};
  Value self = args[0];
  Ref<Set> o = as_set(vm, args[1]);
  if (!o) return {};
  for (Value& item : set_items(o.get())) {
    int has = set_has(vm, s, item);
    if (has < 0) return {};
    if (has) return Value::boolean(false);
  }
  return Value::boolean(true);
}

// ---- dunders reachable as bound methods (d.__getitem__ as a key function) ----------
// The operations themselves dispatch on the object kind first, so these
// never recurse into themselves.

bool dunder_self(Vm& vm, Args& args, const char* name, int nargs) {
  if (args.n < 1) {
    vm.raisef(vm.exc.TypeError.get(), "descriptor '{}' needs an argument", name);
    return false;
  }
  if (args.nkw() > 0 || args.n - 1 != nargs) {
    vm.raisef(vm.exc.TypeError.get(), "expected {} argument{}, got {}", nargs, nargs == 1 ? "" : "s", args.n - 1);
    return false;
  }
  return true;
}

Value dunder_getitem(Vm& vm, Args& args) {
  if (!dunder_self(vm, args, "__getitem__", 1)) return {};
  return getitem(vm, args[0], args[1]);
}

Value dunder_setitem(Vm& vm, Args& args) {
  if (!dunder_self(vm, args, "__setitem__", 2)) return {};
  if (!setitem(vm, args[0], args[1], args[2])) return {};
  return Value::none();
}

Value dunder_delitem(Vm& vm, Args& args) {
  if (!dunder_self(vm, args, "__delitem__", 1)) return {};
  if (!delitem(vm, args[0], args[1])) return {};
  return Value::none();
}

Value dunder_len(Vm& vm, Args& args) {
  if (!dunder_self(vm, args, "__len__", 0)) return {};
  int64_t n;
  if (!length(vm, args[0], &n)) return {};
  return Value::integer(n);
}

Value dunder_contains(Vm& vm, Args& args) {
  if (!dunder_self(vm, args, "__contains__", 1)) return {};
  int r = contains(vm, args[0], args[1]);
  if (r < 0) return {};
  return Value::boolean(r);
}

}  // namespace

bool dict_update_from(Vm& vm, Dict* d, const Value& other) {
  Ref<Dict> hold(d);
  if (other.is_kind(ObjKind::Dict)) {
    Dict* src = other.as<Dict>();
    if (src == d) return true;
    // Snapshot: inserting may run __eq__ of colliding keys.
    std::vector<HashTable::Entry> entries;
    for (const auto& e : src->table.entries())
      if (!e.key.is_null()) entries.push_back(e);
    for (auto& e : entries)
      if (!d->table.insert(vm, std::move(e.key), e.hash, std::move(e.value))) return false;
    return true;
  }
  // A mapping: anything with keys() (and __getitem__).
  if (other.is_obj() && !other.is_kind(ObjKind::List) && !other.is_kind(ObjKind::Tuple) &&
      !other.is_kind(ObjKind::Str)) {
    Value keys_fn = getattr_opt(vm, other, vm.intern("keys"));
    if (keys_fn.is_null() && vm.has_error()) return false;
    if (!keys_fn.is_null()) {
      Value keys = vm.call(keys_fn, std::vector<Value>{});
      if (keys.is_null()) return false;
      std::vector<Value> ks;
      if (!collect(vm, keys, ks)) return false;
      for (Value& k : ks) {
        Value v = getitem(vm, other, k);
        if (v.is_null()) return false;
        if (!dict_set(vm, d, std::move(k), std::move(v))) return false;
      }
      return true;
    }
  }
  Value it = get_iter(vm, other);
  if (it.is_null()) return false;
  for (int64_t n = 0;; ++n) {
    Value item = iter_next(vm, it);
    if (item.is_null()) return !vm.has_error();
    std::vector<Value> pair;
    if (item.is_kind(ObjKind::Tuple) || item.is_kind(ObjKind::List)) {
      pair = item.is_kind(ObjKind::Tuple) ? item.as<Tuple>()->items : item.as<List>()->items;
    } else {
      Value inner = get_iter(vm, item);
      if (inner.is_null()) {
        if (!vm.error_matches(vm.exc.TypeError.get())) return false;
        vm.take_error();
        vm.raisef(vm.exc.TypeError.get(), "cannot convert dictionary update sequence element #{} to a sequence", n);
        return false;
      }
      if (!collect(vm, inner, pair)) return false;
    }
    if (pair.size() != 2) {
      vm.raisef(vm.exc.ValueError.get(), "dictionary update sequence element #{} has length {}; 2 is required", n,
                pair.size());
      return false;
    }
    if (!dict_set(vm, d, std::move(pair[0]), std::move(pair[1]))) return false;
  }
}

namespace {


}  // namespace

void install_container_methods(Vm& vm) {
  struct Entry {
    const char* name;
    NativeFn fn;
  };
  static const Entry kList[] = {
      {"append", list_append},
      {"extend", list_extend},
      {"insert", list_insert},
      {"remove", list_remove},
      {"pop", list_pop},
      {"index", list_index},
      {"count", list_count},
      {"sort", list_sort},
      {"reverse", list_reverse},
      {"copy", list_copy},
      {"clear", list_clear},
  };
  for (const Entry& e : kList) vm.def_method(vm.cls.list.get(), e.name, e.fn);

  vm.def_method(vm.cls.tuple.get(), "index", tuple_index);
  vm.def_method(vm.cls.tuple.get(), "count", tuple_count);

  static const Entry kDict[] = {
      {"get", dict_get_method},
      {"setdefault", dict_setdefault},
      {"pop", dict_pop},
      {"popitem", dict_popitem},
      {"update", dict_update},
      {"keys", dict_keys},
      {"values", dict_values},
      {"items", dict_items},
      {"copy", dict_copy},
      {"clear", dict_clear},
  };
  for (const Entry& e : kDict) vm.def_method(vm.cls.dict.get(), e.name, e.fn);
  // dict.fromkeys is a class method: the native receives the class first.
  Ref<NativeFunction> fromkeys = vm.native("fromkeys", dict_fromkeys);
  fromkeys->owner = vm.cls.dict.get();
  dict_set_str(vm.cls.dict->dict.get(), vm.intern("fromkeys"),
               Value(make<Descriptor>(ObjKind::ClassMethod, Value(fromkeys))));

  // Methods both set and frozenset have.
  static const Entry kSetCommon[] = {
      {"copy", set_copy},
      {"union", set_union},
      {"intersection", set_intersection},
      {"difference", set_difference},
      {"symmetric_difference", set_symmetric_difference},
      {"issubset", set_issubset},
      {"issuperset", set_issuperset},
      {"isdisjoint", set_isdisjoint},
  };
  static const Entry kSetOnly[] = {
      {"add", set_add_method},
      {"discard", set_discard},
      {"remove", set_remove},
      {"pop", set_pop},
      {"clear", set_clear},
      {"update", set_update},
      {"intersection_update", set_intersection_update},
      {"difference_update", set_difference_update},
      {"symmetric_difference_update", set_symmetric_difference_update},
  };
  for (const Entry& e : kSetCommon) {
    vm.def_method(vm.cls.set.get(), e.name, e.fn);
    vm.def_method(vm.cls.frozenset.get(), e.name, e.fn);
  }
  for (const Entry& e : kSetOnly) vm.def_method(vm.cls.set.get(), e.name, e.fn);

  const BuiltinClasses& c = vm.cls;
  for (Class* cls : {c.list.get(), c.tuple.get(), c.dict.get(), c.range.get()})
    vm.def_method(cls, "__getitem__", dunder_getitem);
  for (Class* cls : {c.list.get(), c.dict.get()}) {
    vm.def_method(cls, "__setitem__", dunder_setitem);
    vm.def_method(cls, "__delitem__", dunder_delitem);
  }
  for (Class* cls : {c.list.get(), c.tuple.get(), c.dict.get(), c.set.get(), c.frozenset.get(), c.range.get(),
                     c.dict_keys.get(), c.dict_values.get(), c.dict_items.get()}) {
    vm.def_method(cls, "__len__", dunder_len);
    vm.def_method(cls, "__contains__", dunder_contains);
  }
}

}  // namespace spindle
