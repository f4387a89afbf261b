// The abstract object layer: what CPython's Objects/abstract.c, object.c and
// the per-type slots do for the operators, attribute access, subscripting,
// iteration, hashing, repr/str and tracebacks.
//
// Conventions: anything here may run user code (dunder methods through
// Vm::call). Values read out of a container are copied into locals before
// any call that may run user code, since that code may mutate or free the
// container; sizes are re-read after every such call.
#include "core/ops.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/code.hpp"
#include "core/numfmt.hpp"
#include "core/strfmt.hpp"
#include "core/utf8.hpp"

namespace spindle {

using ast::BinOpKind;
using ast::CmpOpKind;
using ast::UnaryOpKind;

namespace {

// ---- small helpers --------------------------------------------------------------

constexpr const char* kIntOverflow = "integer overflow: Spindle ints are 64-bit";

// Instances of user classes and exceptions: the values whose behaviour comes
// from dunder methods rather than from C++.
inline bool is_user(const Value& v) { return v.is_kind(ObjKind::Instance) || v.is_kind(ObjKind::Exception); }

inline bool is_numeric(const Value& v) { return v.is_intlike() || v.is_float(); }

inline double to_double(const Value& v) { return v.is_float() ? v.as_float() : static_cast<double>(v.as_int()); }

inline bool same_name(const Str* a, const Str* b) { return a == b || a->str() == b->str(); }

std::string address(const void* p) { return fmt::format("0x{:x}", reinterpret_cast<uintptr_t>(p)); }

// Looks a special method up on a class, ignoring object's default
// implementations (which the callers below implement directly).
Value find_dunder(Vm& vm, Class* cls, Str* name) {
  Value m = cls->lookup(name);
  if (m.is_kind(ObjKind::NativeFunction) && m.as<NativeFunction>()->owner == vm.cls.object.get()) return Value();
  return m;
}

// Calls the class attribute `m` as a method of `self`.
Value call_dunder(Vm& vm, const Value& m, const Value& self, std::vector<Value> extra) {
  if (m.is_kind(ObjKind::Function) || m.is_kind(ObjKind::NativeFunction)) {
    extra.insert(extra.begin(), self);
    return vm.call(m, std::move(extra));
  }
  Value bound = make_bound(vm, m, self);
  if (bound.is_null()) return Value();
  return vm.call(bound, std::move(extra));
}

bool is_not_implemented(Vm& vm, const Value& v) { return v.is(vm.not_implemented); }

// Qualified class name for messages and reprs: "Foo" for builtins and
// __main__, "mod.Foo" otherwise.
std::string class_module(const Class* c) {
  return c->module_name.is_kind(ObjKind::Str) ? c->module_name.as<Str>()->str() : std::string();
}

std::string default_object_repr(Vm& vm, const Value& v) {
  Class* c = vm.class_of(v);
  std::string mod = class_module(c);
  std::string prefix = mod.empty() || mod == "builtins" ? "" : mod + ".";
  return fmt::format("<{}{} object at {}>", prefix, c->qualname, address(v.is_obj() ? v.as_obj() : nullptr));
}

Value raise_memory(Vm& vm) { return vm.raise(vm.exc.MemoryError.get(), ""); }

// vm.check_c_stack() with CPython's wording for where the recursion was
// (" while getting the repr of an object", " in comparison").
bool check_stack(Vm& vm, const char* where) {
  if (vm.check_c_stack()) return true;
  vm.take_error();
  vm.raisef(vm.exc.RecursionError.get(), "maximum recursion depth exceeded{}", where);
  return false;
}

// Keeps `o` on vm.repr_stack for the duration of a container's repr.
class ReprGuard {
 public:
  ReprGuard(Vm& vm, Object* o) : vm_(vm) {
    for (Object* p : vm.repr_stack)
      if (p == o) {
        recursive_ = true;
        return;
      }
    vm.repr_stack.push_back(o);
  }
  ~ReprGuard() {
    if (!recursive_) vm_.repr_stack.pop_back();
  }
  bool recursive() const { return recursive_; }

 private:
  Vm& vm_;
  bool recursive_ = false;
};

const std::vector<Value>* seq_items(const Value& v) {
  if (v.is_kind(ObjKind::List)) return &v.as<List>()->items;
  if (v.is_kind(ObjKind::Tuple)) return &v.as<Tuple>()->items;
  return nullptr;
}

HashTable* table_of(const Value& v) {
  if (v.is_kind(ObjKind::Set) || v.is_kind(ObjKind::FrozenSet)) return &v.as<Set>()->table;
  if (v.is_kind(ObjKind::Dict)) return &v.as<Dict>()->table;
  return nullptr;
}

inline bool is_set_like(const Value& v) { return v.is_kind(ObjKind::Set) || v.is_kind(ObjKind::FrozenSet); }

// Snapshot of a table's live entries (keys, values, hashes), for loops that
// run user code per entry.
std::vector<HashTable::Entry> live_entries(const HashTable& t) {
  std::vector<HashTable::Entry> out;
  out.reserve(static_cast<size_t>(t.size()));
  for (const auto& e : t.entries())
    if (!e.key.is_null()) out.push_back(e);
  return out;
}

// key in table, for a key whose hash is known. -1 on error.
int table_has(Vm& vm, HashTable& t, const Value& key, int64_t hash) {
  int64_t pos;
  if (!t.find(vm, key, hash, &pos)) return -1;
  return pos >= 0 ? 1 : 0;
}

int table_has(Vm& vm, HashTable& t, const Value& key) {
  int64_t h;
  if (!hash_value(vm, key, &h)) return -1;
  return table_has(vm, t, key, h);
}

}  // namespace

// ---- construction helpers ----------------------------------------------------------

Ref<Tuple> make_tuple(std::vector<Value> items) { return make<Tuple>(std::move(items)); }
Ref<List> make_list(std::vector<Value> items) { return make<List>(std::move(items)); }

// ---- truth -------------------------------------------------------------------------

namespace {

// Converts the result of a user __len__ to a length.
bool len_result(Vm& vm, const Value& r, int64_t* out) {
  int64_t n;
  if (r.is_intlike()) {
    n = r.as_int();
  } else if (is_user(r)) {
    if (!to_index(vm, r, &n)) return false;
  } else {
    vm.raisef(vm.exc.TypeError.get(), "'{}' object cannot be interpreted as an integer", vm.type_name(r));
    return false;
  }
  if (n < 0) {
    vm.raise(vm.exc.ValueError.get(), "__len__() should return >= 0");
    return false;
  }
  *out = n;
  return true;
}

}  // namespace

int truthy(Vm& vm, const Value& v) {
  switch (v.tag()) {
    case Tag::Null:
    case Tag::None:
      return 0;
    case Tag::Bool:
    case Tag::Int:
      return v.as_int() != 0;
    case Tag::Float:
      return v.as_float() != 0.0;
    case Tag::Obj:
      break;
  }
  switch (v.as_obj()->kind()) {
    case ObjKind::Str: return !v.as<Str>()->str().empty();
    case ObjKind::Tuple: return !v.as<Tuple>()->items.empty();
    case ObjKind::List: return !v.as<List>()->items.empty();
    case ObjKind::Dict: return v.as<Dict>()->table.size() > 0;
    case ObjKind::Set:
    case ObjKind::FrozenSet: return v.as<Set>()->table.size() > 0;
    case ObjKind::Range: return v.as<Range>()->length() > 0;
    case ObjKind::DictView: return v.as<DictView>()->dict->table.size() > 0;
    case ObjKind::Instance:
    case ObjKind::Exception: {
      Class* cls = v.as<Instance>()->cls.get();
      Value m = find_dunder(vm, cls, vm.names.__bool__);
      if (!m.is_null()) {
        Value r = call_dunder(vm, m, v, {});
        if (r.is_null()) return -1;
        if (!r.is_bool()) {
          vm.raisef(vm.exc.TypeError.get(), "__bool__ should return bool, returned {}", vm.type_name(r));
          return -1;
        }
        return r.as_bool();
      }
      m = find_dunder(vm, cls, vm.names.__len__);
      if (!m.is_null()) {
        Value r = call_dunder(vm, m, v, {});
        if (r.is_null()) return -1;
        int64_t n;
        if (!len_result(vm, r, &n)) return -1;
        return n > 0;
      }
      return 1;
    }
    default:
      return 1;
  }
}

// ---- hashing -------------------------------------------------------------------------

namespace {

constexpr uint64_t kHashModulus = (uint64_t{1} << 61) - 1;  // CPython's _PyHASH_MODULUS

int64_t identity_hash(const void* p) {
  // Rotate away the alignment zeros so they do not all land in the low bits
  // the hash table indexes by.
  uint64_t a = reinterpret_cast<uintptr_t>(p);
  int64_t h = static_cast<int64_t>((a >> 4) | (a << 60));
  return h == -1 ? -2 : h;
}

// x * 2^e modulo 2^61 - 1, for 0 <= x < modulus: multiplying by 2 modulo a
// Mersenne number rotates the 61-bit value.
uint64_t mul_pow2_mod(uint64_t x, int e) {
  e %= 61;
  if (e < 0) e += 61;
  if (e == 0) return x;
  return ((x << e) & kHashModulus) | (x >> (61 - e));
}

uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

}  // namespace

int64_t hash_int(int64_t i) {
  // Python hashes an integer to its value modulo 2^61 - 1 (keeping the sign),
  // with -1 reserved as the error marker.
  uint64_t mag = i < 0 ? static_cast<uint64_t>(-(i + 1)) + 1 : static_cast<uint64_t>(i);
  int64_t r = static_cast<int64_t>(mag % kHashModulus);
  int64_t h = i < 0 ? -r : r;
  return h == -1 ? -2 : h;
}

int64_t hash_float(double d) {
  // The same reduction as for ints applied to the exact rational value of d,
  // so that hash(2.0) == hash(2) and hash(0.5) == hash(Fraction(1, 2)).
  if (std::isinf(d)) return d > 0 ? 314159 : -314159;
  if (std::isnan(d)) return 0;
  int exp;
  double m = std::frexp(d, &exp);  // d = m * 2^exp, 0.5 <= |m| < 1
  bool negative = m < 0;
  if (negative) m = -m;
  // 53 bits of mantissa as an integer: d = mant * 2^(exp - 53), exactly.
  uint64_t mant = static_cast<uint64_t>(std::ldexp(m, 53));
  uint64_t x = mul_pow2_mod(mant % kHashModulus, exp - 53);
  if (x >= kHashModulus) x -= kHashModulus;
  int64_t h = negative ? -static_cast<int64_t>(x) : static_cast<int64_t>(x);
  return h == -1 ? -2 : h;
}

namespace {

bool unhashable(Vm& vm, const Value& v) {
  vm.raisef(vm.exc.TypeError.get(), "unhashable type: '{}'", vm.type_name(v));
  return false;
}

bool hash_user(Vm& vm, const Value& v, int64_t* out) {
  Class* cls = v.as<Instance>()->cls.get();
  // A class that defines __eq__ without __hash__ has __hash__ = None
  // (CPython sets it when creating the class); walk the MRO to find which
  // applies first.
  for (Class* c : cls->mro) {
    if (!c->dict) continue;
    int64_t pos = c->dict->table.find_str(vm.names.__hash__);
    if (pos >= 0) {
      Value h = c->dict->table.entries()[pos].value;
      if (h.is_none()) return unhashable(vm, v);
      if (h.is_kind(ObjKind::NativeFunction) && h.as<NativeFunction>()->owner == vm.cls.object.get()) {
        *out = identity_hash(v.as_obj());
        return true;
      }
      Value r = call_dunder(vm, h, v, {});
      if (r.is_null()) return false;
      if (!r.is_intlike()) {
        vm.raise(vm.exc.TypeError.get(), "__hash__ method should return an integer");
        return false;
      }
      *out = hash_int(r.as_int());
      return true;
    }
    if (c != vm.cls.object.get() && c->dict->table.find_str(vm.names.__eq__) >= 0) return unhashable(vm, v);
  }
  *out = identity_hash(v.as_obj());
  return true;
}

bool hash_tuple(Vm& vm, const Value& v, int64_t* out) {
  // An xxHash-style combination (the shape CPython's tuplehash uses).
  constexpr uint64_t kP1 = 11400714785074694791ull, kP2 = 14029467366897019727ull, kP5 = 2870177450012600261ull;
  if (!vm.check_c_stack()) return false;
  Ref<Tuple> hold(v.as<Tuple>());  // an item's __hash__ may drop the caller's reference
  const std::vector<Value>& items = hold->items;
  uint64_t acc = kP5;
  for (const Value& item : items) {
    int64_t h;
    if (!hash_value(vm, item, &h)) return false;
    acc += static_cast<uint64_t>(h) * kP2;
    acc = rotl64(acc, 31);
    acc *= kP1;
  }
  acc += items.size() ^ (kP5 ^ 3527539ull);
  int64_t r = static_cast<int64_t>(acc);
  *out = r == -1 ? 1546275796 : r;
  return true;
}

bool hash_frozenset(Vm& vm, const Value& v, int64_t* out) {
  // Order-independent: mix each element's (already computed) hash, then sum.
  uint64_t acc = 0;
  const HashTable& t = v.as<Set>()->table;
  for (const auto& e : t.entries()) {
    if (e.key.is_null()) continue;
    uint64_t h = static_cast<uint64_t>(e.hash);
    h ^= (h << 16) ^ 89869747ull;
    h *= 3644798167ull;
    acc ^= h;
  }
  acc ^= (static_cast<uint64_t>(t.size()) + 1) * 1927868237ull;
  acc = acc * 69069u + 907133923u;
  int64_t r = static_cast<int64_t>(acc);
  *out = r == -1 ? 590923713 : r;
  (void)vm;
  return true;
}

}  // namespace

bool hash_value(Vm& vm, const Value& v, int64_t* out) {
  switch (v.tag()) {
    case Tag::Null:
    case Tag::None:
      *out = 0xFCA86420;  // any constant: None is a singleton
      return true;
    case Tag::Bool:
    case Tag::Int:
      *out = hash_int(v.as_int());
      return true;
    case Tag::Float:
      *out = hash_float(v.as_float());
      return true;
    case Tag::Obj:
      break;
  }
  Object* o = v.as_obj();
  switch (o->kind()) {
    case ObjKind::Str:
      *out = static_cast<Str*>(o)->hash();
      return true;
    case ObjKind::Tuple:
      return hash_tuple(vm, v, out);
    case ObjKind::FrozenSet:
      return hash_frozenset(vm, v, out);
    case ObjKind::Instance:
    case ObjKind::Exception:
      if (v.is(vm.not_implemented) || v.is(vm.ellipsis)) break;
      return hash_user(vm, v, out);
    case ObjKind::List:
    case ObjKind::Dict:
    case ObjKind::Set:
    case ObjKind::DictView:
    case ObjKind::Slice:
      return unhashable(vm, v);
    case ObjKind::Range: {
      Range* r = static_cast<Range*>(o);
      int64_t len = r->length();
      Value key = Value(make_tuple({Value::integer(len), len > 0 ? Value::integer(r->start) : Value::none(),
                                    len > 1 ? Value::integer(r->step) : Value::none()}));
      return hash_tuple(vm, key, out);
    }
    case ObjKind::BoundMethod: {
      BoundMethod* bm = static_cast<BoundMethod*>(o);
      int64_t hs = bm->self.is_obj() ? identity_hash(bm->self.as_obj()) : 0;
      if (!bm->self.is_obj() && !hash_value(vm, bm->self, &hs)) return false;
      int64_t hf = bm->func.is_obj() ? identity_hash(bm->func.as_obj()) : 0;
      int64_t h = hs ^ hf;
      *out = h == -1 ? -2 : h;
      return true;
    }
    default:
      break;
  }
  *out = identity_hash(o);
  return true;
}

// ---- comparison -------------------------------------------------------------------------

namespace {

// Result of a builtin comparison slot.
enum CmpResult : int { kFalse = 0, kTrue = 1, kError = -1, kNotImpl = 2 };

// Three-way compare of i and d, exact (no rounding of i). 2 when unordered.
int cmp_int_double(int64_t i, double d) {
  if (std::isnan(d)) return 2;
  if (d >= 9223372036854775808.0) return -1;
  if (d < -9223372036854775808.0) return 1;
  double fl = std::floor(d);
  int64_t di = static_cast<int64_t>(fl);
  if (i < di) return -1;
  if (i > di) return 1;
  return fl == d ? 0 : -1;
}

int num_cmp(const Value& a, const Value& b) {
  if (a.is_intlike() && b.is_intlike()) {
    int64_t x = a.as_int(), y = b.as_int();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.is_float() && b.is_float()) {
    double x = a.as_float(), y = b.as_float();
    if (std::isnan(x) || std::isnan(y)) return 2;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.is_intlike()) return cmp_int_double(a.as_int(), b.as_float());
  int r = cmp_int_double(b.as_int(), a.as_float());
  return r == 2 ? 2 : -r;
}

bool apply_cmp(CmpOpKind op, int c) {
  if (c == 2) return op == CmpOpKind::NotEq;
  switch (op) {
    case CmpOpKind::Eq: return c == 0;
    case CmpOpKind::NotEq: return c != 0;
    case CmpOpKind::Lt: return c < 0;
    case CmpOpKind::LtE: return c <= 0;
    case CmpOpKind::Gt: return c > 0;
    case CmpOpKind::GtE: return c >= 0;
    default: return false;
  }
}

CmpOpKind reflected(CmpOpKind op) {
  switch (op) {
    case CmpOpKind::Lt: return CmpOpKind::Gt;
    case CmpOpKind::LtE: return CmpOpKind::GtE;
    case CmpOpKind::Gt: return CmpOpKind::Lt;
    case CmpOpKind::GtE: return CmpOpKind::LtE;
    default: return op;
  }
}

const char* cmp_symbol(CmpOpKind op) {
  switch (op) {
    case CmpOpKind::Eq: return "==";
    case CmpOpKind::NotEq: return "!=";
    case CmpOpKind::Lt: return "<";
    case CmpOpKind::LtE: return "<=";
    case CmpOpKind::Gt: return ">";
    case CmpOpKind::GtE: return ">=";
    case CmpOpKind::Is: return "is";
    case CmpOpKind::IsNot: return "is not";
    case CmpOpKind::In: return "in";
    case CmpOpKind::NotIn: return "not in";
  }
  return "?";
}

Str* cmp_dunder(Vm& vm, CmpOpKind op) {
  switch (op) {
    case CmpOpKind::Eq: return vm.names.__eq__;
    case CmpOpKind::NotEq: return vm.names.__ne__;
    case CmpOpKind::Lt: return vm.names.__lt__;
    case CmpOpKind::LtE: return vm.names.__le__;
    case CmpOpKind::Gt: return vm.names.__gt__;
    default: return vm.names.__ge__;
  }
}

bool is_eq_op(CmpOpKind op) { return op == CmpOpKind::Eq || op == CmpOpKind::NotEq; }

// x is y or x == y: how containers compare elements.
int same_or_equal(Vm& vm, const Value& x, const Value& y) {
  if (x.is(y)) return 1;
  return equals(vm, x, y);
}

// Lexicographic comparison of two lists or two tuples.
int seq_compare(Vm& vm, CmpOpKind op, const Value& a, const Value& b) {
  const std::vector<Value>& ia = *seq_items(a);
  const std::vector<Value>& ib = *seq_items(b);
  if (is_eq_op(op) && ia.size() != ib.size()) return op == CmpOpKind::NotEq;
  if (!check_stack(vm, " in comparison")) return kError;
  size_t i = 0;
  for (;; ++i) {
    // Re-read: __eq__ of an element may have changed either list.
    if (i >= ia.size() || i >= ib.size()) break;
    Value x = ia[i], y = ib[i];
    int r = same_or_equal(vm, x, y);
    if (r < 0) return kError;
    if (!r) {
      if (op == CmpOpKind::Eq) return kFalse;
      if (op == CmpOpKind::NotEq) return kTrue;
      int c = compare_bool(vm, op, x, y);
      return c < 0 ? kError : c;
    }
  }
  int64_t na = static_cast<int64_t>(ia.size()), nb = static_cast<int64_t>(ib.size());
  return apply_cmp(op, na < nb ? -1 : na > nb ? 1 : 0);
}

int dict_equal(Vm& vm, Dict* a, Dict* b) {
  if (a->table.size() != b->table.size()) return 0;
  if (!check_stack(vm, " in comparison")) return -1;
  Ref<Dict> hold_a(a), hold_b(b);
  for (const auto& e : live_entries(a->table)) {
    int64_t pos;
    if (!b->table.find(vm, e.key, e.hash, &pos)) return -1;
    if (pos < 0) return 0;
    Value bv = b->table.entries()[pos].value;
    int r = same_or_equal(vm, e.value, bv);
    if (r <= 0) return r;
  }
  return 1;
}

// Every element of a is in b.
int set_subset(Vm& vm, Set* a, Set* b) {
  if (a->table.size() > b->table.size()) return 0;
  Ref<Set> hold_a(a), hold_b(b);
  for (const auto& e : live_entries(a->table)) {
    int r = table_has(vm, b->table, e.key, e.hash);
    if (r <= 0) return r;
  }
  return 1;
}

int set_compare(Vm& vm, CmpOpKind op, Set* a, Set* b) {
  int64_t na = a->table.size(), nb = b->table.size();
  int r;
  switch (op) {
    case CmpOpKind::Eq:
    case CmpOpKind::NotEq:
      r = na == nb ? set_subset(vm, a, b) : 0;
      if (r < 0) return kError;
      return op == CmpOpKind::Eq ? r : !r;
    case CmpOpKind::LtE: return set_subset(vm, a, b);
    case CmpOpKind::Lt: return na < nb ? set_subset(vm, a, b) : 0;
    case CmpOpKind::GtE: return set_subset(vm, b, a);
    case CmpOpKind::Gt: return na > nb ? set_subset(vm, b, a) : 0;
    default: return kNotImpl;
  }
}

// The comparison slots of the builtin types. kNotImpl when the pair is not
// theirs to compare.
int builtin_compare(Vm& vm, CmpOpKind op, const Value& a, const Value& b) {
  if (is_numeric(a) && is_numeric(b)) return apply_cmp(op, num_cmp(a, b));
  if (!a.is_obj() || !b.is_obj()) {
    if (a.is_none() && b.is_none() && is_eq_op(op)) return op == CmpOpKind::Eq;
    return kNotImpl;
  }
  ObjKind ka = a.as_obj()->kind(), kb = b.as_obj()->kind();
  if (ka == ObjKind::Str && kb == ObjKind::Str) {
    // UTF-8 byte order is code point order.
    int c = a.as<Str>()->str().compare(b.as<Str>()->str());
    return apply_cmp(op, c < 0 ? -1 : c > 0 ? 1 : 0);
  }
  if ((ka == ObjKind::List && kb == ObjKind::List) || (ka == ObjKind::Tuple && kb == ObjKind::Tuple))
    return seq_compare(vm, op, a, b);
  if ((ka == ObjKind::Set || ka == ObjKind::FrozenSet) && (kb == ObjKind::Set || kb == ObjKind::FrozenSet))
    return set_compare(vm, op, a.as<Set>(), b.as<Set>());
  if (!is_eq_op(op)) return kNotImpl;
  bool eq;
  if (ka == ObjKind::Dict && kb == ObjKind::Dict) {
    int r = dict_equal(vm, a.as<Dict>(), b.as<Dict>());
    if (r < 0) return kError;
    eq = r;
  } else if (ka == ObjKind::Range && kb == ObjKind::Range) {
    Range* x = a.as<Range>();
    Range* y = b.as<Range>();
    int64_t lx = x->length(), ly = y->length();
    eq = lx == ly && (lx == 0 || (x->start == y->start && (lx == 1 || x->step == y->step)));
  } else if (ka == ObjKind::BoundMethod && kb == ObjKind::BoundMethod) {
    BoundMethod* x = a.as<BoundMethod>();
    BoundMethod* y = b.as<BoundMethod>();
    eq = x->self.is(y->self) && x->func.is(y->func);
  } else if (ka == ObjKind::Slice && kb == ObjKind::Slice) {
    Slice* x = a.as<Slice>();
    Slice* y = b.as<Slice>();
    Value tx = Value(make_tuple({x->start, x->stop, x->step}));
    Value ty = Value(make_tuple({y->start, y->stop, y->step}));
    return seq_compare(vm, op, tx, ty);
  } else if (ka == ObjKind::DictView && kb == ObjKind::DictView && a.as<DictView>()->which == DictView::Keys &&
             b.as<DictView>()->which == DictView::Keys) {
    // Keys views compare as sets.
    Dict* x = a.as<DictView>()->dict.get();
    Dict* y = b.as<DictView>()->dict.get();
    if (x->table.size() != y->table.size()) {
      eq = false;
    } else {
      eq = true;
      Ref<Dict> hold_x(x), hold_y(y);
      for (const auto& e : live_entries(x->table)) {
        int r = table_has(vm, y->table, e.key, e.hash);
        if (r < 0) return kError;
        if (!r) {
          eq = false;
          break;
        }
      }
    }
  } else {
    return kNotImpl;
  }
  return op == CmpOpKind::Eq ? eq : !eq;
}

Value cmp_value(Vm& vm, int r) {
  if (r == kError) return Value();
  if (r == kNotImpl) return vm.not_implemented;
  return Value::boolean(r);
}

// One side's comparison slot: the user's dunder, object's defaults, or the
// builtin slot.
Value slot_compare(Vm& vm, CmpOpKind op, const Value& self, const Value& other) {
  if (!is_user(self)) return cmp_value(vm, builtin_compare(vm, op, self, other));
  Class* cls = self.as<Instance>()->cls.get();
  Value m = find_dunder(vm, cls, cmp_dunder(vm, op));
  if (!m.is_null()) return call_dunder(vm, m, self, {other});
  if (op == CmpOpKind::NotEq) {
    // object.__ne__: the inverse of the class's __eq__.
    Value eq = find_dunder(vm, cls, vm.names.__eq__);
    if (eq.is_null()) return self.is(other) ? Value::boolean(false) : vm.not_implemented;
    Value r = call_dunder(vm, eq, self, {other});
    if (r.is_null() || is_not_implemented(vm, r)) return r;
    int t = truthy(vm, r);
    if (t < 0) return Value();
    return Value::boolean(!t);
  }
  if (op == CmpOpKind::Eq) return self.is(other) ? Value::boolean(true) : vm.not_implemented;
  return vm.not_implemented;
}

}  // namespace

Value compare(Vm& vm, CmpOpKind op, const Value& a, const Value& b) {
  switch (op) {
    case CmpOpKind::Is: return Value::boolean(a.is(b));
    case CmpOpKind::IsNot: return Value::boolean(!a.is(b));
    case CmpOpKind::In:
    case CmpOpKind::NotIn: {
      int r = contains(vm, b, a);
      if (r < 0) return Value();
      return Value::boolean(op == CmpOpKind::In ? r : !r);
    }
    default: break;
  }
  const bool ua = is_user(a), ub = is_user(b);
  if (!ua && !ub) {
    int r = builtin_compare(vm, op, a, b);
    if (r == kError) return Value();
    if (r != kNotImpl) return Value::boolean(r);
  } else {
    const CmpOpKind rop = reflected(op);
    bool tried_reflected = false;
    Class* ca = vm.class_of(a);
    Class* cb = vm.class_of(b);
    // A subclass on the right gets the first word (CPython's rule).
    if (ub && cb != ca && cb->is_subclass_of(ca)) {
      tried_reflected = true;
      Value r = slot_compare(vm, rop, b, a);
      if (r.is_null() || !is_not_implemented(vm, r)) return r;
    }
    Value r = slot_compare(vm, op, a, b);
    if (r.is_null() || !is_not_implemented(vm, r)) return r;
    if (!tried_reflected) {
      r = slot_compare(vm, rop, b, a);
      if (r.is_null() || !is_not_implemented(vm, r)) return r;
    }
  }
  // Neither side knows: == and != fall back to identity.
  if (op == CmpOpKind::Eq) return Value::boolean(a.is(b));
  if (op == CmpOpKind::NotEq) return Value::boolean(!a.is(b));
  return vm.raisef(vm.exc.TypeError.get(), "'{}' not supported between instances of '{}' and '{}'", cmp_symbol(op),
                   vm.type_name(a), vm.type_name(b));
}

int compare_bool(Vm& vm, CmpOpKind op, const Value& a, const Value& b) {
  if (is_numeric(a) && is_numeric(b) && op <= CmpOpKind::GtE) return apply_cmp(op, num_cmp(a, b));
  if (a.is_kind(ObjKind::Str) && b.is_kind(ObjKind::Str) && op <= CmpOpKind::GtE) {
    int c = a.as<Str>()->str().compare(b.as<Str>()->str());
    return apply_cmp(op, c < 0 ? -1 : c > 0 ? 1 : 0);
  }
  Value r = compare(vm, op, a, b);
  if (r.is_null()) return -1;
  if (r.is_bool()) return r.as_bool();
  return truthy(vm, r);
}

int equals(Vm& vm, const Value& a, const Value& b) {
  if (is_numeric(a) && is_numeric(b)) return num_cmp(a, b) == 0;
  if (a.is_obj() && b.is_obj()) {
    if (a.as_obj() == b.as_obj() && !is_user(a)) return 1;
    if (a.is_kind(ObjKind::Str) && b.is_kind(ObjKind::Str)) return a.as<Str>()->str() == b.as<Str>()->str();
  }
  return compare_bool(vm, CmpOpKind::Eq, a, b);
}

int less_than(Vm& vm, const Value& a, const Value& b) { return compare_bool(vm, CmpOpKind::Lt, a, b); }

// ---- arithmetic -----------------------------------------------------------------------

const char* binop_symbol(BinOpKind op) {
  switch (op) {
    case BinOpKind::Add: return "+";
    case BinOpKind::Sub: return "-";
    case BinOpKind::Mult: return "*";
    case BinOpKind::Div: return "/";
    case BinOpKind::FloorDiv: return "//";
    case BinOpKind::Mod: return "%";
    case BinOpKind::Pow: return "**";
    case BinOpKind::LShift: return "<<";
    case BinOpKind::RShift: return ">>";
    case BinOpKind::BitOr: return "|";
    case BinOpKind::BitXor: return "^";
    case BinOpKind::BitAnd: return "&";
    case BinOpKind::MatMult: return "@";
  }
  return "?";
}

namespace {

Value int_overflow(Vm& vm) { return vm.raise(vm.exc.OverflowError.get(), kIntOverflow); }

Value float_overflow(Vm& vm) {
  return vm.raise_with_args(vm.exc.OverflowError.get(),
                            {Value::integer(34), Value(vm.str("Numerical result out of range"))});
}

// x ** y for y >= 0 by repeated squaring, failing on overflow.
bool int_pow(int64_t x, int64_t y, int64_t* out) {
  int64_t result = 1, base = x;
  while (y > 0) {
    if (y & 1) {
      if (__builtin_mul_overflow(result, base, &result)) return false;
    }
    y >>= 1;
    if (y > 0 && __builtin_mul_overflow(base, base, &base)) {
      // Squaring overflowed, but the result only needs it if more bits remain
      // set; |base| > 1 here, so any further multiplication overflows too.
      return false;
    }
  }
  *out = result;
  return true;
}

// Python's float floor division and modulo (results take the divisor's sign).
void float_divmod(double x, double y, double* floordiv, double* mod) {
  double m = std::fmod(x, y);
  double div = (x - m) / y;
  if (m != 0.0) {
    if ((y < 0) != (m < 0)) {
      m += y;
      div -= 1.0;
    }
  } else {
    m = std::copysign(0.0, y);
  }
  double fd;
  if (div != 0.0) {
    fd = std::floor(div);
    if (div - fd > 0.5) fd += 1.0;
  } else {
    fd = std::copysign(0.0, x / y);
  }
  *floordiv = fd;
  *mod = m;
}

Value float_pow(Vm& vm, double x, double y) {
  if (y == 0.0 || x == 1.0) return Value::number(1.0);
  if (x == 0.0 && y < 0.0 && !std::isnan(y))
    return vm.raise(vm.exc.ZeroDivisionError.get(), "0.0 cannot be raised to a negative power");
  if (x < 0.0 && std::isfinite(x) && std::isfinite(y) && std::floor(y) != y)
    return vm.raise(vm.exc.ValueError.get(), "Spindle does not support complex numbers (negative number raised to a "
                                             "fractional power)");
  double r = std::pow(x, y);
  if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) return float_overflow(vm);
  return Value::number(r);
}

Value int_binary(Vm& vm, BinOpKind op, const Value& a, const Value& b) {
  const int64_t x = a.as_int(), y = b.as_int();
  int64_t r;
  switch (op) {
    case BinOpKind::Add:
      if (__builtin_add_overflow(x, y, &r)) return int_overflow(vm);
      return Value::integer(r);
    case BinOpKind::Sub:
      if (__builtin_sub_overflow(x, y, &r)) return int_overflow(vm);
      return Value::integer(r);
    case BinOpKind::Mult:
      if (__builtin_mul_overflow(x, y, &r)) return int_overflow(vm);
      return Value::integer(r);
    case BinOpKind::Div:
      if (y == 0) return vm.raise(vm.exc.ZeroDivisionError.get(), "division by zero");
      return Value::number(static_cast<double>(x) / static_cast<double>(y));
    case BinOpKind::FloorDiv:
      if (y == 0) return vm.raise(vm.exc.ZeroDivisionError.get(), "integer division or modulo by zero");
      if (x == INT64_MIN && y == -1) return int_overflow(vm);
      r = x / y;
      if ((x % y != 0) && ((x < 0) != (y < 0))) --r;
      return Value::integer(r);
    case BinOpKind::Mod:
      if (y == 0) return vm.raise(vm.exc.ZeroDivisionError.get(), "integer modulo by zero");
      if (y == -1) return Value::integer(0);
      r = x % y;
      if (r != 0 && ((r < 0) != (y < 0))) r += y;
      return Value::integer(r);
    case BinOpKind::Pow:
      if (y < 0) {
        if (x == 0) return vm.raise(vm.exc.ZeroDivisionError.get(), "0.0 cannot be raised to a negative power");
        return float_pow(vm, static_cast<double>(x), static_cast<double>(y));
      }
      if (!int_pow(x, y, &r)) return int_overflow(vm);
      return Value::integer(r);
    case BinOpKind::LShift:
      if (y < 0) return vm.raise(vm.exc.ValueError.get(), "negative shift count");
      if (x == 0) return Value::integer(0);
      if (y >= 63) return int_overflow(vm);
      r = static_cast<int64_t>(static_cast<uint64_t>(x) << y);
      if ((r >> y) != x) return int_overflow(vm);
      return Value::integer(r);
    case BinOpKind::RShift:
      if (y < 0) return vm.raise(vm.exc.ValueError.get(), "negative shift count");
      if (y >= 64) return Value::integer(x < 0 ? -1 : 0);
      return Value::integer(x >> y);
    case BinOpKind::BitAnd:
      if (a.is_bool() && b.is_bool()) return Value::boolean(x & y);
      return Value::integer(x & y);
    case BinOpKind::BitOr:
      if (a.is_bool() && b.is_bool()) return Value::boolean(x | y);
      return Value::integer(x | y);
    case BinOpKind::BitXor:
      if (a.is_bool() && b.is_bool()) return Value::boolean(x ^ y);
      return Value::integer(x ^ y);
    case BinOpKind::MatMult:
      break;
  }
  return vm.not_implemented;
}

Value float_binary(Vm& vm, BinOpKind op, double x, double y) {
  switch (op) {
    case BinOpKind::Add: return Value::number(x + y);
    case BinOpKind::Sub: return Value::number(x - y);
    case BinOpKind::Mult: return Value::number(x * y);
    case BinOpKind::Div:
      if (y == 0.0) return vm.raise(vm.exc.ZeroDivisionError.get(), "float division by zero");
      return Value::number(x / y);
    case BinOpKind::FloorDiv:
    case BinOpKind::Mod: {
      if (y == 0.0)
        return vm.raise(vm.exc.ZeroDivisionError.get(),
                        op == BinOpKind::Mod ? "float modulo" : "float floor division by zero");
      double fd, m;
      float_divmod(x, y, &fd, &m);
      return Value::number(op == BinOpKind::Mod ? m : fd);
    }
    case BinOpKind::Pow:
      return float_pow(vm, x, y);
    default:
      return vm.not_implemented;
  }
}

// Sequence repetition count from an int-like operand (bools and __index__
// included). False with no error when v is not int-like.
bool repeat_count(Vm& vm, const Value& v, int64_t* n, bool* failed) {
  *failed = false;
  if (v.is_intlike()) {
    *n = v.as_int();
    return true;
  }
  if (is_user(v) && !find_dunder(vm, v.as<Instance>()->cls.get(), vm.names.__index__).is_null()) {
    if (!to_index(vm, v, n)) *failed = true;
    return true;
  }
  return false;
}

// The limit on a repeated sequence's size, well below what would exhaust
// memory on a typical machine: a clean MemoryError instead of a crash.
constexpr uint64_t kMaxRepeatBytes = uint64_t{1} << 34;

Value repeat_seq(Vm& vm, const Value& seq, int64_t n) {
  if (n < 0) n = 0;
  if (seq.is_kind(ObjKind::Str)) {
    const std::string& s = seq.as<Str>()->str();
    if (n == 1) return seq;
    if (!s.empty() && static_cast<uint64_t>(n) > kMaxRepeatBytes / s.size()) return raise_memory(vm);
    std::string out;
    out.reserve(s.size() * static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) out += s;
    return Value(vm.str(std::move(out)));
  }
  const std::vector<Value>& items = *seq_items(seq);
  if (!items.empty() && static_cast<uint64_t>(n) > kMaxRepeatBytes / (items.size() * sizeof(Value)))
    return raise_memory(vm);
  std::vector<Value> out;
  out.reserve(items.size() * static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) out.insert(out.end(), items.begin(), items.end());
  if (seq.is_kind(ObjKind::List)) return Value(make_list(std::move(out)));
  return Value(make_tuple(std::move(out)));
}

inline bool is_sequence(const Value& v) {
  return v.is_kind(ObjKind::Str) || v.is_kind(ObjKind::List) || v.is_kind(ObjKind::Tuple);
}

Ref<Set> copy_set(const Set* s, bool frozen) {
  auto out = make<Set>(frozen);
  for (const auto& e : s->table.entries())
    if (!e.key.is_null()) out->table.insert_new(e.key, e.hash, Value());
  return out;
}

// Set algebra; the result has the type of the left operand.
Value set_binary(Vm& vm, BinOpKind op, Set* a, Set* b) {
  const bool frozen = a->kind() == ObjKind::FrozenSet;
  Ref<Set> hold_a(a), hold_b(b);
  Ref<Set> out;
  switch (op) {
    case BinOpKind::BitOr:
      out = copy_set(a, frozen);
      for (const auto& e : live_entries(b->table))
        if (!out->table.insert(vm, e.key, e.hash, Value())) return Value();
      return Value(out);
    case BinOpKind::BitAnd:
      out = make<Set>(frozen);
      for (const auto& e : live_entries(a->table)) {
        int r = table_has(vm, b->table, e.key, e.hash);
        if (r < 0) return Value();
        if (r && !out->table.insert(vm, e.key, e.hash, Value())) return Value();
      }
      return Value(out);
    case BinOpKind::Sub:
      out = make<Set>(frozen);
      for (const auto& e : live_entries(a->table)) {
        int r = table_has(vm, b->table, e.key, e.hash);
        if (r < 0) return Value();
        if (!r && !out->table.insert(vm, e.key, e.hash, Value())) return Value();
      }
      return Value(out);
    case BinOpKind::BitXor:
      out = make<Set>(frozen);
      for (const auto& e : live_entries(a->table)) {
        int r = table_has(vm, b->table, e.key, e.hash);
        if (r < 0) return Value();
        if (!r && !out->table.insert(vm, e.key, e.hash, Value())) return Value();
      }
      for (const auto& e : live_entries(b->table)) {
        int r = table_has(vm, a->table, e.key, e.hash);
        if (r < 0) return Value();
        if (!r && !out->table.insert(vm, e.key, e.hash, Value())) return Value();
      }
      return Value(out);
    default:
      return vm.not_implemented;
  }
}

// The set a keys/items view stands for, so views can take part in set algebra.
Ref<Set> view_as_set(Vm& vm, DictView* v) {
  auto out = make<Set>();
  Ref<DictView> hold(v);
  for (const auto& e : live_entries(v->dict->table)) {
    if (v->which == DictView::Keys) {
      out->table.insert_new(e.key, e.hash, Value());
    } else {
      Value item = Value(make_tuple({e.key, e.value}));
      if (!set_add(vm, out.get(), item)) return nullptr;
    }
  }
  return out;
}

bool is_setlike_view(const Value& v) {
  return v.is_kind(ObjKind::DictView) && v.as<DictView>()->which != DictView::Values;
}

// The numeric and container slots of the builtin types. Returns
// NotImplemented when neither operand's builtin type handles the pair.
Value builtin_binary(Vm& vm, BinOpKind op, const Value& a, const Value& b) {
  if (is_numeric(a) && is_numeric(b)) {
    if (a.is_intlike() && b.is_intlike()) return int_binary(vm, op, a, b);
    return float_binary(vm, op, to_double(a), to_double(b));
  }
  switch (op) {
    case BinOpKind::Add:
      if (a.is_kind(ObjKind::Str) && b.is_kind(ObjKind::Str)) {
        const std::string& x = a.as<Str>()->str();
        const std::string& y = b.as<Str>()->str();
        if (y.empty()) return a;
        if (x.empty()) return b;
        std::string out;
        out.reserve(x.size() + y.size());
        out += x;
        out += y;
        return Value(vm.str(std::move(out)));
      }
      if ((a.is_kind(ObjKind::List) && b.is_kind(ObjKind::List)) ||
          (a.is_kind(ObjKind::Tuple) && b.is_kind(ObjKind::Tuple))) {
        const auto& x = *seq_items(a);
        const auto& y = *seq_items(b);
        if (a.is_kind(ObjKind::Tuple) && y.empty()) return a;
        if (a.is_kind(ObjKind::Tuple) && x.empty()) return b;
        std::vector<Value> out;
        out.reserve(x.size() + y.size());
        out.insert(out.end(), x.begin(), x.end());
        out.insert(out.end(), y.begin(), y.end());
        if (a.is_kind(ObjKind::List)) return Value(make_list(std::move(out)));
        return Value(make_tuple(std::move(out)));
      }
      break;
    case BinOpKind::Mult: {
      int64_t n;
      bool failed;
      if (is_sequence(a) && repeat_count(vm, b, &n, &failed)) return failed ? Value() : repeat_seq(vm, a, n);
      if (is_sequence(b) && repeat_count(vm, a, &n, &failed)) return failed ? Value() : repeat_seq(vm, b, n);
      break;
    }
    case BinOpKind::Mod:
      if (a.is_kind(ObjKind::Str)) return str_percent_format(vm, a.as<Str>(), b);
      break;
    case BinOpKind::BitOr:
      if (a.is_kind(ObjKind::Dict) && b.is_kind(ObjKind::Dict)) {
        auto out = make<Dict>();
        Ref<Dict> hold_a(a.as<Dict>()), hold_b(b.as<Dict>());
        for (const auto& e : a.as<Dict>()->table.entries())
          if (!e.key.is_null()) out->table.insert_new(e.key, e.hash, e.value);
        for (const auto& e : live_entries(b.as<Dict>()->table))
          if (!out->table.insert(vm, e.key, e.hash, e.value)) return Value();
        return Value(out);
      }
      [[fallthrough]];
    case BinOpKind::BitAnd:
    case BinOpKind::Sub:
    case BinOpKind::BitXor:
      if (is_set_like(a) && is_set_like(b)) return set_binary(vm, op, a.as<Set>(), b.as<Set>());
      if ((is_setlike_view(a) && (is_set_like(b) || is_setlike_view(b))) || (is_set_like(a) && is_setlike_view(b))) {
        Ref<Set> x = is_set_like(a) ? Ref<Set>(a.as<Set>()) : view_as_set(vm, a.as<DictView>());
        if (!x) return Value();
        Ref<Set> y = is_set_like(b) ? Ref<Set>(b.as<Set>()) : view_as_set(vm, b.as<DictView>());
        if (!y) return Value();
        Value r = set_binary(vm, op, x.get(), y.get());
        if (r.is_kind(ObjKind::FrozenSet)) {
          // A view on the left gives a set, as in CPython.
          return Value(copy_set(r.as<Set>(), false));
        }
        return r;
      }
      break;
    default:
      break;
  }
  return vm.not_implemented;
}

// In-place variants of the builtin mutable types (list +=, set |=, ...).
Value builtin_inplace(Vm& vm, BinOpKind op, const Value& a, const Value& b) {
  if (a.is_kind(ObjKind::List)) {
    List* l = a.as<List>();
    if (op == BinOpKind::Add) {
      std::vector<Value> items;
      if (!collect(vm, b, items)) return Value();
      l->items.insert(l->items.end(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
      return a;
    }
    if (op == BinOpKind::Mult) {
      int64_t n;
      bool failed;
      if (!repeat_count(vm, b, &n, &failed)) return vm.not_implemented;
      if (failed) return Value();
      Value r = repeat_seq(vm, a, n);
      if (r.is_null()) return r;
      l->items = std::move(r.as<List>()->items);
      return a;
    }
    return vm.not_implemented;
  }
  if (a.is_kind(ObjKind::Set) && (is_set_like(b) || is_setlike_view(b))) {
    Set* s = a.as<Set>();
    Ref<Set> other = is_set_like(b) ? Ref<Set>(b.as<Set>()) : view_as_set(vm, b.as<DictView>());
    if (!other) return Value();
    switch (op) {
      case BinOpKind::BitOr:
        for (const auto& e : live_entries(other->table))
          if (!s->table.insert(vm, e.key, e.hash, Value())) return Value();
        return a;
      case BinOpKind::BitAnd:
      case BinOpKind::Sub:
      case BinOpKind::BitXor: {
        Value r = set_binary(vm, op, s, other.get());
        if (r.is_null()) return r;
        s->table.clear();
        for (const auto& e : r.as<Set>()->table.entries())
          if (!e.key.is_null()) s->table.insert_new(e.key, e.hash, Value());
        return a;
      }
      default:
        return vm.not_implemented;
    }
  }
  if (a.is_kind(ObjKind::Dict) && op == BinOpKind::BitOr) {
    Dict* d = a.as<Dict>();
    if (b.is_kind(ObjKind::Dict)) {
      for (const auto& e : live_entries(b.as<Dict>()->table))
        if (!d->table.insert(vm, e.key, e.hash, e.value)) return Value();
      return a;
    }
    // dict |= any mapping or iterable of pairs, exactly as dict.update.
    if (!dict_update_from(vm, d, b)) return Value();
    return a;
  }
  return vm.not_implemented;
}

// CPython's binary_op1: the left operand's slot, then the right's, with a
// right-hand subclass that overrides the reflected method going first.
Value binary_dispatch(Vm& vm, BinOpKind op, const Value& a, const Value& b) {
  const bool ua = is_user(a), ub = is_user(b);
  if (!ua && !ub) return builtin_binary(vm, op, a, b);
  const int i = static_cast<int>(op);
  Class* ca = vm.class_of(a);
  Class* cb = vm.class_of(b);
  bool tried_reflected = false;
  if (ub && cb != ca && cb->is_subclass_of(ca)) {
    Value rm = find_dunder(vm, cb, vm.names.rbinop[i]);
    Value lm = ua ? find_dunder(vm, ca, vm.names.rbinop[i]) : Value();
    if (!rm.is_null() && !rm.is(lm)) {
      tried_reflected = true;
      Value r = call_dunder(vm, rm, b, {a});
      if (r.is_null() || !is_not_implemented(vm, r)) return r;
    }
  }
  if (ua) {
    Value m = find_dunder(vm, ca, vm.names.binop[i]);
    if (!m.is_null()) {
      Value r = call_dunder(vm, m, a, {b});
      if (r.is_null() || !is_not_implemented(vm, r)) return r;
    }
  } else {
    Value r = builtin_binary(vm, op, a, b);
    if (r.is_null() || !is_not_implemented(vm, r)) return r;
  }
  if (ub) {
    if (!tried_reflected) {
      Value rm = find_dunder(vm, cb, vm.names.rbinop[i]);
      if (!rm.is_null()) {
        Value r = call_dunder(vm, rm, b, {a});
        if (r.is_null() || !is_not_implemented(vm, r)) return r;
      }
    }
  } else {
    // The builtin right operand's slot (e.g. a sequence repeated by an
    // object with __index__).
    Value r = builtin_binary(vm, op, a, b);
    if (r.is_null() || !is_not_implemented(vm, r)) return r;
  }
  return vm.not_implemented;
}

Value binary_type_error(Vm& vm, BinOpKind op, const Value& a, const Value& b, bool inplace) {
  if (op == BinOpKind::Add && !is_user(b)) {
    if (a.is_kind(ObjKind::Str))
      return vm.raisef(vm.exc.TypeError.get(), "can only concatenate str (not \"{}\") to str", vm.type_name(b));
    if (a.is_kind(ObjKind::List) || a.is_kind(ObjKind::Tuple))
      return vm.raisef(vm.exc.TypeError.get(), "can only concatenate {} (not \"{}\") to {}", vm.type_name(a),
                       vm.type_name(b), vm.type_name(a));
  }
  if (op == BinOpKind::Mult && (is_sequence(a) || is_sequence(b))) {
    const Value& other = is_sequence(a) ? b : a;
    return vm.raisef(vm.exc.TypeError.get(), "can't multiply sequence by non-int of type '{}'", vm.type_name(other));
  }
  std::string sym = binop_symbol(op);
  if (inplace)
    sym += "=";
  else if (op == BinOpKind::Pow)
    sym = "** or pow()";
  return vm.raisef(vm.exc.TypeError.get(), "unsupported operand type(s) for {}: '{}' and '{}'", sym, vm.type_name(a),
                   vm.type_name(b));
}

}  // namespace

Value binary_op(Vm& vm, BinOpKind op, const Value& a, const Value& b, bool inplace) {
  try {
    if (inplace) {
      Value r;
      if (is_user(a)) {
        Value m = find_dunder(vm, a.as<Instance>()->cls.get(), vm.names.ibinop[static_cast<int>(op)]);
        if (!m.is_null()) r = call_dunder(vm, m, a, {b});
        else r = vm.not_implemented;
      } else {
        r = builtin_inplace(vm, op, a, b);
      }
      if (r.is_null() || !is_not_implemented(vm, r)) return r;
    }
    Value r = binary_dispatch(vm, op, a, b);
    if (r.is_null() || !is_not_implemented(vm, r)) return r;
    return binary_type_error(vm, op, a, b, inplace);
  } catch (const std::bad_alloc&) {
    return raise_memory(vm);
  }
}

Value unary_op(Vm& vm, UnaryOpKind op, const Value& v) {
  switch (op) {
    case UnaryOpKind::Not: {
      int t = truthy(vm, v);
      if (t < 0) return Value();
      return Value::boolean(!t);
    }
    case UnaryOpKind::USub:
      if (v.is_intlike()) {
        if (v.as_int() == INT64_MIN) return int_overflow(vm);
        return Value::integer(-v.as_int());
      }
      if (v.is_float()) return Value::number(-v.as_float());
      break;
    case UnaryOpKind::UAdd:
      if (v.is_intlike()) return Value::integer(v.as_int());
      if (v.is_float()) return v;
      break;
    case UnaryOpKind::Invert:
      if (v.is_intlike()) return Value::integer(~v.as_int());
      break;
  }
  const char* sym = op == UnaryOpKind::USub ? "-" : op == UnaryOpKind::UAdd ? "+" : "~";
  if (is_user(v)) {
    Str* name = op == UnaryOpKind::USub ? vm.names.__neg__ : op == UnaryOpKind::UAdd ? vm.names.__pos__
                                                                                      : vm.names.__invert__;
    Value m = find_dunder(vm, v.as<Instance>()->cls.get(), name);
    if (!m.is_null()) return call_dunder(vm, m, v, {});
  }
  return vm.raisef(vm.exc.TypeError.get(), "bad operand type for unary {}: '{}'", sym, vm.type_name(v));
}

// ---- repr and str -------------------------------------------------------------------------

namespace {

// Py_UNICODE_ISPRINTABLE, approximated without the Unicode database: the
// control, separator and format characters plus the private-use and
// non-character ranges print escaped; other code points print as themselves.
bool is_printable(uint32_t cp) {
  if (cp < 0x20 || cp == 0x7f) return false;
  if (cp < 0x7f) return true;
  if (cp <= 0xa0 || cp == 0xad) return false;
  if (cp == 0x34f || cp == 0x61c || cp == 0x1680 || cp == 0x180e) return false;
  if ((cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x205f && cp <= 0x206f))
    return false;
  if (cp == 0x3000 || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) || cp == 0xfffe || cp == 0xffff) return false;
  if (cp >= 0xd800 && cp <= 0xf8ff) return false;  // surrogates and private use
  if (cp >= 0xe0000) return false;                  // tags, variation selectors supplement, private use planes
  return true;
}

void append_escape(uint32_t cp, std::string& out) {
  if (cp < 0x100)
    out += fmt::format("\\x{:02x}", cp);
  else if (cp < 0x10000)
    out += fmt::format("\\u{:04x}", cp);
  else
    out += fmt::format("\\U{:08x}", cp);
}

void repr_str_into(std::string_view s, std::string& out) {
  // Single quotes unless the text has a ' and no ".
  const bool has_single = s.find('\'') != std::string_view::npos;
  const bool has_double = s.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  out.reserve(out.size() + s.size() + 2);
  out += quote;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c == static_cast<unsigned char>(quote)) {
            out += '\\';
            out += static_cast<char>(c);
          } else if (c < 0x20 || c == 0x7f) {
            append_escape(c, out);
          } else {
            out += static_cast<char>(c);
          }
      }
      continue;
    }
    size_t start = i;
    uint32_t cp = utf8::decode(s, i);
    if (is_printable(cp))
      out.append(s.data() + start, i - start);
    else
      append_escape(cp, out);
  }
  out += quote;
}

std::string class_repr(const Class* c) {
  std::string mod = class_module(c);
  if (mod.empty() || mod == "builtins") return fmt::format("<class '{}'>", c->qualname);
  return fmt::format("<class '{}.{}'>", mod, c->qualname);
}

std::string function_qualname(const Value& f) {
  if (f.is_kind(ObjKind::Function)) {
    Function* fn = f.as<Function>();
    return fn->qualname ? fn->qualname->str() : fn->name ? fn->name->str() : "?";
  }
  if (f.is_kind(ObjKind::NativeFunction)) {
    NativeFunction* nf = f.as<NativeFunction>();
    return nf->owner ? nf->owner->qualname + "." + nf->name : nf->name;
  }
  return "?";
}

// `items` may belong to a list that an element's __repr__ mutates: the size
// is re-read and each item copied before use.
bool repr_items(Vm& vm, const std::vector<Value>& items, std::string& out) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    Value item = items[i];
    if (!repr_into(vm, item, out)) return false;
  }
  return true;
}

bool repr_table_keys(Vm& vm, const HashTable& t, std::string& out) {
  bool first = true;
  for (size_t i = 0; i < t.entries().size(); ++i) {
    if (t.entries()[i].key.is_null()) continue;
    if (!first) out += ", ";
    first = false;
    Value key = t.entries()[i].key;
    if (!repr_into(vm, key, out)) return false;
  }
  return true;
}

// The user's __repr__ or __str__ result, checked to be a str.
bool user_text(Vm& vm, const Value& m, const Value& self, const char* which, std::string& out) {
  Value r = call_dunder(vm, m, self, {});
  if (r.is_null()) return false;
  if (!r.is_kind(ObjKind::Str)) {
    vm.raisef(vm.exc.TypeError.get(), "{} returned non-string (type {})", which, vm.type_name(r));
    return false;
  }
  out += r.as<Str>()->str();
  return true;
}

bool repr_object(Vm& vm, const Value& v, std::string& out) {
  Object* o = v.as_obj();
  switch (o->kind()) {
    case ObjKind::Str:
      repr_str_into(v.as<Str>()->view(), out);
      return true;
    case ObjKind::List: {
      ReprGuard guard(vm, o);
      if (guard.recursive()) {
        out += "[...]";
        return true;
      }
      out += '[';
      const std::vector<Value>& items = v.as<List>()->items;  // v is held by repr_into
      if (!repr_items(vm, items, out)) return false;
      out += ']';
      return true;
    }
    case ObjKind::Tuple: {
      ReprGuard guard(vm, o);
      if (guard.recursive()) {
        out += "(...)";
        return true;
      }
      const std::vector<Value>& items = v.as<Tuple>()->items;
      out += '(';
      if (!repr_items(vm, items, out)) return false;
      out += items.size() == 1 ? ",)" : ")";
      return true;
    }
    case ObjKind::Dict: {
      ReprGuard guard(vm, o);
      if (guard.recursive()) {
        out += "{...}";
        return true;
      }
      out += '{';
      bool first = true;
      Dict* d = v.as<Dict>();
      for (size_t i = 0; i < d->table.entries().size(); ++i) {
        if (d->table.entries()[i].key.is_null()) continue;
        Value key = d->table.entries()[i].key;
        Value value = d->table.entries()[i].value;
        if (!first) out += ", ";
        first = false;
        if (!repr_into(vm, key, out)) return false;
        out += ": ";
        if (!repr_into(vm, value, out)) return false;
      }
      out += '}';
      return true;
    }
    case ObjKind::Set:
    case ObjKind::FrozenSet: {
      const bool frozen = o->kind() == ObjKind::FrozenSet;
      const HashTable& t = v.as<Set>()->table;
      if (t.size() == 0) {
        out += frozen ? "frozenset()" : "set()";
        return true;
      }
      ReprGuard guard(vm, o);
      if (guard.recursive()) {
        out += frozen ? "frozenset(...)" : "set(...)";
        return true;
      }
      out += frozen ? "frozenset({" : "{";
      if (!repr_table_keys(vm, t, out)) return false;
      out += frozen ? "})" : "}";
      return true;
    }
    case ObjKind::Function:
      out += fmt::format("<function {} at {}>", function_qualname(v), address(o));
      return true;
    case ObjKind::NativeFunction: {
      NativeFunction* nf = v.as<NativeFunction>();
      if (nf->owner)
        out += fmt::format("<method '{}' of '{}' objects>", nf->name, nf->owner->qualname);
      else
        out += fmt::format("<built-in function {}>", nf->name);
      return true;
    }
    case ObjKind::BoundMethod: {
      BoundMethod* bm = v.as<BoundMethod>();
      if (bm->func.is_kind(ObjKind::NativeFunction)) {
        out += fmt::format("<built-in method {} of {} object at {}>", bm->func.as<NativeFunction>()->name,
                           vm.type_name(bm->self), address(bm->self.is_obj() ? bm->self.as_obj() : nullptr));
        return true;
      }
      Value func = bm->func, self = bm->self;
      out += fmt::format("<bound method {} of ", function_qualname(func));
      if (!repr_into(vm, self, out)) return false;
      out += '>';
      return true;
    }
    case ObjKind::Class:
      out += class_repr(v.as<Class>());
      return true;
    case ObjKind::Instance:
    case ObjKind::Exception: {
      if (v.is(vm.not_implemented)) {
        out += "NotImplemented";
        return true;
      }
      if (v.is(vm.ellipsis)) {
        out += "Ellipsis";
        return true;
      }
      Value m = find_dunder(vm, v.as<Instance>()->cls.get(), vm.names.__repr__);
      if (!m.is_null()) return user_text(vm, m, v, "__repr__", out);
      out += default_object_repr(vm, v);
      return true;
    }
    case ObjKind::Module: {
      Module* m = v.as<Module>();
      if (m->filename.empty())
        out += fmt::format("<module '{}' (built-in)>", m->name->str());
      else
        out += fmt::format("<module '{}' from '{}'>", m->name->str(), m->filename);
      return true;
    }
    case ObjKind::Code: {
      Code* c = v.as<Code>();
      out += fmt::format("<code object {} at {}, file \"{}\", line {}>", c->name, address(o), c->filename,
                         c->firstlineno);
      return true;
    }
    case ObjKind::Cell: {
      Cell* c = v.as<Cell>();
      if (c->value.is_null())
        out += fmt::format("<cell at {}: empty>", address(o));
      else
        out += fmt::format("<cell at {}: {} object at {}>", address(o), vm.type_name(c->value),
                           address(c->value.is_obj() ? c->value.as_obj() : nullptr));
      return true;
    }
    case ObjKind::Generator: {
      Generator* g = v.as<Generator>();
      out += fmt::format("<generator object {} at {}>", g->qualname ? g->qualname->str() : "?", address(o));
      return true;
    }
    case ObjKind::Range: {
      Range* r = v.as<Range>();
      if (r->step == 1)
        out += fmt::format("range({}, {})", r->start, r->stop);
      else
        out += fmt::format("range({}, {}, {})", r->start, r->stop, r->step);
      return true;
    }
    case ObjKind::Slice: {
      Slice* s = v.as<Slice>();
      Value a = s->start, b = s->stop, c = s->step;
      out += "slice(";
      if (!repr_into(vm, a, out)) return false;
      out += ", ";
      if (!repr_into(vm, b, out)) return false;
      out += ", ";
      if (!repr_into(vm, c, out)) return false;
      out += ')';
      return true;
    }
    case ObjKind::DictView: {
      DictView* dv = v.as<DictView>();
      ReprGuard guard(vm, o);
      if (guard.recursive()) {
        out += "...";
        return true;
      }
      static const char* const kNames[] = {"dict_keys", "dict_values", "dict_items"};
      out += kNames[dv->which];
      out += "([";
      Ref<Dict> d = dv->dict;
      bool first = true;
      for (size_t i = 0; i < d->table.entries().size(); ++i) {
        if (d->table.entries()[i].key.is_null()) continue;
        Value key = d->table.entries()[i].key;
        Value value = d->table.entries()[i].value;
        if (!first) out += ", ";
        first = false;
        bool ok = true;
        if (dv->which == DictView::Keys) {
          ok = repr_into(vm, key, out);
        } else if (dv->which == DictView::Values) {
          ok = repr_into(vm, value, out);
        } else {
          out += '(';
          ok = repr_into(vm, key, out);
          out += ", ";
          ok = ok && repr_into(vm, value, out);
          out += ')';
        }
        if (!ok) return false;
      }
      out += "])";
      return true;
    }
    case ObjKind::File: {
      File* f = v.as<File>();
      std::string name;
      repr_str_into(f->name, name);
      std::string mode;
      repr_str_into(f->mode, mode);
      out += fmt::format("<_io.TextIOWrapper name={} mode={} encoding='UTF-8'>", name, mode);
      return true;
    }
    case ObjKind::Property:
      out += fmt::format("<property object at {}>", address(o));
      return true;
    case ObjKind::StaticMethod:
    case ObjKind::ClassMethod: {
      out += o->kind() == ObjKind::StaticMethod ? "<staticmethod(" : "<classmethod(";
      Value f = static_cast<Descriptor*>(o)->fget;
      if (!repr_into(vm, f, out)) return false;
      out += ")>";
      return true;
    }
    case ObjKind::Super: {
      Super* s = v.as<Super>();
      out += fmt::format("<super: {}, <{} object>>", class_repr(s->start.get()), vm.type_name(s->self));
      return true;
    }
    case ObjKind::Frame:
      out += fmt::format("<frame at {}>", address(o));
      return true;
    case ObjKind::Iterator:
    case ObjKind::Tasklet:
    case ObjKind::Channel:
    case ObjKind::Bomb:
    case ObjKind::External:
      break;
  }
  out += fmt::format("<{} object at {}>", vm.type_name(v), address(o));
  return true;
}

}  // namespace

std::string repr_string_literal(std::string_view s) {
  std::string out;
  repr_str_into(s, out);
  return out;
}

bool repr_into(Vm& vm, const Value& v, std::string& out) {
  switch (v.tag()) {
    case Tag::Null:
      out += "<NULL>";
      return true;
    case Tag::None:
      out += "None";
      return true;
    case Tag::Bool:
      out += v.as_bool() ? "True" : "False";
      return true;
    case Tag::Int:
      fmt::format_to(std::back_inserter(out), "{}", v.as_int());
      return true;
    case Tag::Float:
      out += numfmt::float_repr(v.as_float());
      return true;
    case Tag::Obj:
      break;
  }
  if (!check_stack(vm, " while getting the repr of an object")) return false;
  Value hold = v;  // a user __repr__ may drop the caller's reference
  try {
    return repr_object(vm, hold, out);
  } catch (const std::bad_alloc&) {
    raise_memory(vm);
    return false;
  }
}

bool str_into(Vm& vm, const Value& v, std::string& out) {
  if (v.is_kind(ObjKind::Str)) {
    out += v.as<Str>()->str();
    return true;
  }
  if (is_user(v) && !v.is(vm.not_implemented) && !v.is(vm.ellipsis)) {
    if (!check_stack(vm, " while getting the str of an object")) return false;
    Value hold = v;
    Value m = find_dunder(vm, hold.as<Instance>()->cls.get(), vm.names.__str__);
    if (!m.is_null()) return user_text(vm, m, hold, "__str__", out);
  }
  return repr_into(vm, v, out);
}

Value repr(Vm& vm, const Value& v) {
  std::string out;
  if (!repr_into(vm, v, out)) return Value();
  return Value(vm.str(std::move(out)));
}

Value to_str(Vm& vm, const Value& v) {
  if (v.is_kind(ObjKind::Str)) return v;
  std::string out;
  if (!str_into(vm, v, out)) return Value();
  return Value(vm.str(std::move(out)));
}

Value format_value(Vm& vm, const Value& v, std::string_view spec) {
  if (is_user(v)) {
    Value m = find_dunder(vm, v.as<Instance>()->cls.get(), vm.names.__format__);
    if (!m.is_null()) {
      Value r = call_dunder(vm, m, v, {Value(vm.str(std::string(spec)))});
      if (r.is_null()) return r;
      if (!r.is_kind(ObjKind::Str))
        return vm.raisef(vm.exc.TypeError.get(), "__format__ must return a str, not {}", vm.type_name(r));
      return r;
    }
  }
  std::string out, error;
  numfmt::ErrorKind kind = numfmt::ErrorKind::None;
  bool ok;
  if (v.is_bool() && spec.empty()) return Value(vm.str(v.as_bool() ? "True" : "False"));
  if (v.is_intlike()) {
    ok = numfmt::format_int(v.as_int(), spec, out, error, &kind);
  } else if (v.is_float()) {
    ok = numfmt::format_float(v.as_float(), spec, out, error, &kind);
  } else if (v.is_kind(ObjKind::Str)) {
    if (spec.empty()) return v;
    ok = numfmt::format_str(v.as<Str>()->view(), spec, out, error, &kind);
  } else {
    if (spec.empty()) return to_str(vm, v);
    Class* c = vm.class_of(v);
    return vm.raisef(vm.exc.TypeError.get(), "unsupported format string passed to {}.__format__", c->qualname);
  }
  if (!ok) {
    switch (kind) {
      case numfmt::ErrorKind::OverflowError: return vm.raise(vm.exc.OverflowError.get(), error);
      case numfmt::ErrorKind::TypeError: return vm.raise(vm.exc.TypeError.get(), error);
      case numfmt::ErrorKind::MemoryError: return raise_memory(vm);
      default: return vm.raise(vm.exc.ValueError.get(), error);
    }
  }
  return Value(vm.str(std::move(out)));
}

// ---- attributes ---------------------------------------------------------------------------

Value make_bound(Vm& vm, Value func, Value self) {
  if (!func.is_obj()) return func;
  switch (func.as_obj()->kind()) {
    case ObjKind::Function:
    case ObjKind::NativeFunction:
      return Value(make<BoundMethod>(std::move(func), std::move(self)));
    case ObjKind::StaticMethod:
      return func.as<Descriptor>()->fget;
    case ObjKind::ClassMethod: {
      Value cls = self.is_kind(ObjKind::Class) ? self : Value(Ref<Class>(vm.class_of(self)));
      return Value(make<BoundMethod>(func.as<Descriptor>()->fget, std::move(cls)));
    }
    default:
      return func;
  }
}

namespace {

Value no_attribute(Vm& vm, const Value& obj, const Str* name) {
  if (obj.is_kind(ObjKind::Class))
    return vm.raisef(vm.exc.AttributeError.get(), "type object '{}' has no attribute '{}'",
                     obj.as<Class>()->name->str(), name->str());
  if (obj.is_kind(ObjKind::Module))
    return vm.raisef(vm.exc.AttributeError.get(), "module '{}' has no attribute '{}'",
                     obj.as<Module>()->name->str(), name->str());
  return vm.raisef(vm.exc.AttributeError.get(), "'{}' object has no attribute '{}'", vm.type_name(obj), name->str());
}

Value call_getter(Vm& vm, Descriptor* prop, const Value& obj, const Str* name) {
  Value getter = prop->fget;
  if (getter.is_null() || getter.is_none())
    return vm.raisef(vm.exc.AttributeError.get(), "property '{}' of '{}' object has no getter", name->str(),
                     vm.type_name(obj));
  return vm.call(getter, std::vector<Value>{obj});
}

// A class attribute seen through an instance (the descriptor protocol for
// the descriptor kinds Spindle has).
Value bind_for_instance(const Value& attr, const Value& obj, Class* cls) {
  if (!attr.is_obj()) return attr;
  switch (attr.as_obj()->kind()) {
    case ObjKind::Function:
      return Value(make<BoundMethod>(attr, obj));
    case ObjKind::NativeFunction:
      // Builtin functions stored as class attributes are not descriptors;
      // methods of builtin classes (with an owner) are.
      if (attr.as<NativeFunction>()->owner) return Value(make<BoundMethod>(attr, obj));
      return attr;
    case ObjKind::ClassMethod:
      return Value(make<BoundMethod>(attr.as<Descriptor>()->fget, Value(Ref<Class>(cls))));
    case ObjKind::StaticMethod:
      return attr.as<Descriptor>()->fget;
    default:
      return attr;
  }
}

// A class attribute seen through the class itself.
Value bind_for_class(const Value& attr, Class* cls) {
  if (attr.is_kind(ObjKind::ClassMethod))
    return Value(make<BoundMethod>(attr.as<Descriptor>()->fget, Value(Ref<Class>(cls))));
  if (attr.is_kind(ObjKind::StaticMethod)) return attr.as<Descriptor>()->fget;
  return attr;
}

Value instance_attr(Vm& vm, const Value& obj, Str* name, bool* missing) {
  Instance* inst = obj.as<Instance>();
  Class* cls = inst->cls.get();
  Value ca = cls->lookup(name);
  Value r;
  if (ca.is_kind(ObjKind::Property)) {
    r = call_getter(vm, ca.as<Descriptor>(), obj, name);
  } else {
    int64_t pos = inst->dict->table.find_str(name);
    if (pos >= 0) return inst->dict->table.entries()[pos].value;
    if (!ca.is_null()) return bind_for_instance(ca, obj, cls);
    if (same_name(name, vm.names.__class__)) return Value(Ref<Class>(cls));
    if (same_name(name, vm.names.__dict__)) return Value(inst->dict);
  }
  if (!r.is_null()) return r;
  if (vm.has_error() && !vm.error_matches(vm.exc.AttributeError.get())) return Value();
  // Missing (or the getter raised AttributeError): __getattr__ gets a go.
  Value ga = find_dunder(vm, cls, vm.names.__getattr__);
  if (ga.is_null()) {
    if (!vm.has_error()) *missing = true;
    return Value();
  }
  if (vm.has_error()) vm.take_error();
  return call_dunder(vm, ga, obj, {Value(Ref<Str>(name))});
}

Value class_special(Vm& vm, Class* c, Str* name) {
  const std::string& n = name->str();
  if (n.size() < 5 || n[0] != '_' || n[1] != '_') return Value();
  if (n == "__name__") return Value(c->name);
  if (n == "__qualname__") return Value(vm.str(c->qualname));
  if (n == "__module__") return c->module_name.is_null() ? Value::none() : c->module_name;
  if (n == "__doc__") return Value::none();
  if (n == "__class__") return Value(vm.cls.type);
  if (n == "__base__") return c->base ? Value(c->base) : Value::none();
  if (n == "__bases__") {
    std::vector<Value> bases;
    if (c->base) bases.push_back(Value(c->base));
    return Value(make_tuple(std::move(bases)));
  }
  if (n == "__mro__") {
    std::vector<Value> mro;
    for (Class* k : c->mro) mro.push_back(Value(Ref<Class>(k)));
    return Value(make_tuple(std::move(mro)));
  }
  if (n == "__dict__") {
    // A copy stands in for CPython's read-only mappingproxy.
    auto d = make<Dict>();
    for (const auto& e : c->dict->table.entries())
      if (!e.key.is_null()) d->table.insert_new(e.key, e.hash, e.value);
    return Value(d);
  }
  return Value();
}

Value class_attr(Vm& vm, const Value& obj, Str* name, bool* missing) {
  Class* c = obj.as<Class>();
  Value v = c->lookup(name);
  if (!v.is_null()) return bind_for_class(v, c);
  v = class_special(vm, c, name);
  if (!v.is_null()) return v;
  // Attributes of the metaclass `type` (e.g. mro()).
  Class* type = vm.cls.type.get();
  if (c != type) {
    int64_t pos = type->dict->table.find_str(name);
    if (pos >= 0) {
      Value tv = type->dict->table.entries()[pos].value;
      if (tv.is_kind(ObjKind::Property)) return call_getter(vm, tv.as<Descriptor>(), obj, name);
      return bind_for_instance(tv, obj, type);
    }
  }
  *missing = true;
  return Value();
}

Value module_attr(Vm& vm, const Value& obj, Str* name, bool* missing) {
  Module* m = obj.as<Module>();
  int64_t pos = m->dict->table.find_str(name);
  if (pos >= 0) return m->dict->table.entries()[pos].value;
  if (same_name(name, vm.names.__dict__)) return Value(m->dict);
  if (same_name(name, vm.names.__name__)) return Value(m->name);
  if (same_name(name, vm.names.__class__)) return Value(vm.cls.module);
  Value ca = vm.cls.module->lookup(name);
  if (!ca.is_null()) return bind_for_instance(ca, obj, vm.cls.module.get());
  // PEP 562: a module-level __getattr__ computes missing attributes.
  int64_t hook = m->dict->table.find_str(vm.names.__getattr__);
  if (hook >= 0) {
    Value fn = m->dict->table.entries()[hook].value;
    Value r = vm.call(fn, std::vector<Value>{Value(Ref<Str>(name))});
    if (r.is_null() && vm.error_matches(vm.exc.AttributeError.get())) {
      vm.take_error();
      *missing = true;
    }
    return r;
  }
  *missing = true;
  return Value();
}

Value function_attr(Vm& vm, const Value& obj, Str* name, bool* missing) {
  Function* f = obj.as<Function>();
  if (f->attrs) {
    int64_t pos = f->attrs->table.find_str(name);
    if (pos >= 0) return f->attrs->table.entries()[pos].value;
  }
  const std::string& n = name->str();
  if (n == "__name__") return Value(f->name);
  if (n == "__qualname__") return Value(f->qualname);
  if (n == "__module__") return f->module_name.is_null() ? Value::none() : f->module_name;
  if (n == "__doc__") return Value::none();
  if (n == "__defaults__") return f->defaults ? Value(f->defaults) : Value::none();
  if (n == "__kwdefaults__") return f->kwdefaults ? Value(f->kwdefaults) : Value::none();
  if (n == "__code__") return Value(f->code);
  if (n == "__globals__") return Value(f->globals);
  if (n == "__closure__") return f->closure ? Value(f->closure) : Value::none();
  if (n == "__annotations__") return Value(make<Dict>());
  if (n == "__class__") return Value(vm.cls.function);
  if (n == "__dict__") {
    if (!f->attrs) f->attrs = make<Dict>();
    return Value(f->attrs);
  }
  Value ca = vm.cls.function->lookup(name);
  if (!ca.is_null()) {
    if (ca.is_kind(ObjKind::Property)) return call_getter(vm, ca.as<Descriptor>(), obj, name);
    return bind_for_instance(ca, obj, vm.cls.function.get());
  }
  *missing = true;
  return Value();
}

Value lookup_attr(Vm& vm, const Value& obj, Str* name, bool* missing);

Value method_attr(Vm& vm, const Value& obj, Str* name, bool* missing) {
  BoundMethod* bm = obj.as<BoundMethod>();
  const std::string& n = name->str();
  if (n == "__self__") return bm->self;
  if (n == "__func__") return bm->func;
  if (n == "__class__") return Value(vm.cls.method);
  Value ca = vm.cls.method->lookup(name);
  if (!ca.is_null()) return bind_for_instance(ca, obj, vm.cls.method.get());
  // Everything else comes from the function.
  Value func = bm->func;
  return lookup_attr(vm, func, name, missing);
}

Value native_attr(Vm& vm, const Value& obj, Str* name, bool* missing) {
  NativeFunction* nf = obj.as<NativeFunction>();
  const std::string& n = name->str();
  if (n == "__name__") return Value(vm.str(nf->name));
  if (n == "__qualname__") return Value(vm.str(nf->owner ? nf->owner->qualname + "." + nf->name : nf->name));
  if (n == "__module__") return nf->owner ? Value::none() : Value(vm.str("builtins"));
  if (n == "__doc__" || n == "__self__" || n == "__text_signature__") return Value::none();
  if (n == "__class__") return Value(vm.cls.builtin_function);
  Value ca = vm.cls.builtin_function->lookup(name);
  if (!ca.is_null()) return bind_for_instance(ca, obj, vm.cls.builtin_function.get());
  *missing = true;
  return Value();
}

Value super_attr(Vm& vm, const Value& obj, Str* name, bool* missing) {
  Super* s = obj.as<Super>();
  Value self = s->self;
  Class* start = s->start.get();
  // super() inside a classmethod has the class as `self`.
  const bool self_is_class = self.is_kind(ObjKind::Class) && self.as<Class>()->is_subclass_of(start);
  Class* type = self_is_class ? self.as<Class>() : vm.class_of(self);
  Ref<Class> hold(type);
  size_t i = 0;
  while (i < type->mro.size() && type->mro[i] != start) ++i;
  for (++i; i < type->mro.size(); ++i) {
    Class* c = type->mro[i];
    int64_t pos = c->dict->table.find_str(name);
    if (pos < 0) continue;
    Value v = c->dict->table.entries()[pos].value;
    if (!v.is_obj()) return v;
    switch (v.as_obj()->kind()) {
      case ObjKind::Function:
        return self_is_class ? v : Value(make<BoundMethod>(v, self));
      case ObjKind::NativeFunction:
        return v.as<NativeFunction>()->owner && !self_is_class ? Value(make<BoundMethod>(v, self)) : v;
      case ObjKind::ClassMethod:
        return Value(make<BoundMethod>(v.as<Descriptor>()->fget, Value(Ref<Class>(type))));
      case ObjKind::StaticMethod:
        return v.as<Descriptor>()->fget;
      case ObjKind::Property:
        return self_is_class ? v : call_getter(vm, v.as<Descriptor>(), self, name);
      default:
        return v;
    }
  }
  const std::string& n = name->str();
  if (n == "__thisclass__") return Value(s->start);
  if (n == "__self__") return self;
  if (n == "__self_class__") return Value(Ref<Class>(type));
  if (n == "__class__") return Value(vm.cls.super);
  *missing = true;
  return Value();
}

// Data attributes of builtin objects that need no method table.
Value builtin_special(Vm& vm, const Value& obj, Str* name) {
  const std::string& n = name->str();
  if (n == "__class__") return Value(Ref<Class>(vm.class_of(obj)));
  if (obj.is_intlike()) {
    if (n == "real" || n == "numerator") return Value::integer(obj.as_int());
    if (n == "imag") return Value::integer(0);
    if (n == "denominator") return Value::integer(1);
    return Value();
  }
  if (obj.is_float()) {
    if (n == "real") return obj;
    if (n == "imag") return Value::number(0.0);
    return Value();
  }
  if (!obj.is_obj()) return Value();
  switch (obj.as_obj()->kind()) {
    case ObjKind::Range: {
      Range* r = obj.as<Range>();
      if (n == "start") return Value::integer(r->start);
      if (n == "stop") return Value::integer(r->stop);
      if (n == "step") return Value::integer(r->step);
      break;
    }
    case ObjKind::Slice: {
      Slice* s = obj.as<Slice>();
      if (n == "start") return s->start;
      if (n == "stop") return s->stop;
      if (n == "step") return s->step;
      break;
    }
    case ObjKind::Generator: {
      Generator* g = obj.as<Generator>();
      if (n == "__name__") return g->name ? Value(g->name) : Value::none();
      if (n == "__qualname__") return g->qualname ? Value(g->qualname) : Value::none();
      if (n == "gi_running") return Value::boolean(g->running);
      if (n == "gi_frame") return g->frame ? Value(g->frame) : Value::none();
      if (n == "gi_code") return g->frame ? Value(g->frame->func->code) : Value::none();
      break;
    }
    case ObjKind::File: {
      File* f = obj.as<File>();
      if (n == "name") return Value(vm.str(f->name));
      if (n == "mode") return Value(vm.str(f->mode));
      if (n == "closed") return Value::boolean(f->fp == nullptr);
      break;
    }
    case ObjKind::Code: {
      Code* c = obj.as<Code>();
      if (n == "co_name") return Value(vm.str(c->name));
      if (n == "co_qualname") return Value(vm.str(c->qualname));
      if (n == "co_filename") return Value(vm.str(c->filename));
      if (n == "co_firstlineno") return Value::integer(c->firstlineno);
      if (n == "co_argcount") return Value::integer(c->argcount);
      break;
    }
    case ObjKind::Cell: {
      Cell* c = obj.as<Cell>();
      if (n == "cell_contents") {
        if (c->value.is_null()) return vm.raise(vm.exc.ValueError.get(), "Cell is empty");
        return c->value;
      }
      break;
    }
    case ObjKind::Property:
    case ObjKind::StaticMethod:
    case ObjKind::ClassMethod: {
      Descriptor* d = static_cast<Descriptor*>(obj.as_obj());
      if (n == "__func__" || n == "fget" || n == "__wrapped__") return d->fget.is_null() ? Value::none() : d->fget;
      if (n == "fset") return d->fset.is_null() ? Value::none() : d->fset;
      if (n == "fdel") return d->fdel.is_null() ? Value::none() : d->fdel;
      break;
    }
    case ObjKind::Frame: {
      Frame* f = obj.as<Frame>();
      if (n == "f_lineno") return Value::integer(f->line());
      if (n == "f_code") return Value(f->func->code);
      if (n == "f_back") return f->back ? Value(f->back) : Value::none();
      break;
    }
    default:
      break;
  }
  return Value();
}

Value generic_attr(Vm& vm, const Value& obj, Str* name, bool* missing) {
  Class* cls = vm.class_of(obj);
  Value ca = cls->lookup(name);
  if (!ca.is_null()) {
    if (ca.is_kind(ObjKind::Property)) return call_getter(vm, ca.as<Descriptor>(), obj, name);
    return bind_for_instance(ca, obj, cls);
  }
  Value v = builtin_special(vm, obj, name);
  if (!v.is_null() || vm.has_error()) return v;
  *missing = true;
  return Value();
}

// The attribute, or Null: with an error pending, or with *missing set when
// the attribute simply does not exist (no exception object is built).
Value lookup_attr(Vm& vm, const Value& obj, Str* name, bool* missing) {
  *missing = false;
  if (obj.is_obj()) {
    switch (obj.as_obj()->kind()) {
      case ObjKind::Instance:
      case ObjKind::Exception: return instance_attr(vm, obj, name, missing);
      case ObjKind::Class: return class_attr(vm, obj, name, missing);
      case ObjKind::Module: return module_attr(vm, obj, name, missing);
      case ObjKind::Function: return function_attr(vm, obj, name, missing);
      case ObjKind::BoundMethod: return method_attr(vm, obj, name, missing);
      case ObjKind::NativeFunction: return native_attr(vm, obj, name, missing);
      case ObjKind::Super: return super_attr(vm, obj, name, missing);
      default: break;
    }
  }
  return generic_attr(vm, obj, name, missing);
}

}  // namespace

Value getattr(Vm& vm, const Value& obj, Str* name) {
  Value hold = obj;
  bool missing;
  Value r = lookup_attr(vm, hold, name, &missing);
  if (missing) return no_attribute(vm, hold, name);
  return r;
}

Value getattr_opt(Vm& vm, const Value& obj, Str* name) {
  Value hold = obj;
  bool missing;
  Value r = lookup_attr(vm, hold, name, &missing);
  if (r.is_null() && !missing && vm.error_matches(vm.exc.AttributeError.get())) vm.take_error();
  return r;
}

namespace {

bool read_only_attr(Vm& vm, const Value& obj, const Str* name) {
  vm.raisef(vm.exc.AttributeError.get(), "'{}' object attribute '{}' is read-only", vm.type_name(obj), name->str());
  return false;
}

bool set_via_property(Vm& vm, Descriptor* prop, const Value& obj, const Str* name, Value v, bool builtin) {
  Value setter = prop->fset;
  if (setter.is_null() || setter.is_none()) {
    if (builtin)
      vm.raise(vm.exc.AttributeError.get(), "readonly attribute");
    else
      vm.raisef(vm.exc.AttributeError.get(), "property '{}' of '{}' object has no setter", name->str(),
                vm.type_name(obj));
    return false;
  }
  return !vm.call(setter, std::vector<Value>{obj, std::move(v)}).is_null();
}

bool instance_setattr(Vm& vm, const Value& obj, Str* name, Value v) {
  Instance* inst = obj.as<Instance>();
  Class* cls = inst->cls.get();
  Value ca = cls->lookup(name);
  if (ca.is_kind(ObjKind::Property))
    return set_via_property(vm, ca.as<Descriptor>(), obj, name, std::move(v), cls->is_builtin && !is_user(obj));
  if (cls->is_builtin && obj.is_kind(ObjKind::Instance)) {
    // object(), NotImplemented, Ellipsis: no instance dict in CPython.
    no_attribute(vm, obj, name);
    return false;
  }
  if (same_name(name, vm.names.__class__)) {
    vm.raise(vm.exc.TypeError.get(), "__class__ assignment is not supported");
    return false;
  }
  if (same_name(name, vm.names.__dict__)) {
    if (!v.is_kind(ObjKind::Dict)) {
      vm.raisef(vm.exc.TypeError.get(), "__dict__ must be set to a dictionary, not a '{}'", vm.type_name(v));
      return false;
    }
    inst->dict = Ref<Dict>(v.as<Dict>());
    return true;
  }
  dict_set_str(inst->dict.get(), name, std::move(v));
  return true;
}

bool immutable_type(Vm& vm, Class* c, const Str* name) {
  vm.raisef(vm.exc.TypeError.get(), "cannot set '{}' attribute of immutable type '{}'", name->str(), c->qualname);
  return false;
}

}  // namespace

bool setattr(Vm& vm, const Value& obj, Str* name, Value v) {
  Value hold = obj;
  if (hold.is_obj()) {
    switch (hold.as_obj()->kind()) {
      case ObjKind::Instance:
      case ObjKind::Exception: {
        Value sa = find_dunder(vm, hold.as<Instance>()->cls.get(), vm.names.__setattr__);
        if (!sa.is_null()) return !call_dunder(vm, sa, hold, {Value(Ref<Str>(name)), std::move(v)}).is_null();
        return instance_setattr(vm, hold, name, std::move(v));
      }
      case ObjKind::Class: {
        Class* c = hold.as<Class>();
        if (c->is_builtin) return immutable_type(vm, c, name);
        if (same_name(name, vm.names.__name__) || same_name(name, vm.names.__qualname__)) {
          if (!v.is_kind(ObjKind::Str)) {
            vm.raisef(vm.exc.TypeError.get(), "can only assign string to {}.{}, not '{}'", c->qualname, name->str(),
                      vm.type_name(v));
            return false;
          }
          if (same_name(name, vm.names.__name__))
            c->name = Ref<Str>(v.as<Str>());
          else
            c->qualname = v.as<Str>()->str();
          return true;
        }
        dict_set_str(c->dict.get(), name, std::move(v));
        return true;
      }
      case ObjKind::Module:
        dict_set_str(hold.as<Module>()->dict.get(), name, std::move(v));
        return true;
      case ObjKind::Function: {
        Function* f = hold.as<Function>();
        const std::string& n = name->str();
        if (n == "__name__" || n == "__qualname__") {
          if (!v.is_kind(ObjKind::Str)) {
            vm.raisef(vm.exc.TypeError.get(), "{} must be set to a string object", n);
            return false;
          }
          (n == "__name__" ? f->name : f->qualname) = Ref<Str>(v.as<Str>());
          return true;
        }
        if (n == "__defaults__") {
          if (v.is_none()) {
            f->defaults = nullptr;
          } else if (v.is_kind(ObjKind::Tuple)) {
            f->defaults = Ref<Tuple>(v.as<Tuple>());
          } else {
            vm.raise(vm.exc.TypeError.get(), "__defaults__ must be set to a tuple object");
            return false;
          }
          return true;
        }
        if (n == "__kwdefaults__") {
          if (v.is_none()) {
            f->kwdefaults = nullptr;
          } else if (v.is_kind(ObjKind::Dict)) {
            f->kwdefaults = Ref<Dict>(v.as<Dict>());
          } else {
            vm.raise(vm.exc.TypeError.get(), "__kwdefaults__ must be set to a dict object");
            return false;
          }
          return true;
        }
        if (n == "__module__") {
          f->module_name = std::move(v);
          return true;
        }
        if (!f->attrs) f->attrs = make<Dict>();
        dict_set_str(f->attrs.get(), name, std::move(v));
        return true;
      }
      default:
        break;
    }
  }
  Class* cls = vm.class_of(hold);
  Value ca = cls->lookup(name);
  if (ca.is_kind(ObjKind::Property)) return set_via_property(vm, ca.as<Descriptor>(), hold, name, std::move(v), true);
  if (!ca.is_null()) return read_only_attr(vm, hold, name);
  no_attribute(vm, hold, name);
  return false;
}

bool delattr(Vm& vm, const Value& obj, Str* name) {
  Value hold = obj;
  if (hold.is_obj()) {
    switch (hold.as_obj()->kind()) {
      case ObjKind::Instance:
      case ObjKind::Exception: {
        Instance* inst = hold.as<Instance>();
        Class* cls = inst->cls.get();
        Value da = find_dunder(vm, cls, vm.names.__delattr__);
        if (!da.is_null()) return !call_dunder(vm, da, hold, {Value(Ref<Str>(name))}).is_null();
        Value ca = cls->lookup(name);
        if (ca.is_kind(ObjKind::Property)) {
          Value deleter = ca.as<Descriptor>()->fdel;
          if (deleter.is_null() || deleter.is_none()) {
            vm.raisef(vm.exc.AttributeError.get(), "property '{}' of '{}' object has no deleter", name->str(),
                      vm.type_name(hold));
            return false;
          }
          return !vm.call(deleter, std::vector<Value>{hold}).is_null();
        }
        int64_t pos = inst->dict->table.find_str(name);
        if (pos < 0) {
          no_attribute(vm, hold, name);
          return false;
        }
        inst->dict->table.remove_at(pos);
        return true;
      }
      case ObjKind::Class: {
        Class* c = hold.as<Class>();
        if (c->is_builtin) return immutable_type(vm, c, name);
        int64_t pos = c->dict->table.find_str(name);
        if (pos < 0) {
          no_attribute(vm, hold, name);
          return false;
        }
        c->dict->table.remove_at(pos);
        return true;
      }
      case ObjKind::Module: {
        Module* m = hold.as<Module>();
        int64_t pos = m->dict->table.find_str(name);
        if (pos < 0) {
          no_attribute(vm, hold, name);
          return false;
        }
        m->dict->table.remove_at(pos);
        return true;
      }
      case ObjKind::Function: {
        Function* f = hold.as<Function>();
        int64_t pos = f->attrs ? f->attrs->table.find_str(name) : -1;
        if (pos < 0) {
          no_attribute(vm, hold, name);
          return false;
        }
        f->attrs->table.remove_at(pos);
        return true;
      }
      default:
        break;
    }
  }
  Value ca = vm.class_of(hold)->lookup(name);
  if (!ca.is_null()) return read_only_attr(vm, hold, name);
  no_attribute(vm, hold, name);
  return false;
}

Value lookup_method(Vm& vm, const Value& obj, Str* name, bool* is_method) {
  *is_method = false;
  if (obj.is_obj()) {
    switch (obj.as_obj()->kind()) {
      case ObjKind::Instance:
      case ObjKind::Exception: {
        Instance* inst = obj.as<Instance>();
        Value ca = inst->cls->lookup(name);
        const bool plain = ca.is_kind(ObjKind::Function) ||
                           (ca.is_kind(ObjKind::NativeFunction) && ca.as<NativeFunction>()->owner);
        if (plain && inst->dict->table.find_str(name) < 0) {
          *is_method = true;
          return ca;
        }
        return getattr(vm, obj, name);
      }
      case ObjKind::Class:
      case ObjKind::Module:
      case ObjKind::Function:
      case ObjKind::BoundMethod:
      case ObjKind::NativeFunction:
      case ObjKind::Super:
        return getattr(vm, obj, name);
      default:
        break;
    }
  }
  // Builtin values: methods of their class, unbound (saves a BoundMethod per
  // call such as lst.append(x)).
  Value ca = vm.class_of(obj)->lookup(name);
  if (ca.is_kind(ObjKind::Function) || (ca.is_kind(ObjKind::NativeFunction) && ca.as<NativeFunction>()->owner)) {
    *is_method = true;
    return ca;
  }
  return getattr(vm, obj, name);
}

Value class_lookup(Vm& vm, const Value& obj, Str* name) { return vm.class_of(obj)->lookup(name); }

// ---- containers ------------------------------------------------------------------------------

bool to_index(Vm& vm, const Value& v, int64_t* out) {
  if (v.is_intlike()) {
    *out = v.as_int();
    return true;
  }
  if (is_user(v)) {
    Value m = find_dunder(vm, v.as<Instance>()->cls.get(), vm.names.__index__);
    if (!m.is_null()) {
      Value r = call_dunder(vm, m, v, {});
      if (r.is_null()) return false;
      if (!r.is_intlike()) {
        vm.raisef(vm.exc.TypeError.get(), "__index__ returned non-int (type {})", vm.type_name(r));
        return false;
      }
      *out = r.as_int();
      return true;
    }
  }
  vm.raisef(vm.exc.TypeError.get(), "'{}' object cannot be interpreted as an integer", vm.type_name(v));
  return false;
}

namespace {

bool has_index(Vm& vm, const Value& v) {
  return v.is_intlike() || (is_user(v) && !find_dunder(vm, v.as<Instance>()->cls.get(), vm.names.__index__).is_null());
}

constexpr int64_t kNoIndex = INT64_MIN;  // "not given" for slice_unpack

// The raw start/stop/step of a slice (kNoIndex for None), CPython's
// PySlice_Unpack. May run __index__.
bool slice_unpack(Vm& vm, Slice* s, int64_t* start, int64_t* stop, int64_t* step) {
  auto one = [&](const Value& v, int64_t* out) {
    if (v.is_none() || v.is_null()) {
      *out = kNoIndex;
      return true;
    }
    if (!has_index(vm, v)) {
      vm.raise(vm.exc.TypeError.get(), "slice indices must be integers or None or have an __index__ method");
      return false;
    }
    return to_index(vm, v, out);
  };
  Value a = s->start, b = s->stop, c = s->step;
  if (!one(c, step)) return false;
  if (*step == kNoIndex) {
    *step = 1;
  } else if (*step == 0) {
    vm.raise(vm.exc.ValueError.get(), "slice step cannot be zero");
    return false;
  } else if (*step < -INT64_MAX) {
    *step = -INT64_MAX;  // so that -step cannot overflow
  }
  if (!one(a, start)) return false;
  if (!one(b, stop)) return false;
  return true;
}

// Clamps unpacked indices to a sequence length (PySlice_AdjustIndices);
// returns the number of items selected.
int64_t slice_adjust(int64_t length, int64_t* start, int64_t* stop, int64_t step) {
  auto clamp = [&](int64_t* v, bool is_start) {
    if (*v == kNoIndex) {
      *v = step > 0 ? (is_start ? 0 : length) : (is_start ? length - 1 : -1);
      return;
    }
    if (*v < 0) {
      *v += length;
      if (*v < 0) *v = step < 0 ? -1 : 0;
    } else if (*v >= length) {
      *v = step < 0 ? length - 1 : length;
    }
  };
  clamp(start, true);
  clamp(stop, false);
  if (step > 0) {
    if (*stop <= *start) return 0;
    return static_cast<int64_t>((static_cast<uint64_t>(*stop - *start) - 1) / static_cast<uint64_t>(step) + 1);
  }
  if (*start <= *stop) return 0;
  return static_cast<int64_t>((static_cast<uint64_t>(*start - *stop) - 1) / static_cast<uint64_t>(-step) + 1);
}

bool normalize_index(int64_t* i, int64_t length) {
  if (*i < 0) *i += length;
  return *i >= 0 && *i < length;
}

Value str_char(Vm& vm, const Str* s, int64_t i) {
  size_t off = s->byte_offset(i);
  const std::string& d = s->str();
  size_t n = std::min(utf8::seq_len(static_cast<unsigned char>(d[off])), d.size() - off);
  return Value(vm.str(d.substr(off, n)));
}

Value str_slice(Vm& vm, const Value& v, int64_t start, int64_t step, int64_t count) {
  const Str* s = v.as<Str>();
  const std::string& d = s->str();
  if (count <= 0) return Value(vm.str(""));
  if (step == 1) {
    if (count == s->length()) return v;
    size_t a = s->byte_offset(start);
    size_t b = s->byte_offset(start + count);
    return Value(vm.str(d.substr(a, b - a)));
  }
  std::string out;
  if (s->is_ascii()) {
    out.reserve(static_cast<size_t>(count));
    for (int64_t k = 0, i = start; k < count; ++k, i += step) out += d[static_cast<size_t>(i)];
  } else {
    std::vector<size_t> offsets;  // start of each code point, plus the end
    offsets.reserve(static_cast<size_t>(s->length()) + 1);
    for (size_t i = 0; i < d.size(); ++i)
      if ((static_cast<unsigned char>(d[i]) & 0xC0) != 0x80) offsets.push_back(i);
    offsets.push_back(d.size());
    for (int64_t k = 0, i = start; k < count; ++k, i += step)
      out.append(d, offsets[static_cast<size_t>(i)], offsets[static_cast<size_t>(i) + 1] - offsets[static_cast<size_t>(i)]);
  }
  return Value(vm.str(std::move(out)));
}

Value seq_slice(const Value& v, int64_t start, int64_t step, int64_t count) {
  const std::vector<Value>& items = *seq_items(v);
  std::vector<Value> out;
  out.reserve(static_cast<size_t>(std::max<int64_t>(count, 0)));
  for (int64_t k = 0, i = start; k < count; ++k, i += step) out.push_back(items[static_cast<size_t>(i)]);
  if (v.is_kind(ObjKind::List)) return Value(make_list(std::move(out)));
  if (count == static_cast<int64_t>(items.size()) && step == 1) return v;  // tuples are immutable
  return Value(make_tuple(std::move(out)));
}

Value range_item(Vm& vm, Range* r, int64_t i) {
  int64_t off, value;
  if (__builtin_mul_overflow(i, r->step, &off) || __builtin_add_overflow(r->start, off, &value))
    return int_overflow(vm);
  return Value::integer(value);
}

Value range_slice(Vm& vm, Range* r, Slice* s) {
  int64_t start, stop, step;
  if (!slice_indices(vm, s, r->length(), &start, &stop, &step, nullptr)) return Value();
  int64_t nstep, a, b;
  if (__builtin_mul_overflow(step, r->step, &nstep)) return int_overflow(vm);
  Value va = range_item(vm, r, start);
  if (va.is_null()) return va;
  Value vb = range_item(vm, r, stop);
  if (vb.is_null()) return vb;
  a = va.as_int();
  b = vb.as_int();
  return Value(make<Range>(a, b, nstep));
}

Value key_error(Vm& vm, const Value& key) { return vm.raise_with_args(vm.exc.KeyError.get(), {key}); }

Value not_subscriptable(Vm& vm, const Value& obj) {
  return vm.raisef(vm.exc.TypeError.get(), "'{}' object is not subscriptable", vm.type_name(obj));
}

// Calls a container dunder found on the class of a builtin or user object;
// `found` is false when the class has none.
Value call_class_dunder(Vm& vm, const Value& obj, Str* name, std::vector<Value> args, bool* found) {
  Value m = is_user(obj) ? find_dunder(vm, obj.as<Instance>()->cls.get(), name) : vm.class_of(obj)->lookup(name);
  *found = !m.is_null();
  if (!*found) return Value();
  return call_dunder(vm, m, obj, std::move(args));
}

}  // namespace

bool slice_indices(Vm& vm, Slice* s, int64_t length, int64_t* start, int64_t* stop, int64_t* step, int64_t* count) {
  Ref<Slice> hold(s);
  if (!slice_unpack(vm, s, start, stop, step)) return false;
  int64_t n = slice_adjust(length, start, stop, *step);
  if (count) *count = n;
  return true;
}

Value getitem(Vm& vm, const Value& obj, const Value& key) {
  Value hold = obj, k = key;
  if (!hold.is_obj()) return not_subscriptable(vm, hold);
  Object* o = hold.as_obj();
  switch (o->kind()) {
    case ObjKind::List:
    case ObjKind::Tuple: {
      const char* tname = o->kind() == ObjKind::List ? "list" : "tuple";
      if (has_index(vm, k)) {
        int64_t i;
        if (!to_index(vm, k, &i)) return Value();
        const auto& items = *seq_items(hold);
        if (!normalize_index(&i, static_cast<int64_t>(items.size())))
          return vm.raisef(vm.exc.IndexError.get(), "{} index out of range", tname);
        return items[static_cast<size_t>(i)];
      }
      if (k.is_kind(ObjKind::Slice)) {
        int64_t start, stop, step;
        if (!slice_unpack(vm, k.as<Slice>(), &start, &stop, &step)) return Value();
        int64_t count = slice_adjust(static_cast<int64_t>(seq_items(hold)->size()), &start, &stop, step);
        return seq_slice(hold, start, step, count);
      }
      return vm.raisef(vm.exc.TypeError.get(), "{} indices must be integers or slices, not {}", tname,
                       vm.type_name(k));
    }
    case ObjKind::Str: {
      if (has_index(vm, k)) {
        int64_t i;
        if (!to_index(vm, k, &i)) return Value();
        Str* s = hold.as<Str>();
        if (!normalize_index(&i, s->length())) return vm.raise(vm.exc.IndexError.get(), "string index out of range");
        return str_char(vm, s, i);
      }
      if (k.is_kind(ObjKind::Slice)) {
        int64_t start, stop, step;
        if (!slice_unpack(vm, k.as<Slice>(), &start, &stop, &step)) return Value();
        int64_t count = slice_adjust(hold.as<Str>()->length(), &start, &stop, step);
        return str_slice(vm, hold, start, step, count);
      }
      return vm.raisef(vm.exc.TypeError.get(), "string indices must be integers, not '{}'", vm.type_name(k));
    }
    case ObjKind::Dict: {
      Value v = dict_get(vm, hold.as<Dict>(), k);
      if (!v.is_null() || vm.has_error()) return v;
      return key_error(vm, k);
    }
    case ObjKind::Range: {
      Range* r = hold.as<Range>();
      if (has_index(vm, k)) {
        int64_t i;
        if (!to_index(vm, k, &i)) return Value();
        if (!normalize_index(&i, r->length()))
          return vm.raise(vm.exc.IndexError.get(), "range object index out of range");
        return range_item(vm, r, i);
      }
      if (k.is_kind(ObjKind::Slice)) return range_slice(vm, r, k.as<Slice>());
      return vm.raisef(vm.exc.TypeError.get(), "range indices must be integers or slices, not {}", vm.type_name(k));
    }
    case ObjKind::Class: {
      Class* c = hold.as<Class>();
      Value cg = c->lookup(vm.intern("__class_getitem__"));
      if (!cg.is_null()) {
        Value f = cg.is_kind(ObjKind::ClassMethod) || cg.is_kind(ObjKind::StaticMethod) ? cg.as<Descriptor>()->fget
                                                                                        : cg;
        if (cg.is_kind(ObjKind::StaticMethod)) return vm.call(f, std::vector<Value>{k});
        return vm.call(f, std::vector<Value>{hold, k});
      }
      // list[int] and friends (type aliases): the subset has no generic
      // alias objects; the class stands for itself.
      if (c == vm.cls.list.get() || c == vm.cls.dict.get() || c == vm.cls.tuple.get() || c == vm.cls.set.get() ||
          c == vm.cls.frozenset.get() || c == vm.cls.type.get())
        return hold;
      return vm.raisef(vm.exc.TypeError.get(), "type '{}' is not subscriptable", c->name->str());
    }
    default: {
      bool found;
      Value r = call_class_dunder(vm, hold, vm.names.__getitem__, {k}, &found);
      if (found) return r;
      return not_subscriptable(vm, hold);
    }
  }
}

namespace {

bool list_assign_slice(Vm& vm, const Value& list_value, Slice* s, const Value& v) {
  List* list = list_value.as<List>();
  int64_t start, stop, step;
  if (!slice_unpack(vm, s, &start, &stop, &step)) return false;
  std::vector<Value> seq;
  if (v.is(list_value)) {
    seq = list->items;
  } else {
    Value it = get_iter(vm, v);
    if (it.is_null()) {
      if (vm.error_matches(vm.exc.TypeError.get())) {
        vm.take_error();
        vm.raise(vm.exc.TypeError.get(), step == 1 ? "can only assign an iterable" : "must assign iterable to extended slice");
      }
      return false;
    }
    for (;;) {
      Value item = iter_next(vm, it);
      if (item.is_null()) {
        if (vm.has_error()) return false;
        break;
      }
      seq.push_back(std::move(item));
    }
  }
  // Clamp against the length as it is now that user code has run.
  auto& items = list->items;
  int64_t count = slice_adjust(static_cast<int64_t>(items.size()), &start, &stop, step);
  if (step == 1) {
    if (stop < start) stop = start;
    std::vector<Value> removed(std::make_move_iterator(items.begin() + start),
                               std::make_move_iterator(items.begin() + stop));
    items.erase(items.begin() + start, items.begin() + stop);
    items.insert(items.begin() + start, std::make_move_iterator(seq.begin()), std::make_move_iterator(seq.end()));
    return true;
  }
  if (static_cast<int64_t>(seq.size()) != count) {
    vm.raisef(vm.exc.ValueError.get(), "attempt to assign sequence of size {} to extended slice of size {}",
              seq.size(), count);
    return false;
  }
  for (int64_t k = 0, i = start; k < count; ++k, i += step) items[static_cast<size_t>(i)] = std::move(seq[k]);
  return true;
}

bool list_delete_slice(Vm& vm, List* list, Slice* s) {
  int64_t start, stop, step;
  if (!slice_unpack(vm, s, &start, &stop, &step)) return false;
  auto& items = list->items;
  int64_t count = slice_adjust(static_cast<int64_t>(items.size()), &start, &stop, step);
  if (count <= 0) return true;
  if (step < 0) {
    // The same items, walked forwards.
    start = start + (count - 1) * step;
    step = -step;
  }
  std::vector<Value> removed;
  removed.reserve(static_cast<size_t>(count));
  if (step == 1) {
    removed.assign(std::make_move_iterator(items.begin() + start),
                   std::make_move_iterator(items.begin() + start + count));
    items.erase(items.begin() + start, items.begin() + start + count);
    return true;
  }
  std::vector<Value> kept;
  kept.reserve(items.size() - static_cast<size_t>(count));
  int64_t next = start, taken = 0;
  for (int64_t i = 0; i < static_cast<int64_t>(items.size()); ++i) {
    if (i == next && taken < count) {
      removed.push_back(std::move(items[static_cast<size_t>(i)]));
      next += step;
      ++taken;
    } else {
      kept.push_back(std::move(items[static_cast<size_t>(i)]));
    }
  }
  items.swap(kept);
  return true;
}

}  // namespace

bool setitem(Vm& vm, const Value& obj, const Value& key, Value v) {
  Value hold = obj, k = key;
  if (hold.is_kind(ObjKind::List)) {
    if (has_index(vm, k)) {
      int64_t i;
      if (!to_index(vm, k, &i)) return false;
      auto& items = hold.as<List>()->items;
      if (!normalize_index(&i, static_cast<int64_t>(items.size()))) {
        vm.raise(vm.exc.IndexError.get(), "list assignment index out of range");
        return false;
      }
      Value old = std::move(items[static_cast<size_t>(i)]);
      items[static_cast<size_t>(i)] = std::move(v);
      return true;
    }
    if (k.is_kind(ObjKind::Slice)) return list_assign_slice(vm, hold, k.as<Slice>(), v);
    vm.raisef(vm.exc.TypeError.get(), "list indices must be integers or slices, not {}", vm.type_name(k));
    return false;
  }
  if (hold.is_kind(ObjKind::Dict)) return dict_set(vm, hold.as<Dict>(), std::move(k), std::move(v));
  bool found;
  Value r = call_class_dunder(vm, hold, vm.names.__setitem__, {k, std::move(v)}, &found);
  if (found) return !r.is_null();
  vm.raisef(vm.exc.TypeError.get(), "'{}' object does not support item assignment", vm.type_name(hold));
  return false;
}

bool delitem(Vm& vm, const Value& obj, const Value& key) {
  Value hold = obj, k = key;
  if (hold.is_kind(ObjKind::List)) {
    if (has_index(vm, k)) {
      int64_t i;
      if (!to_index(vm, k, &i)) return false;
      auto& items = hold.as<List>()->items;
      if (!normalize_index(&i, static_cast<int64_t>(items.size()))) {
        vm.raise(vm.exc.IndexError.get(), "list assignment index out of range");
        return false;
      }
      Value old = std::move(items[static_cast<size_t>(i)]);
      items.erase(items.begin() + i);
      return true;
    }
    if (k.is_kind(ObjKind::Slice)) return list_delete_slice(vm, hold.as<List>(), k.as<Slice>());
    vm.raisef(vm.exc.TypeError.get(), "list indices must be integers or slices, not {}", vm.type_name(k));
    return false;
  }
  if (hold.is_kind(ObjKind::Dict)) {
    int64_t h;
    if (!hash_value(vm, k, &h)) return false;
    bool found;
    Value old;
    if (!hold.as<Dict>()->table.remove(vm, k, h, &found, &old)) return false;
    if (!found) {
      key_error(vm, k);
      return false;
    }
    return true;
  }
  bool found;
  Value r = call_class_dunder(vm, hold, vm.names.__delitem__, {k}, &found);
  if (found) return !r.is_null();
  const bool sequence = hold.is_kind(ObjKind::Tuple) || hold.is_kind(ObjKind::Str) || hold.is_kind(ObjKind::Range) ||
                        (is_user(hold) && !find_dunder(vm, hold.as<Instance>()->cls.get(), vm.names.__getitem__).is_null());
  vm.raisef(vm.exc.TypeError.get(), "'{}' object {} support item deletion", vm.type_name(hold),
            sequence ? "doesn't" : "does not");
  return false;
}

namespace {

// item in iterator, consuming it.
int contains_by_iteration(Vm& vm, const Value& it, const Value& item) {
  for (;;) {
    Value v = iter_next(vm, it);
    if (v.is_null()) return vm.has_error() ? -1 : 0;
    int r = same_or_equal(vm, v, item);
    if (r != 0) return r;
  }
}

}  // namespace

int contains(Vm& vm, const Value& container, const Value& item) {
  Value hold = container, x = item;
  if (!hold.is_obj()) {
    vm.raisef(vm.exc.TypeError.get(), "argument of type '{}' is not iterable", vm.type_name(hold));
    return -1;
  }
  switch (hold.as_obj()->kind()) {
    case ObjKind::List:
    case ObjKind::Tuple: {
      const auto& items = *seq_items(hold);
      for (size_t i = 0; i < items.size(); ++i) {  // size re-read: __eq__ may shrink the list
        Value v = items[i];
        int r = same_or_equal(vm, v, x);
        if (r != 0) return r;
      }
      return 0;
    }
    case ObjKind::Str:
      if (!x.is_kind(ObjKind::Str)) {
        vm.raisef(vm.exc.TypeError.get(), "'in <string>' requires string as left operand, not {}", vm.type_name(x));
        return -1;
      }
      return hold.as<Str>()->str().find(x.as<Str>()->str()) != std::string::npos;
    case ObjKind::Dict:
    case ObjKind::Set:
    case ObjKind::FrozenSet:
      return table_has(vm, *table_of(hold), x);
    case ObjKind::Range: {
      Range* r = hold.as<Range>();
      if (x.is_intlike()) {
        int64_t v = x.as_int();
        if (r->step > 0 ? (v < r->start || v >= r->stop) : (v > r->start || v <= r->stop)) return 0;
        // (v - start) % step == 0, computed without overflow.
        uint64_t diff = r->step > 0 ? static_cast<uint64_t>(v) - static_cast<uint64_t>(r->start)
                                    : static_cast<uint64_t>(r->start) - static_cast<uint64_t>(v);
        uint64_t mag = r->step > 0 ? static_cast<uint64_t>(r->step) : static_cast<uint64_t>(-(r->step + 1)) + 1;
        return diff % mag == 0;
      }
      Value it = get_iter(vm, hold);
      if (it.is_null()) return -1;
      return contains_by_iteration(vm, it, x);
    }
    case ObjKind::DictView: {
      DictView* dv = hold.as<DictView>();
      Ref<Dict> d = dv->dict;
      if (dv->which == DictView::Keys) return table_has(vm, d->table, x);
      if (dv->which == DictView::Items) {
        if (!x.is_kind(ObjKind::Tuple) || x.as<Tuple>()->items.size() != 2) return 0;
        Value k = x.as<Tuple>()->items[0], want = x.as<Tuple>()->items[1];
        Value have = dict_get(vm, d.get(), k);
        if (have.is_null()) return vm.has_error() ? -1 : 0;
        return same_or_equal(vm, have, want);
      }
      Value it = get_iter(vm, hold);
      if (it.is_null()) return -1;
      return contains_by_iteration(vm, it, x);
    }
    case ObjKind::Iterator:
    case ObjKind::Generator:
      return contains_by_iteration(vm, hold, x);
    default:
      break;
  }
  bool found;
  Value r = call_class_dunder(vm, hold, vm.names.__contains__, {x}, &found);
  if (found) {
    if (r.is_null()) return -1;
    return truthy(vm, r);
  }
  Class* cls = vm.class_of(hold);
  const bool iterable = (is_user(hold) ? !find_dunder(vm, cls, vm.names.__iter__).is_null()
                                       : !cls->lookup(vm.names.__iter__).is_null()) ||
                        (is_user(hold) && !find_dunder(vm, cls, vm.names.__getitem__).is_null());
  if (!iterable) {
    vm.raisef(vm.exc.TypeError.get(), "argument of type '{}' is not iterable", vm.type_name(hold));
    return -1;
  }
  Value it = get_iter(vm, hold);
  if (it.is_null()) return -1;
  return contains_by_iteration(vm, it, x);
}

bool length(Vm& vm, const Value& obj, int64_t* out) {
  if (obj.is_obj()) {
    switch (obj.as_obj()->kind()) {
      case ObjKind::Str: *out = obj.as<Str>()->length(); return true;
      case ObjKind::List: *out = static_cast<int64_t>(obj.as<List>()->items.size()); return true;
      case ObjKind::Tuple: *out = static_cast<int64_t>(obj.as<Tuple>()->items.size()); return true;
      case ObjKind::Dict: *out = obj.as<Dict>()->table.size(); return true;
      case ObjKind::Set:
      case ObjKind::FrozenSet: *out = obj.as<Set>()->table.size(); return true;
      case ObjKind::Range: *out = obj.as<Range>()->length(); return true;
      case ObjKind::DictView: *out = obj.as<DictView>()->dict->table.size(); return true;
      default: break;
    }
    Value hold = obj;
    bool found;
    Value r = call_class_dunder(vm, hold, vm.names.__len__, {}, &found);
    if (found) {
      if (r.is_null()) return false;
      return len_result(vm, r, out);
    }
  }
  vm.raisef(vm.exc.TypeError.get(), "object of type '{}' has no len()", vm.type_name(obj));
  return false;
}

// ---- iteration ---------------------------------------------------------------------------------

namespace {

Ref<Iterator> new_iter(IterKind k, Value source) {
  auto it = make<Iterator>(k);
  it->source = std::move(source);
  return it;
}

Value table_iter(const Value& owner, const HashTable& t, IterKind k) {
  Ref<Iterator> it = new_iter(k, owner);
  it->version = t.version();
  it->end = t.size();
  return Value(std::move(it));
}

bool is_iterator(Vm& vm, const Value& v) {
  if (v.is_kind(ObjKind::Iterator) || v.is_kind(ObjKind::Generator)) return true;
  if (is_user(v)) return !find_dunder(vm, v.as<Instance>()->cls.get(), vm.names.__next__).is_null();
  return !vm.class_of(v)->lookup(vm.names.__next__).is_null();
}

Value not_iterable(Vm& vm, const Value& v) {
  return vm.raisef(vm.exc.TypeError.get(), "'{}' object is not iterable", vm.type_name(v));
}

// StopIteration from a __next__ means "exhausted": Null with no error.
Value end_on_stop_iteration(Vm& vm, Value r) {
  if (r.is_null() && vm.error_matches(vm.exc.StopIteration.get())) vm.take_error();
  return r;
}

Value dict_iter_next(Vm& vm, Iterator* it) {
  Dict* d = it->source.as<Dict>();
  HashTable& t = d->table;
  if (t.version() != it->version) {
    // Sticky, as in CPython: every later next() fails too.
    if (t.size() != it->end) return vm.raise(vm.exc.RuntimeError.get(), "dictionary changed size during iteration");
    return vm.raise(vm.exc.RuntimeError.get(), "dictionary keys changed during iteration");
  }
  const auto& entries = t.entries();
  while (it->index < static_cast<int64_t>(entries.size()) && entries[it->index].key.is_null()) ++it->index;
  if (it->index >= static_cast<int64_t>(entries.size())) {
    it->exhausted = true;
    return Value();
  }
  const auto& e = entries[it->index++];
  switch (it->sub) {
    case IterKind::DictKeys: return e.key;
    case IterKind::DictValues: return e.value;
    default: return Value(make_tuple({e.key, e.value}));
  }
}

Value set_iter_next(Vm& vm, Iterator* it) {
  HashTable& t = it->source.as<Set>()->table;
  if (t.size() != it->end) {
    it->end = -1;  // sticky
    return vm.raise(vm.exc.RuntimeError.get(), "Set changed size during iteration");
  }
  const auto& entries = t.entries();
  while (it->index < static_cast<int64_t>(entries.size()) && entries[it->index].key.is_null()) ++it->index;
  if (it->index >= static_cast<int64_t>(entries.size())) {
    it->exhausted = true;
    return Value();
  }
  return entries[it->index++].key;
}

Value reversed_next(Vm& vm, Iterator* it) {
  if (it->index < 0) {
    it->exhausted = true;
    return Value();
  }
  const Value& src = it->source;
  if (const std::vector<Value>* items = seq_items(src)) {
    if (it->index >= static_cast<int64_t>(items->size())) {
      // The list shrank under us: CPython ends the iteration.
      it->exhausted = true;
      return Value();
    }
    return (*items)[static_cast<size_t>(it->index--)];
  }
  if (src.is_kind(ObjKind::Str)) {
    Str* s = src.as<Str>();
    if (it->index >= s->length()) {
      it->exhausted = true;
      return Value();
    }
    return str_char(vm, s, it->index--);
  }
  if (src.is_kind(ObjKind::Range)) {
    Range* r = src.as<Range>();
    if (it->index >= r->length()) {
      it->exhausted = true;
      return Value();
    }
    return range_item(vm, r, it->index--);
  }
  // A user sequence (__len__ and __getitem__).
  Value source = src;
  Value r = getitem(vm, source, Value::integer(it->index));
  if (r.is_null()) {
    if (vm.error_matches(vm.exc.IndexError.get()) || vm.error_matches(vm.exc.StopIteration.get())) {
      vm.take_error();
      it->exhausted = true;
    }
    return Value();
  }
  --it->index;
  return r;
}

Value iterator_next(Vm& vm, const Value& iv) {
  Iterator* it = iv.as<Iterator>();
  if (it->exhausted) return Value();
  // enumerate/zip/map/filter recurse into the iterators they wrap: a chain
  // a million deep (built by a script or a pickle) must not overflow.
  bool wraps = it->sub == IterKind::Enumerate || it->sub == IterKind::Zip || it->sub == IterKind::Map ||
               it->sub == IterKind::Filter;
  if (wraps && !vm.check_c_stack()) return Value();
  switch (it->sub) {
    case IterKind::Seq: {
      const std::vector<Value>& items = *seq_items(it->source);
      if (it->index < static_cast<int64_t>(items.size())) return items[static_cast<size_t>(it->index++)];
      it->exhausted = true;
      return Value();
    }
    case IterKind::Str: {
      const std::string& d = it->source.as<Str>()->str();
      size_t off = static_cast<size_t>(it->index);
      if (off >= d.size()) {
        it->exhausted = true;
        return Value();
      }
      size_t n = std::min(utf8::seq_len(static_cast<unsigned char>(d[off])), d.size() - off);
      it->index += static_cast<int64_t>(n);
      return Value(vm.str(d.substr(off, n)));
    }
    case IterKind::Range:
      if (it->step > 0 ? it->index < it->end : it->index > it->end) {
        int64_t v = it->index;
        if (__builtin_add_overflow(it->index, it->step, &it->index)) it->exhausted = true;
        return Value::integer(v);
      }
      it->exhausted = true;
      return Value();
    case IterKind::DictKeys:
    case IterKind::DictValues:
    case IterKind::DictItems:
      return dict_iter_next(vm, it);
    case IterKind::SetItems:
      return set_iter_next(vm, it);
    case IterKind::Reversed:
      return reversed_next(vm, it);
    case IterKind::Enumerate: {
      Value inner = it->source;
      Value v = iter_next(vm, inner);
      if (v.is_null()) return v;
      return Value(make_tuple({Value::integer(it->index++), std::move(v)}));
    }
    case IterKind::Zip: {
      if (it->items.empty()) {
        it->exhausted = true;
        return Value();
      }
      std::vector<Value> inners = it->items;  // next() may run user code
      std::vector<Value> out;
      out.reserve(inners.size());
      for (const Value& inner : inners) {
        Value v = iter_next(vm, inner);
        if (v.is_null()) {
          if (!vm.has_error()) it->exhausted = true;
          return Value();
        }
        out.push_back(std::move(v));
      }
      return Value(make_tuple(std::move(out)));
    }
    case IterKind::Map: {
      std::vector<Value> inners = it->items;
      std::vector<Value> args;
      args.reserve(inners.size());
      for (const Value& inner : inners) {
        Value v = iter_next(vm, inner);
        if (v.is_null()) {
          if (!vm.has_error()) it->exhausted = true;
          return Value();
        }
        args.push_back(std::move(v));
      }
      Value fn = it->extra;
      return vm.call(fn, std::move(args));
    }
    case IterKind::Filter: {
      Value inner = it->source, pred = it->extra;
      for (;;) {
        Value v = iter_next(vm, inner);
        if (v.is_null()) {
          if (!vm.has_error()) it->exhausted = true;
          return Value();
        }
        int t;
        if (pred.is_none() || pred.is_null()) {
          t = truthy(vm, v);
        } else {
          Value r = vm.call(pred, std::vector<Value>{v});
          if (r.is_null()) return r;
          t = truthy(vm, r);
        }
        if (t < 0) return Value();
        if (t) return v;
      }
    }
    case IterKind::GetItem: {
      Value source = it->source;
      Value r = getitem(vm, source, Value::integer(it->index));
      if (r.is_null()) {
        if (vm.error_matches(vm.exc.IndexError.get()) || vm.error_matches(vm.exc.StopIteration.get())) {
          vm.take_error();
          it->exhausted = true;
        }
        return Value();
      }
      ++it->index;
      return r;
    }
    case IterKind::Callable: {
      Value fn = it->source, sentinel = it->extra;
      Value r = vm.call(fn, std::vector<Value>{});
      if (r.is_null()) {
        if (vm.error_matches(vm.exc.StopIteration.get())) {
          vm.take_error();
          it->exhausted = true;
        }
        return r;
      }
      int eq = equals(vm, r, sentinel);
      if (eq < 0) return Value();
      if (eq) {
        it->exhausted = true;
        return Value();
      }
      return r;
    }
  }
  return Value();
}

}  // namespace

Value get_iter(Vm& vm, const Value& obj) {
  if (!obj.is_obj()) return not_iterable(vm, obj);
  switch (obj.as_obj()->kind()) {
    case ObjKind::List:
    case ObjKind::Tuple:
      return Value(new_iter(IterKind::Seq, obj));
    case ObjKind::Str:
      return Value(new_iter(IterKind::Str, obj));
    case ObjKind::Range: {
      Range* r = obj.as<Range>();
      Ref<Iterator> it = new_iter(IterKind::Range, obj);
      it->index = r->start;
      it->end = r->stop;
      it->step = r->step;
      return Value(std::move(it));
    }
    case ObjKind::Dict:
      return table_iter(obj, obj.as<Dict>()->table, IterKind::DictKeys);
    case ObjKind::Set:
    case ObjKind::FrozenSet:
      return table_iter(obj, obj.as<Set>()->table, IterKind::SetItems);
    case ObjKind::DictView: {
      DictView* dv = obj.as<DictView>();
      IterKind k = dv->which == DictView::Keys     ? IterKind::DictKeys
                   : dv->which == DictView::Values ? IterKind::DictValues
                                                   : IterKind::DictItems;
      return table_iter(Value(dv->dict), dv->dict->table, k);
    }
    case ObjKind::Iterator:
    case ObjKind::Generator:
      return obj;
    default:
      break;
  }
  Value hold = obj;
  Class* cls = vm.class_of(hold);
  Value m = is_user(hold) ? find_dunder(vm, cls, vm.names.__iter__) : cls->lookup(vm.names.__iter__);
  if (m.is_none()) return not_iterable(vm, hold);
  if (!m.is_null()) {
    Value it = call_dunder(vm, m, hold, {});
    if (it.is_null()) return it;
    if (!is_iterator(vm, it))
      return vm.raisef(vm.exc.TypeError.get(), "iter() returned non-iterator of type '{}'", vm.type_name(it));
    return it;
  }
  if (is_user(hold) && !find_dunder(vm, cls, vm.names.__getitem__).is_null())
    return Value(new_iter(IterKind::GetItem, hold));
  return not_iterable(vm, hold);
}

Value iter_next(Vm& vm, const Value& it) {
  if (it.is_kind(ObjKind::Iterator)) {
    Value hold = it;
    return iterator_next(vm, hold);
  }
  if (it.is_kind(ObjKind::Generator)) {
    Ref<Generator> gen(it.as<Generator>());
    if (!gen->frame && !gen->running) return Value();
    if (!vm.interp()) return vm.raise(vm.exc.RuntimeError.get(), "no interpreter installed");
    return end_on_stop_iteration(vm, vm.interp()->resume_generator(vm, gen.get(), Value::none(), false));
  }
  Value hold = it;
  bool found;
  Value r = call_class_dunder(vm, hold, vm.names.__next__, {}, &found);
  if (found) return end_on_stop_iteration(vm, std::move(r));
  return vm.raisef(vm.exc.TypeError.get(), "'{}' object is not an iterator", vm.type_name(hold));
}

bool collect(Vm& vm, const Value& iterable, std::vector<Value>& out) {
  try {
    if (const std::vector<Value>* items = seq_items(iterable)) {
      out.insert(out.end(), items->begin(), items->end());
      return true;
    }
    if (iterable.is_kind(ObjKind::Range)) {
      Range* r = iterable.as<Range>();
      int64_t n = r->length();
      if (static_cast<uint64_t>(n) > (kMaxRepeatBytes / sizeof(Value))) {
        raise_memory(vm);
        return false;
      }
      out.reserve(out.size() + static_cast<size_t>(n));
      for (int64_t i = 0, v = r->start; i < n; ++i, v += r->step) out.push_back(Value::integer(v));
      return true;
    }
    if (iterable.is_kind(ObjKind::Dict) || is_set_like(iterable)) {
      const HashTable& t = *table_of(iterable);
      out.reserve(out.size() + static_cast<size_t>(t.size()));
      for (const auto& e : t.entries())
        if (!e.key.is_null()) out.push_back(e.key);
      return true;
    }
    Value it = get_iter(vm, iterable);
    if (it.is_null()) return false;
    for (;;) {
      Value v = iter_next(vm, it);
      if (v.is_null()) return !vm.has_error();
      out.push_back(std::move(v));
    }
  } catch (const std::bad_alloc&) {
    raise_memory(vm);
    return false;
  }
}

// ---- dicts -----------------------------------------------------------------------------------------

Value dict_get(Vm& vm, Dict* d, const Value& key) {
  int64_t h;
  if (!hash_value(vm, key, &h)) return Value();
  Ref<Dict> hold(d);
  int64_t pos;
  if (!d->table.find(vm, key, h, &pos)) return Value();
  if (pos < 0) return Value();
  return d->table.entries()[pos].value;
}

bool dict_set(Vm& vm, Dict* d, Value key, Value value) {
  int64_t h;
  if (!hash_value(vm, key, &h)) return false;
  Ref<Dict> hold(d);
  return d->table.insert(vm, std::move(key), h, std::move(value));
}

Value dict_get_str(Dict* d, Str* key) {
  int64_t pos = d->table.find_str(key);
  if (pos < 0) return Value();
  return d->table.entries()[pos].value;
}

void dict_set_str(Dict* d, Str* key, Value value) {
  int64_t pos = d->table.find_str(key);
  if (pos >= 0) {
    Value old = std::move(d->table.entries()[pos].value);
    d->table.entries()[pos].value = std::move(value);
    return;
  }
  d->table.insert_new(Value(Ref<Str>(key)), key->hash(), std::move(value));
}

bool set_add(Vm& vm, Set* s, Value key) {
  int64_t h;
  if (!hash_value(vm, key, &h)) return false;
  Ref<Set> hold(s);
  return s->table.insert(vm, std::move(key), h, Value());
}

// ---- classes and calls ---------------------------------------------------------------------------

bool is_instance(Vm& vm, const Value& v, Class* cls) { return vm.class_of(v)->is_subclass_of(cls); }

bool check_base_class(Vm& vm, Class* base) {
  if (!base->final_type) return true;
  // Types CPython itself refuses as bases get CPython's message; the rest
  // are a limitation of the subset.
  Class* const cpython_final[] = {vm.cls.bool_.get(),     vm.cls.none_type.get(), vm.cls.function.get(),
                                  vm.cls.builtin_function.get(), vm.cls.method.get(), vm.cls.generator.get(),
                                  vm.cls.range.get(),     vm.cls.slice.get(),     vm.cls.cell.get(),
                                  vm.cls.code.get(),      vm.cls.not_implemented_type.get(),
                                  vm.cls.ellipsis_type.get(), vm.cls.frame.get(), vm.cls.dict_keys.get(),
                                  vm.cls.dict_values.get(), vm.cls.dict_items.get(), vm.cls.iterator.get()};
  for (Class* c : cpython_final) {
    if (c == base) {
      vm.raisef(vm.exc.TypeError.get(), "type '{}' is not an acceptable base type", base->qualname);
      return false;
    }
  }
  vm.raisef(vm.exc.TypeError.get(), "Spindle does not support subclassing '{}' yet", base->qualname);
  return false;
}

Value allocate_instance(Vm& vm, Class* cls, Args& args) {
  if (cls->is_builtin && cls != vm.cls.object.get() && cls->instance_kind != ObjKind::Exception)
    return vm.raisef(vm.exc.TypeError.get(), "cannot create '{}' instances", cls->qualname);
  try {
    if (cls->instance_kind == ObjKind::Exception) {
      // BaseException.__new__ stores the arguments even when a subclass's
      // __init__ never calls super().__init__.
      auto e = make<ExceptionObject>(Ref<Class>(cls));
      e->args = make_tuple(std::vector<Value>(args.argv, args.argv + args.n));
      return Value(std::move(e));
    }
    return Value(make<Instance>(Ref<Class>(cls)));
  } catch (const std::bad_alloc&) {
    return raise_memory(vm);
  }
}

Value instantiate(Vm& vm, Class* cls, Args& args) {
  Ref<Class> hold(cls);
  Value inst = allocate_instance(vm, cls, args);
  if (inst.is_null()) return inst;
  Value init = cls->lookup(vm.names.__init__);
  if (init.is_null()) return inst;
  if (init.is_kind(ObjKind::NativeFunction) && init.as<NativeFunction>()->owner == vm.cls.object.get()) {
    // object.__init__ accepts nothing beyond the instance.
    if (args.n > 0 || args.nkw() > 0)
      return vm.raisef(vm.exc.TypeError.get(), "{}() takes no arguments", cls->qualname);
    return inst;
  }
  Value r;
  if (init.is_kind(ObjKind::Function) || init.is_kind(ObjKind::NativeFunction)) {
    std::vector<Value> storage;
    const int total = args.n + args.nkw();
    storage.reserve(static_cast<size_t>(total) + 1);
    storage.push_back(inst);
    for (int i = 0; i < total; ++i) storage.push_back(args.argv[i]);
    Args a{storage.data(), args.n + 1, args.kwnames};
    r = vm.call(init, a);
  } else {
    Value bound = make_bound(vm, init, inst);
    if (bound.is_null()) return bound;
    r = vm.call(bound, args);
  }
  if (r.is_null()) return r;
  if (!r.is_none())
    return vm.raisef(vm.exc.TypeError.get(), "__init__() should return None, not '{}'", vm.type_name(r));
  return inst;
}

std::string callable_name(Vm& vm, const Value& f) {
  if (f.is_kind(ObjKind::Function) || f.is_kind(ObjKind::NativeFunction)) return function_qualname(f) + "()";
  if (f.is_kind(ObjKind::BoundMethod)) return callable_name(vm, f.as<BoundMethod>()->func);
  if (f.is_kind(ObjKind::Class)) return f.as<Class>()->qualname + "()";
  return fmt::format("{} object", vm.type_name(f));
}

// ---- exceptions ------------------------------------------------------------------------------------

std::string exception_message(Vm& vm, ExceptionObject* exc) {
  std::string out;
  Value e = Value(Ref<ExceptionObject>(exc));
  if (!str_into(vm, e, out)) {
    vm.take_error();
    return "<exception str() failed>";
  }
  return out;
}

namespace {

const std::vector<std::string>* source_lines(Vm& vm, const std::string& filename) {
  auto it = vm.source_cache.find(filename);
  if (it != vm.source_cache.end()) return &it->second;
  std::vector<std::string> lines;
  std::ifstream in(filename, std::ios::binary);
  if (in) {
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(std::move(line));
    }
  }
  // Cached even when unreadable, so a deep traceback reads the file once.
  return &vm.source_cache.emplace(filename, std::move(lines)).first->second;
}

std::string strip(const std::string& s) {
  const char* ws = " \t\f\v\r\n";
  size_t a = s.find_first_not_of(ws);
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(ws);
  return s.substr(a, b - a + 1);
}

void format_entry(Vm& vm, const TracebackEntry& e, std::string& out) {
  const Code* code = e.code.get();
  const std::string& filename = code ? code->filename : std::string("<unknown>");
  out += fmt::format("  File \"{}\", line {}, in {}\n", filename, e.line, code ? code->name : "?");
  const std::vector<std::string>* lines = source_lines(vm, filename);
  if (e.line >= 1 && static_cast<size_t>(e.line) <= lines->size()) {
    std::string text = strip((*lines)[static_cast<size_t>(e.line) - 1]);
    if (!text.empty()) out += "    " + text + "\n";
  }
}

void format_one(Vm& vm, ExceptionObject* exc, std::string& out) {
  std::vector<TracebackEntry> tb;
  for (const TracebackEntry& e : exc->traceback)
    if (!e.code || !e.code->hidden) tb.push_back(e);
  if (!tb.empty()) {
    out += "Traceback (most recent call last):\n";
    // Stored innermost first; printed outermost first. Runs of the same
    // location (deep recursion) collapse as in CPython.
    const TracebackEntry* last = nullptr;
    int repeats = 0;
    auto flush = [&]() {
      if (repeats > 3)
        out += fmt::format("  [Previous line repeated {} more time{}]\n", repeats - 3, repeats - 3 == 1 ? "" : "s");
    };
    for (auto it = tb.rbegin(); it != tb.rend(); ++it) {
      if (last && last->code.get() == it->code.get() && last->line == it->line) {
        if (++repeats > 3) continue;
      } else {
        flush();
        repeats = 1;
      }
      last = &*it;
      format_entry(vm, *it, out);
    }
    flush();
  }
  Class* c = exc->cls.get();
  std::string mod = class_module(c);
  std::string name = mod.empty() || mod == "builtins" || mod == "__main__" ? c->qualname : mod + "." + c->qualname;
  std::string msg = exception_message(vm, exc);
  out += name;
  if (!msg.empty()) out += ": " + msg;
  out += '\n';
}

}  // namespace

void format_exception(Vm& vm, ExceptionObject* exc, std::string& out) {
  // The chain from the newest exception back through __cause__ (or, unless
  // suppressed, __context__); printed oldest first.
  std::vector<Ref<ExceptionObject>> chain;
  std::vector<bool> via_cause;  // via_cause[i]: chain[i] is chain[i-1]'s __cause__
  chain.push_back(Ref<ExceptionObject>(exc));
  via_cause.push_back(false);
  for (;;) {
    ExceptionObject* cur = chain.back().get();
    Value next;
    bool cause = false;
    if (cur->cause.is_kind(ObjKind::Exception)) {
      next = cur->cause;
      cause = true;
    } else if (!cur->suppress_context && cur->context.is_kind(ObjKind::Exception)) {
      next = cur->context;
    } else {
      break;
    }
    ExceptionObject* n = next.as<ExceptionObject>();
    bool seen = false;
    for (const auto& c : chain) seen = seen || c.get() == n;
    if (seen) break;
    chain.push_back(Ref<ExceptionObject>(n));
    via_cause.push_back(cause);
  }
  for (size_t i = chain.size(); i-- > 0;) {
    format_one(vm, chain[i].get(), out);
    if (i > 0) {
      out += via_cause[i] ? "\nThe above exception was the direct cause of the following exception:\n\n"
                          : "\nDuring handling of the above exception, another exception occurred:\n\n";
    }
  }
}

bool to_real(Vm& vm, const Value& v, double* out) {
  if (v.is_float()) {
    *out = v.as_float();
    return true;
  }
  if (v.is_intlike()) {
    *out = static_cast<double>(v.as_int());
    return true;
  }
  if (v.is_obj() && !v.is_kind(ObjKind::Str)) {
    Value m = class_lookup(vm, v, vm.names.__float__);
    if (!m.is_null()) {
      Value r = vm.call(make_bound(vm, m, v), std::vector<Value>{});
      if (r.is_null()) return false;
      if (!r.is_float()) {
        vm.raisef(vm.exc.TypeError.get(), "{}.__float__ returned non-float (type {})", vm.type_name(v),
                  vm.type_name(r));
        return false;
      }
      *out = r.as_float();
      return true;
    }
    if (vm.has_error()) return false;
    m = class_lookup(vm, v, vm.names.__index__);
    if (!m.is_null()) {
      int64_t i;
      if (!to_index(vm, v, &i)) return false;
      *out = static_cast<double>(i);
      return true;
    }
    if (vm.has_error()) return false;
  }
  vm.raisef(vm.exc.TypeError.get(), "must be real number, not {}", vm.type_name(v));
  return false;
}

}  // namespace spindle
