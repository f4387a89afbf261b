// The builtin functions (print, len, sorted, open, ...) and the constructors
// of the builtin classes (Class::construct: int("3"), list(x), super()).
//
// Iterator contract. The iterator classes built here (enumerate, zip, map,
// filter, reversed, iter(callable, sentinel)) are spindle::Iterator objects
// whose stepping lives in ops.cpp's iter_next. Their fields mean:
//   Enumerate: source = inner iterator, index = the next count
//   Zip:       items  = the inner iterators (none: empty at once)
//   Map:       extra  = the function, items = the inner iterators
//   Filter:    extra  = the predicate (None: truthiness), source = inner iterator
//   Reversed:  source = the list/tuple/str/range (or a user sequence with
//              __len__ and __getitem__), index = the next position (code
//              point for str), counting down to -1
//   Callable:  source = the callable, extra = the sentinel
// reversed() of a dict or a dict view snapshots the items into a list first
// and walks that.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <new>
#include <set>
#include <stdexcept>
#include <string>

#include "core/install.hpp"
#include "core/numfmt.hpp"
#include "core/ops.hpp"
#include "core/utf8.hpp"

namespace spindle {

namespace {

using ast::BinOpKind;
using ast::CmpOpKind;

Value str_value(Vm& vm, std::string s) { return Value(vm.str(std::move(s))); }

Value raise_type(Vm& vm, std::string msg) { return vm.raise(vm.exc.TypeError.get(), std::move(msg)); }

// ---- argument checking in CPython's several wordings -------------------------



// "len() takes exactly one argument (2 given)" (METH_O builtins).
bool expect_one(Vm& vm, Args& args, std::string_view fname) {
  if (!check_no_keywords(vm, args, fname)) return false;
  if (args.n == 1) return true;
  vm.raisef(vm.exc.TypeError.get(), "{}() takes exactly one argument ({} given)", fname, args.n);
  return false;
}

bool expect_none(Vm& vm, Args& args, std::string_view fname) {
  if (!check_no_keywords(vm, args, fname)) return false;
  if (args.n == 0) return true;
  vm.raisef(vm.exc.TypeError.get(), "{}() takes no arguments ({} given)", fname, args.n);
  return false;
}

// Picks keyword arguments by name into out[] (Null when absent); any other
// name is "'x' is an invalid keyword argument for f()".
bool take_keywords(Vm& vm, Args& args, std::string_view fname, std::initializer_list<const char*> names, Value* out) {
  for (int k = 0; k < args.nkw(); ++k) {
    std::string_view given = args.kwnames->items[k].as<Str>()->view();
    int i = 0;
    bool found = false;
    for (const char* name : names) {
      if (given == name) {
        out[i] = args.kwv()[k];
        found = true;
        break;
      }
      ++i;
    }
    if (!found) {
      vm.raisef(vm.exc.TypeError.get(), "'{}' is an invalid keyword argument for {}()", given, fname);
      return false;
    }
  }
  return true;
}

bool absent(const Value& v) { return v.is_null() || v.is_none(); }

// parse_args, after CPython's first check: too many arguments in total.
bool parse(Vm& vm, Args& args, std::string_view fname, std::initializer_list<const char*> names, int required,
           Value* out, int npos_only = -1) {
  int total = args.n + args.nkw();
  int n = static_cast<int>(names.size());
  if (total > n && args.nkw() > 0) {
    vm.raisef(vm.exc.TypeError.get(), "{}() takes at most {} argument{} ({} given)", fname, n, n == 1 ? "" : "s",
              total);
    return false;
  }
  return parse_args(vm, args, fname, names, required, out, npos_only);
}

// ---- print, input ------------------------------------------------------------

bool write_to(Vm& vm, const Value& file, std::string_view text) {
  if (absent(file)) {
    vm.write_stdout(text);
    return true;
  }
  if (file.is_kind(ObjKind::File)) return file_write(vm, file.as<File>(), text);
  // Any object with a write() method, as in CPython.
  Value write = getattr(vm, file, vm.intern("write"));
  if (write.is_null()) return false;
  return !vm.call(write, {str_value(vm, std::string(text))}).is_null();
}

Value builtin_print(Vm& vm, Args& args) {
  Value kw[4];  // sep, end, file, flush
  if (!take_keywords(vm, args, "print", {"sep", "end", "file", "flush"}, kw)) return {};
  std::string sep = " ", end = "\n";
  for (int i = 0; i < 2; ++i) {
    if (absent(kw[i])) continue;
    if (!kw[i].is_kind(ObjKind::Str))
      return vm.raisef(vm.exc.TypeError.get(), "{} must be None or a string, not {}", i == 0 ? "sep" : "end",
                       vm.type_name(kw[i]));
    (i == 0 ? sep : end) = kw[i].as<Str>()->str();
  }
  // Written piece by piece as CPython does, so output before a failing
  // __str__ (separator included) still appears.
  Value file = kw[2];
  for (int i = 0; i < args.n; ++i) {
    if (i > 0 && !write_to(vm, file, sep)) return {};
    std::string piece;
    if (!str_into(vm, args[i], piece)) return {};
    if (!write_to(vm, file, piece)) return {};
  }
  if (!write_to(vm, file, end)) return {};
  if (!kw[3].is_null()) {
    int flush = truthy(vm, kw[3]);
    if (flush < 0) return {};
    if (flush) {
      if (absent(file)) {
        std::fflush(stdout);
      } else if (file.is_kind(ObjKind::File)) {
        if (!file_flush(vm, file.as<File>())) return {};
      } else {
        Value fl = getattr(vm, file, vm.intern("flush"));
        if (fl.is_null() || vm.call(fl, std::vector<Value>{}).is_null()) return {};
      }
    }
  }
  return Value::none();
}

Value builtin_input(Vm& vm, Args& args) {
  if (!check_count(vm, args, "input", 0, 1)) return {};
  if (args.n == 1) {
    std::string prompt;
    if (!str_into(vm, args[0], prompt)) return {};
    vm.write_stdout(prompt);
  }
  std::fflush(stdout);
  std::string line;
  bool any = false;
  int c;
  while ((c = std::getchar()) != EOF) {
    any = true;
    if (c == '\n') break;
    line += static_cast<char>(c);
  }
  if (!any) return vm.raise(vm.exc.EOFError.get(), "EOF when reading a line");
  return str_value(vm, std::move(line));
}

// ---- simple one-argument builtins ---------------------------------------------

Value builtin_len(Vm& vm, Args& args) {
  if (!expect_one(vm, args, "len")) return {};
  int64_t n;
  if (!length(vm, args[0], &n)) return {};
  return Value::integer(n);
}

Value builtin_repr(Vm& vm, Args& args) {
  if (!expect_one(vm, args, "repr")) return {};
  return repr(vm, args[0]);
}

Value builtin_ascii(Vm& vm, Args& args) {
  if (!expect_one(vm, args, "ascii")) return {};
  Value r = repr(vm, args[0]);
  if (r.is_null()) return {};
  Str* s = r.as<Str>();
  if (s->is_ascii()) return r;
  std::string out;
  std::string_view v = s->view();
  for (size_t i = 0; i < v.size();) {
    uint32_t cp = utf8::decode(v, i);
    if (cp < 0x80)
      out += static_cast<char>(cp);
    else if (cp < 0x100)
      out += fmt::format("\\x{:02x}", cp);
    else if (cp < 0x10000)
      out += fmt::format("\\u{:04x}", cp);
    else
      out += fmt::format("\\U{:08x}", cp);
  }
  return str_value(vm, std::move(out));
}

Value builtin_abs(Vm& vm, Args& args) {
  if (!expect_one(vm, args, "abs")) return {};
  const Value& v = args[0];
  if (v.is_intlike()) {
    int64_t i = v.as_int();
    if (i == INT64_MIN) return vm.raise(vm.exc.OverflowError.get(), "int too large (Spindle ints are 64-bit)");
    return Value::integer(i < 0 ? -i : i);
  }
  if (v.is_float()) return Value::number(std::fabs(v.as_float()));
  Value m = class_lookup(vm, v, vm.names.__abs__);
  if (m.is_null()) {
    if (vm.has_error()) return {};
    return vm.raisef(vm.exc.TypeError.get(), "bad operand type for abs(): '{}'", vm.type_name(v));
  }
  return vm.call(make_bound(vm, m, v), std::vector<Value>{});
}

}  // namespace

bool is_callable_value(Vm& vm, const Value& v) {
  if (!v.is_obj()) return false;
  switch (v.as_obj()->kind()) {
    case ObjKind::Function:
    case ObjKind::NativeFunction:
    case ObjKind::BoundMethod:
    case ObjKind::Class:
    case ObjKind::StaticMethod:
    case ObjKind::Tasklet:
      return true;
    case ObjKind::Instance:
    case ObjKind::Exception:
      return !v.as<Instance>()->cls->lookup(vm.names.__call__).is_null();
    default:
      return false;
  }
}

namespace {

Value builtin_callable(Vm& vm, Args& args) {
  if (!expect_one(vm, args, "callable")) return {};
  return Value::boolean(is_callable_value(vm, args[0]));
}

Value builtin_id(Vm& vm, Args& args) {
  if (!expect_one(vm, args, "id")) return {};
  const Value& v = args[0];
  if (v.is_obj()) return Value::integer(static_cast<int64_t>(reinterpret_cast<uintptr_t>(v.as_obj())));
  // Immediates have no address: derive a number from tag and bits so that
  // id(a) == id(b) exactly when `a is b`.
  uint64_t bits = 0;
  if (v.is_float()) {
    double d = v.as_float();
    std::memcpy(&bits, &d, sizeof bits);
  } else if (!v.is_none()) {
    bits = static_cast<uint64_t>(v.as_int());
  }
  uint64_t id = (bits * 0x9E3779B97F4A7C15ull) ^ (static_cast<uint64_t>(v.tag()) << 60);
  return Value::integer(static_cast<int64_t>(id >> 1));
}

Value builtin_hash(Vm& vm, Args& args) {
  if (!expect_one(vm, args, "hash")) return {};
  int64_t h;
  if (!hash_value(vm, args[0], &h)) return {};
  return Value::integer(h);
}

Value builtin_format(Vm& vm, Args& args) {
  if (!check_count(vm, args, "format", 1, 2)) return {};
  Value a[2] = {args[0], args.n > 1 ? args[1] : Value()};
  std::string_view spec;
  if (!a[1].is_null()) {
    if (!a[1].is_kind(ObjKind::Str))
      return vm.raisef(vm.exc.TypeError.get(), "format() argument 2 must be str, not {}", vm.type_name(a[1]));
    spec = a[1].as<Str>()->view();
  }
  return format_value(vm, a[0], spec);
}

// ---- numbers -------------------------------------------------------------------

std::string int_in_base(int64_t v, int base, const char* prefix) {
  static const char digits[] = "0123456789abcdef";
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string rev;
  do {
    rev += digits[u % base];
    u /= base;
  } while (u);
  std::string out = v < 0 ? "-" : "";
  out += prefix;
  out.append(rev.rbegin(), rev.rend());
  return out;
}

Value base_convert(Vm& vm, Args& args, const char* name, int base, const char* prefix) {
  if (!expect_one(vm, args, name)) return {};
  int64_t v;
  if (!to_index(vm, args[0], &v)) return {};
  return str_value(vm, int_in_base(v, base, prefix));
}

Value builtin_bin(Vm& vm, Args& args) { return base_convert(vm, args, "bin", 2, "0b"); }
Value builtin_oct(Vm& vm, Args& args) { return base_convert(vm, args, "oct", 8, "0o"); }
Value builtin_hex(Vm& vm, Args& args) { return base_convert(vm, args, "hex", 16, "0x"); }

Value builtin_chr(Vm& vm, Args& args) {
  if (!expect_one(vm, args, "chr")) return {};
  int64_t v;
  if (!to_index(vm, args[0], &v)) return {};
  if (v < 0 || v >= 0x110000) return vm.raise(vm.exc.ValueError.get(), "chr() arg not in range(0x110000)");
  return str_value(vm, utf8::encode(static_cast<uint32_t>(v)));
}

Value builtin_ord(Vm& vm, Args& args) {
  if (!expect_one(vm, args, "ord")) return {};
  if (!args[0].is_kind(ObjKind::Str))
    return vm.raisef(vm.exc.TypeError.get(), "ord() expected string of length 1, but {} found",
                     vm.type_name(args[0]));
  Str* s = args[0].as<Str>();
  if (s->length() != 1)
    return vm.raisef(vm.exc.TypeError.get(), "ord() expected a character, but string of length {} found",
                     s->length());
  size_t i = 0;
  return Value::integer(utf8::decode(s->view(), i));
}

bool is_number(const Value& v) { return v.is_intlike() || v.is_float(); }

Value builtin_divmod(Vm& vm, Args& args) {
  if (!check_count(vm, args, "divmod", 2, 2)) return {};
  const Value& a = args[0];
  const Value& b = args[1];
  if (is_number(a) && is_number(b)) {
    if (b.is_float() || a.is_float()) {
      double y = b.is_float() ? b.as_float() : static_cast<double>(b.as_int());
      if (y == 0.0) return vm.raise(vm.exc.ZeroDivisionError.get(), "float divmod()");
    }
    Value q = binary_op(vm, BinOpKind::FloorDiv, a, b);
    if (q.is_null()) return {};
    Value r = binary_op(vm, BinOpKind::Mod, a, b);
    if (r.is_null()) return {};
    return Value(make_tuple({std::move(q), std::move(r)}));
  }
  // User classes: __divmod__, then the reflected __rdivmod__.
  Value m = class_lookup(vm, a, vm.intern("__divmod__"));
  if (m.is_null() && vm.has_error()) return {};
  if (!m.is_null()) {
    Value r = vm.call(make_bound(vm, m, a), {b});
    if (r.is_null() || !r.is(vm.not_implemented)) return r;
  }
  m = class_lookup(vm, b, vm.intern("__rdivmod__"));
  if (m.is_null() && vm.has_error()) return {};
  if (!m.is_null()) {
    Value r = vm.call(make_bound(vm, m, b), {a});
    if (r.is_null() || !r.is(vm.not_implemented)) return r;
  }
  return vm.raisef(vm.exc.TypeError.get(), "unsupported operand type(s) for divmod(): '{}' and '{}'",
                   vm.type_name(a), vm.type_name(b));
}

int64_t mulmod(int64_t a, int64_t b, int64_t m) {
  return static_cast<int64_t>(static_cast<__int128>(a) * b % m);
}

Value builtin_pow(Vm& vm, Args& args) {
  Value a[3];
  if (!parse(vm, args, "pow", {"base", "exp", "mod"}, 2, a)) return {};
  if (absent(a[2])) return binary_op(vm, BinOpKind::Pow, a[0], a[1]);
  if (!a[0].is_intlike() || !a[1].is_intlike() || !a[2].is_intlike())
    return vm.raise(vm.exc.TypeError.get(), "pow() 3rd argument not allowed unless all arguments are integers");
  int64_t base = a[0].as_int(), exp = a[1].as_int(), mod = a[2].as_int();
  if (mod == 0) return vm.raise(vm.exc.ValueError.get(), "pow() 3rd argument cannot be 0");
  bool neg_mod = mod < 0;
  // |mod| fits: INT64_MIN as a modulus is handled as unsigned magnitude via
  // __int128 in mulmod, but keep it simple and reject it.
  if (mod == INT64_MIN) return vm.raise(vm.exc.OverflowError.get(), "int too large (Spindle ints are 64-bit)");
  int64_t m = neg_mod ? -mod : mod;
  int64_t b = base % m;
  if (b < 0) b += m;
  // The exponent's magnitude as unsigned, so that -2**63 needs no care.
  uint64_t e = exp < 0 ? 0 - static_cast<uint64_t>(exp) : static_cast<uint64_t>(exp);
  if (exp < 0) {
    // base**-e == inverse(base)**e: the inverse by extended Euclid.
    __int128 t = 0, newt = 1, r = m, newr = b;
    while (newr != 0) {
      __int128 q = r / newr;
      __int128 tmp = t - q * newt;
      t = newt;
      newt = tmp;
      tmp = r - q * newr;
      r = newr;
      newr = tmp;
    }
    if (r != 1) return vm.raise(vm.exc.ValueError.get(), "base is not invertible for the given modulus");
    if (t < 0) t += m;
    b = static_cast<int64_t>(t);
  }
  int64_t result = 1 % m;
  while (e > 0) {
    if (e & 1) result = mulmod(result, b, m);
    b = mulmod(b, b, m);
    e >>= 1;
  }
  // Python's result takes the sign of the modulus.
  if (neg_mod && result != 0) result -= m;
  return Value::integer(result);
}

// Converts a float already rounded to an integral value to an int.
Value float_to_int(Vm& vm, double d) {
  if (std::isnan(d)) return vm.raise(vm.exc.ValueError.get(), "cannot convert float NaN to integer");
  if (std::isinf(d)) return vm.raise(vm.exc.OverflowError.get(), "cannot convert float infinity to integer");
  // 2^63 is exactly representable; everything below it converts exactly.
  if (d >= 9223372036854775808.0 || d < -9223372036854775808.0)
    return vm.raise(vm.exc.OverflowError.get(), "int too large (Spindle ints are 64-bit)");
  return Value::integer(static_cast<int64_t>(d));
}

Value builtin_round(Vm& vm, Args& args) {
  Value a[2];
  if (!parse(vm, args, "round", {"number", "ndigits"}, 1, a)) return {};
  const Value& x = a[0];
  bool has_nd = !absent(a[1]);
  if (x.is_float()) {
    if (!has_nd) return float_to_int(vm, numfmt::round_half_even(x.as_float(), 0));
    int64_t nd;
    if (!to_index(vm, a[1], &nd)) return {};
    double d = x.as_float();
    if (!std::isfinite(d)) return Value::number(d);
    // Beyond these every double is already (or rounds to) itself / zero.
    if (nd > 400) return Value::number(d);
    if (nd < -400) return Value::number(std::copysign(0.0, d));
    return Value::number(numfmt::round_half_even(d, static_cast<int>(nd)));
  }
  if (x.is_intlike()) {
    int64_t v = x.as_int();
    if (!has_nd) return Value::integer(v);
    int64_t nd;
    if (!to_index(vm, a[1], &nd)) return {};
    if (nd >= 0) return Value::integer(v);
    if (nd < -19) return Value::integer(0);
    __int128 pow10 = 1;
    for (int64_t i = 0; i < -nd; ++i) pow10 *= 10;
    __int128 q = v / pow10, r = v % pow10;
    if (r < 0) {  // floor division
      r += pow10;
      q -= 1;
    }
    // Round half to even on the quotient.
    if (2 * r > pow10 || (2 * r == pow10 && (q & 1))) q += 1;
    __int128 res = q * pow10;
    if (res > INT64_MAX || res < INT64_MIN)
      return vm.raise(vm.exc.OverflowError.get(), "int too large (Spindle ints are 64-bit)");
    return Value::integer(static_cast<int64_t>(res));
  }
  Value m = class_lookup(vm, x, vm.intern("__round__"));
  if (m.is_null()) {
    if (vm.has_error()) return {};
    return vm.raisef(vm.exc.TypeError.get(), "type {} doesn't define __round__ method", vm.type_name(x));
  }
  std::vector<Value> call_args;
  if (!a[1].is_null()) call_args.push_back(a[1]);
  return vm.call(make_bound(vm, m, x), std::move(call_args));
}

// ---- min, max, sum -----------------------------------------------------------------

Value min_max(Vm& vm, Args& args, bool is_max) {
  const char* name = is_max ? "max" : "min";
  Value kw[2];  // key, default
  if (!take_keywords(vm, args, name, {"key", "default"}, kw)) return {};
  if (args.n == 0) return vm.raisef(vm.exc.TypeError.get(), "{} expected at least 1 argument, got 0", name);
  if (args.n > 1 && !kw[1].is_null())
    return vm.raisef(vm.exc.TypeError.get(), "Cannot specify a default for {}() with multiple positional arguments",
                     name);
  Value key = absent(kw[0]) ? Value() : kw[0];
  Value it;
  if (args.n == 1) {
    it = get_iter(vm, args[0]);
    if (it.is_null()) return {};
  }
  Value best, best_key;
  int pos = 0;
  for (;;) {
    Value item;
    if (args.n == 1) {
      item = iter_next(vm, it);
      if (item.is_null()) {
        if (vm.has_error()) return {};
        break;
      }
    } else {
      if (pos >= args.n) break;
      item = args[pos++];
    }
    Value k = item;
    if (!key.is_null()) {
      k = vm.call(key, {item});
      if (k.is_null()) return {};
    }
    if (best.is_null()) {
      best = std::move(item);
      best_key = std::move(k);
      continue;
    }
    int c = compare_bool(vm, is_max ? CmpOpKind::Gt : CmpOpKind::Lt, k, best_key);
    if (c < 0) return {};
    if (c) {
      best = std::move(item);
      best_key = std::move(k);
    }
  }
  if (best.is_null()) {
    if (!kw[1].is_null()) return kw[1];
    return vm.raisef(vm.exc.ValueError.get(), "{}() arg is an empty sequence", name);
  }
  return best;
}

Value builtin_max(Vm& vm, Args& args) { return min_max(vm, args, true); }
Value builtin_min(Vm& vm, Args& args) { return min_max(vm, args, false); }

Value builtin_sum(Vm& vm, Args& args) {
  Value a[2];
  if (args.n == 0 && args.nkw() == 0)
    return raise_type(vm, "sum() takes at least 1 positional argument (0 given)");
  if (!parse(vm, args, "sum", {"iterable", "start"}, 1, a, 1)) return {};
  Value total = a[1].is_null() ? Value::integer(0) : a[1];
  if (total.is_kind(ObjKind::Str)) return raise_type(vm, "sum() can't sum strings [use ''.join(seq) instead]");
  Value it = get_iter(vm, a[0]);
  if (it.is_null()) return {};
  for (;;) {
    Value item = iter_next(vm, it);
    if (item.is_null()) {
      if (vm.has_error()) return {};
      return total;
    }
    // Fast path: ints and floats without a dispatch through binary_op.
    if (total.is_int() && item.is_int()) {
      int64_t r;
      if (!__builtin_add_overflow(total.as_int(), item.as_int(), &r)) {
        total = Value::integer(r);
        continue;
      }
    } else if (total.is_float() && item.is_float()) {
      total = Value::number(total.as_float() + item.as_float());
      continue;
    }
    total = binary_op(vm, BinOpKind::Add, total, item);
    if (total.is_null()) return {};
  }
}

// ---- iteration -----------------------------------------------------------------------

Value builtin_any_all(Vm& vm, Args& args, bool is_any) {
  if (!expect_one(vm, args, is_any ? "any" : "all")) return {};
  Value it = get_iter(vm, args[0]);
  if (it.is_null()) return {};
  for (;;) {
    Value item = iter_next(vm, it);
    if (item.is_null()) {
      if (vm.has_error()) return {};
      return Value::boolean(!is_any);
    }
    int t = truthy(vm, item);
    if (t < 0) return {};
    if (t == (is_any ? 1 : 0)) return Value::boolean(is_any);
  }
}

Value builtin_any(Vm& vm, Args& args) { return builtin_any_all(vm, args, true); }
Value builtin_all(Vm& vm, Args& args) { return builtin_any_all(vm, args, false); }

Value builtin_iter(Vm& vm, Args& args) {
  if (!check_count(vm, args, "iter", 1, 2)) return {};
  if (args.n == 1) return get_iter(vm, args[0]);
  if (!is_callable_value(vm, args[0])) return raise_type(vm, "iter(v, w): v must be callable");
  auto it = make<Iterator>(IterKind::Callable);
  it->source = args[0];
  it->extra = args[1];
  return Value(std::move(it));
}

bool is_iterator(Vm& vm, const Value& v) {
  if (v.is_kind(ObjKind::Iterator) || v.is_kind(ObjKind::Generator)) return true;
  return !class_lookup(vm, v, vm.names.__next__).is_null();
}

Value builtin_next(Vm& vm, Args& args) {
  if (!check_count(vm, args, "next", 1, 2)) return {};
  const Value& it = args[0];
  if (!is_iterator(vm, it)) {
    if (vm.has_error()) return {};
    return vm.raisef(vm.exc.TypeError.get(), "'{}' object is not an iterator", vm.type_name(it));
  }
  // A generator is resumed by the loop, without C recursion; its return
  // becomes StopIteration(value) there.
  if (args.n == 1 && it.is_kind(ObjKind::Generator)) return vm.resume_request(it, Value::none(), false);
  Value item = iter_next(vm, it);
  if (!item.is_null()) return item;
  if (vm.has_error()) {
    if (args.n == 2 && vm.error_matches(vm.exc.StopIteration.get())) {
      vm.take_error();
      return args[1];
    }
    return {};
  }
  if (args.n == 2) return args[1];
  return vm.raise_with_args(vm.exc.StopIteration.get(), {});
}

Value construct_enumerate(Vm& vm, Args& args) {
  Value a[2];
  if (args.n == 0 && args.nkw() == 0) return raise_type(vm, "enumerate() missing required argument 'iterable'");
  if (!parse(vm, args, "enumerate", {"iterable", "start"}, 1, a)) return {};
  int64_t start = 0;
  if (!a[1].is_null() && !to_index(vm, a[1], &start)) return {};
  Value inner = get_iter(vm, a[0]);
  if (inner.is_null()) return {};
  auto it = make<Iterator>(IterKind::Enumerate);
  it->source = std::move(inner);
  it->index = start;
  return Value(std::move(it));
}

Value construct_zip(Vm& vm, Args& args) {
  Value kw[1];
  if (!take_keywords(vm, args, "zip", {"strict"}, kw)) return {};
  auto it = make<Iterator>(IterKind::Zip);
  for (int i = 0; i < args.n; ++i) {
    Value inner = get_iter(vm, args[i]);
    if (inner.is_null()) return {};
    it->items.push_back(std::move(inner));
  }
  return Value(std::move(it));
}

Value construct_map(Vm& vm, Args& args) {
  if (!check_no_keywords(vm, args, "map")) return {};
  if (args.n < 2) return raise_type(vm, "map() must have at least two arguments.");
  auto it = make<Iterator>(IterKind::Map);
  it->extra = args[0];
  for (int i = 1; i < args.n; ++i) {
    Value inner = get_iter(vm, args[i]);
    if (inner.is_null()) return {};
    it->items.push_back(std::move(inner));
  }
  return Value(std::move(it));
}

Value construct_filter(Vm& vm, Args& args) {
  if (!check_count(vm, args, "filter", 2, 2)) return {};
  Value inner = get_iter(vm, args[1]);
  if (inner.is_null()) return {};
  auto it = make<Iterator>(IterKind::Filter);
  it->extra = args[0].is_null() ? Value::none() : args[0];
  it->source = std::move(inner);
  return Value(std::move(it));
}

Value reversed_over(Value seq, int64_t n) {
  auto it = make<Iterator>(IterKind::Reversed);
  it->source = std::move(seq);
  it->index = n - 1;
  return Value(std::move(it));
}

Value construct_reversed(Vm& vm, Args& args) {
  if (!check_count(vm, args, "reversed", 1, 1)) return {};
  const Value& seq = args[0];
  if (seq.is_kind(ObjKind::List)) return reversed_over(seq, static_cast<int64_t>(seq.as<List>()->items.size()));
  if (seq.is_kind(ObjKind::Tuple)) return reversed_over(seq, static_cast<int64_t>(seq.as<Tuple>()->items.size()));
  if (seq.is_kind(ObjKind::Str)) return reversed_over(seq, seq.as<Str>()->length());
  if (seq.is_kind(ObjKind::Range)) return reversed_over(seq, seq.as<Range>()->length());
  if (seq.is_kind(ObjKind::Dict) || seq.is_kind(ObjKind::DictView)) {
    std::vector<Value> items;
    if (!collect(vm, seq, items)) return {};
    int64_t n = static_cast<int64_t>(items.size());
    return reversed_over(Value(make_list(std::move(items))), n);
  }
  Value m = class_lookup(vm, seq, vm.intern("__reversed__"));
  if (!m.is_null()) return vm.call(make_bound(vm, m, seq), std::vector<Value>{});
  if (vm.has_error()) return {};
  // A user sequence: ops' reversed iterator walks it with __getitem__ from
  // len - 1 down.
  if (seq.is_kind(ObjKind::Instance) && !class_lookup(vm, seq, vm.names.__len__).is_null() &&
      !class_lookup(vm, seq, vm.names.__getitem__).is_null()) {
    int64_t n;
    if (!length(vm, seq, &n)) return {};
    return reversed_over(seq, n);
  }
  if (vm.has_error()) return {};
  return vm.raisef(vm.exc.TypeError.get(), "'{}' object is not reversible", vm.type_name(seq));
}

Value builtin_sorted(Vm& vm, Args& args) {
  Value kw[2];  // key, reverse
  // CPython reports unknown keywords of sorted() under list.sort's name.
  if (!take_keywords(vm, args, "sort", {"key", "reverse"}, kw)) return {};
  if (args.n != 1) return vm.raisef(vm.exc.TypeError.get(), "sorted expected 1 argument, got {}", args.n);
  std::vector<Value> items;
  if (!collect(vm, args[0], items)) return {};
  bool reverse = false;
  if (!kw[1].is_null()) {
    int t = truthy(vm, kw[1]);
    if (t < 0) return {};
    reverse = t;
  }
  if (!sort_values(vm, items, kw[0], reverse)) return {};
  return Value(make_list(std::move(items)));
}

// ---- classes and attributes ------------------------------------------------------------

// 1: v is an instance of cls (or of a class in a tuple, recursively); -1: error.
int isinstance_of(Vm& vm, const Value& v, const Value& cls, bool subclass_check) {
  if (cls.is_kind(ObjKind::Class)) {
    if (subclass_check) return v.as<Class>()->is_subclass_of(cls.as<Class>()) ? 1 : 0;
    return is_instance(vm, v, cls.as<Class>()) ? 1 : 0;
  }
  if (cls.is_kind(ObjKind::Tuple)) {
    // Hold the tuple: the loop body does not run user code, but stay safe.
    Value hold = cls;
    for (const Value& c : hold.as<Tuple>()->items) {
      int r = isinstance_of(vm, v, c, subclass_check);
      if (r != 0) return r;
    }
    return 0;
  }
  if (subclass_check)
    vm.raise(vm.exc.TypeError.get(), "issubclass() arg 2 must be a class, a tuple of classes, or a union");
  else
    vm.raise(vm.exc.TypeError.get(), "isinstance() arg 2 must be a type, a tuple of types, or a union");
  return -1;
}

Value builtin_isinstance(Vm& vm, Args& args) {
  if (!check_count(vm, args, "isinstance", 2, 2)) return {};
  int r = isinstance_of(vm, args[0], args[1], false);
  if (r < 0) return {};
  return Value::boolean(r);
}

Value builtin_issubclass(Vm& vm, Args& args) {
  if (!check_count(vm, args, "issubclass", 2, 2)) return {};
  if (!args[0].is_kind(ObjKind::Class)) return raise_type(vm, "issubclass() arg 1 must be a class");
  int r = isinstance_of(vm, args[0], args[1], true);
  if (r < 0) return {};
  return Value::boolean(r);
}

Str* attr_name(Vm& vm, const Value& v) {
  if (!v.is_kind(ObjKind::Str)) {
    vm.raisef(vm.exc.TypeError.get(), "attribute name must be string, not '{}'", vm.type_name(v));
    return nullptr;
  }
  return vm.intern(v.as<Str>()->view());
}

Value builtin_getattr(Vm& vm, Args& args) {
  if (!check_count(vm, args, "getattr", 2, 3)) return {};
  Str* name = attr_name(vm, args[1]);
  if (!name) return {};
  if (args.n == 2) return getattr(vm, args[0], name);
  Value r = getattr_opt(vm, args[0], name);
  if (!r.is_null()) return r;
  if (vm.has_error()) {
    if (!vm.error_matches(vm.exc.AttributeError.get())) return {};
    vm.take_error();
  }
  return args[2];
}

Value builtin_hasattr(Vm& vm, Args& args) {
  if (!check_count(vm, args, "hasattr", 2, 2)) return {};
  Str* name = attr_name(vm, args[1]);
  if (!name) return {};
  Value r = getattr_opt(vm, args[0], name);
  if (!r.is_null()) return Value::boolean(true);
  if (vm.has_error()) {
    if (!vm.error_matches(vm.exc.AttributeError.get())) return {};
    vm.take_error();
  }
  return Value::boolean(false);
}

Value builtin_setattr(Vm& vm, Args& args) {
  if (!check_count(vm, args, "setattr", 3, 3)) return {};
  Str* name = attr_name(vm, args[1]);
  if (!name) return {};
  if (!setattr(vm, args[0], name, args[2])) return {};
  return Value::none();
}

Value builtin_delattr(Vm& vm, Args& args) {
  if (!check_count(vm, args, "delattr", 2, 2)) return {};
  Str* name = attr_name(vm, args[1]);
  if (!name) return {};
  if (!delattr(vm, args[0], name)) return {};
  return Value::none();
}

// ---- namespaces ------------------------------------------------------------------------

Value builtin_globals(Vm& vm, Args& args) {
  if (!expect_none(vm, args, "globals")) return {};
  if (!vm.current_frame) return Value(make<Dict>());
  return Value::object(vm.current_frame->globals);
}

// A function frame's bound locals (and closure cells) as a new dict;
// module and class bodies have a real namespace dict.
Value frame_locals(Frame* f) {
  if (f->locals_dict) return Value(f->locals_dict);
  auto d = make<Dict>();
  Code* code = f->code;
  for (int i = 0; i < code->nlocals(); ++i) {
    const Value& v = f->locals()[i];
    if (!v.is_null()) dict_set_str(d.get(), code->varnames[i].get(), v);
  }
  size_t ncell = code->cellvars.size();
  for (size_t i = 0; i < ncell + code->freevars.size(); ++i) {
    const Value& c = f->cells()[i];
    if (!c.is_kind(ObjKind::Cell) || c.as<Cell>()->value.is_null()) continue;
    Str* name = i < ncell ? code->cellvars[i].get() : code->freevars[i - ncell].get();
    dict_set_str(d.get(), name, c.as<Cell>()->value);
  }
  return Value(std::move(d));
}

Value builtin_locals(Vm& vm, Args& args) {
  if (!expect_none(vm, args, "locals")) return {};
  if (!vm.current_frame) return Value(make<Dict>());
  return frame_locals(vm.current_frame);
}

Value builtin_vars(Vm& vm, Args& args) {
  if (!check_count(vm, args, "vars", 0, 1)) return {};
  if (args.n == 0) {
    if (!vm.current_frame) return Value(make<Dict>());
    return frame_locals(vm.current_frame);
  }
  const Value& v = args[0];
  if (v.is_kind(ObjKind::Instance) || v.is_kind(ObjKind::Exception)) return Value(v.as<Instance>()->dict);
  if (v.is_kind(ObjKind::Module)) return Value(v.as<Module>()->dict);
  if (v.is_kind(ObjKind::Class)) return Value(v.as<Class>()->dict);
  if (v.is_kind(ObjKind::Function)) {
    Function* f = v.as<Function>();
    if (!f->attrs) f->attrs = make<Dict>();
    return Value(f->attrs);
  }
  return raise_type(vm, "vars() argument must have __dict__ attribute");
}

void add_str_keys(Dict* d, std::set<std::string>& out) {
  if (!d) return;
  for (const auto& e : d->table.entries())
    if (e.key.is_kind(ObjKind::Str)) out.insert(e.key.as<Str>()->str());
}

Value builtin_dir(Vm& vm, Args& args) {
  if (!check_count(vm, args, "dir", 0, 1)) return {};
  std::set<std::string> names;
  if (args.n == 0) {
    if (vm.current_frame) {
      Value d = frame_locals(vm.current_frame);
      add_str_keys(d.as<Dict>(), names);
    }
  } else {
    const Value& v = args[0];
    if (v.is_kind(ObjKind::Module)) {
      add_str_keys(v.as<Module>()->dict.get(), names);
    } else {
      if (v.is_kind(ObjKind::Instance) || v.is_kind(ObjKind::Exception)) add_str_keys(v.as<Instance>()->dict.get(), names);
      Class* cls = v.is_kind(ObjKind::Class) ? v.as<Class>() : vm.class_of(v);
      for (Class* c : cls->mro) add_str_keys(c->dict.get(), names);
    }
  }
  std::vector<Value> out;
  for (const std::string& s : names) out.push_back(str_value(vm, s));
  return Value(make_list(std::move(out)));
}

// ---- open --------------------------------------------------------------------------------

Value builtin_open(Vm& vm, Args& args) {
  // errors, newline, closefd and opener are accepted and ignored.
  Value a[8];
  if (!parse(vm, args, "open", {"file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener"}, 1,
             a))
    return {};
  if (!a[0].is_kind(ObjKind::Str))
    return vm.raisef(vm.exc.TypeError.get(), "expected str, bytes or os.PathLike object, not {}",
                     vm.type_name(a[0]));
  std::string mode = "r";
  if (!a[1].is_null()) {
    if (!a[1].is_kind(ObjKind::Str))
      return vm.raisef(vm.exc.TypeError.get(), "open() argument 'mode' must be str, not {}", vm.type_name(a[1]));
    mode = a[1].as<Str>()->str();
  }
  if (!absent(a[3]) && !a[3].is_kind(ObjKind::Str))
    return vm.raisef(vm.exc.TypeError.get(), "open() argument 'encoding' must be str or None, not {}",
                     vm.type_name(a[3]));
  // CPython's mode rules: each of "rwaxbt+" at most once, exactly one of
  // r/w/a/x.
  int creating = 0, reading = 0, writing = 0, appending = 0, updating = 0, binary = 0, text = 0;
  for (char c : mode) {
    int* flag = nullptr;
    switch (c) {
      case 'x': flag = &creating; break;
      case 'r': flag = &reading; break;
      case 'w': flag = &writing; break;
      case 'a': flag = &appending; break;
      case '+': flag = &updating; break;
      case 'b': flag = &binary; break;
      case 't': flag = &text; break;
      default: break;
    }
    if (!flag || *flag) return vm.raisef(vm.exc.ValueError.get(), "invalid mode: '{}'", mode);
    *flag = 1;
  }
  if (binary && text) return vm.raise(vm.exc.ValueError.get(), "can't have text and binary mode at once");
  if (creating + reading + writing + appending != 1)
    return vm.raise(vm.exc.ValueError.get(), "must have exactly one of create/read/write/append mode");
  if (binary) return vm.raise(vm.exc.ValueError.get(), "binary mode is not supported by Spindle");
  std::string cmode = reading ? "r" : writing ? "w" : appending ? "a" : "wx";
  if (updating) cmode.insert(1, "+");
  const std::string& path = a[0].as<Str>()->str();
  errno = 0;
  std::FILE* fp = std::fopen(path.c_str(), cmode.c_str());
  if (!fp) {
    int err = errno ? errno : ENOENT;
    Class* type = err == ENOENT ? vm.exc.FileNotFoundError.get() : vm.exc.OSError.get();
    // CPython's args are (errno, strerror) with filename a separate
    // attribute; Spindle's OSError reads filename from a third argument and
    // formats "[Errno 2] No such file or directory: 'x.txt'" from it.
    return vm.raise_with_args(type, {Value::integer(err), str_value(vm, std::strerror(err)), a[0]});
  }
  auto f = make<File>();
  f->fp = fp;
  f->name = path;
  f->mode = mode;
  f->readable = reading || updating;
  f->writable = !reading || updating;
  return Value(std::move(f));
}

// ---- constructors of the builtin classes ----------------------------------------------------

Value construct_object(Vm& vm, Args& args) {
  if (args.n != 0 || args.nkw() != 0) return raise_type(vm, "object() takes no arguments");
  return Value(make<Instance>(vm.cls.object));
}

Value construct_type(Vm& vm, Args& args) {
  if (!check_no_keywords(vm, args, "type")) return {};
  if (args.n == 1) return Value::object(vm.class_of(args[0]));
  if (args.n == 3) return raise_type(vm, "Spindle does not support type(name, bases, dict) yet");
  return raise_type(vm, "type() takes 1 or 3 arguments");
}

Value construct_bool(Vm& vm, Args& args) {
  if (!check_count(vm, args, "bool", 0, 1)) return {};
  if (args.n == 0) return Value::boolean(false);
  int t = truthy(vm, args[0]);
  if (t < 0) return {};
  return Value::boolean(t);
}

// Calls a conversion dunder (__int__, __index__, __float__) if the class has
// one; *found tells whether it did.
Value call_dunder(Vm& vm, const Value& v, Str* name, bool* found) {
  Value m = class_lookup(vm, v, name);
  *found = !m.is_null();
  if (m.is_null()) return {};
  return vm.call(make_bound(vm, m, v), std::vector<Value>{});
}

Value int_from_string(Vm& vm, const Value& s, int64_t base) {
  std::string_view text = s.as<Str>()->view();
  int64_t out;
  numfmt::ParseError err = numfmt::parse_int(text, static_cast<int>(base), out);
  if (err == numfmt::ParseError::None) return Value::integer(out);
  if (err == numfmt::ParseError::Overflow)
    return vm.raise(vm.exc.OverflowError.get(), "int too large (Spindle ints are 64-bit)");
  return vm.raisef(vm.exc.ValueError.get(), "invalid literal for int() with base {}: {}", base,
                   repr_string_literal(text));
}

Value construct_int(Vm& vm, Args& args) {
  Value a[2];
  if (!parse(vm, args, "int", {"x", "base"}, 0, a, 1)) return {};
  if (a[0].is_null()) {
    if (!a[1].is_null()) return raise_type(vm, "int() missing string argument");
    return Value::integer(0);
  }
  const Value& x = a[0];
  if (!a[1].is_null()) {
    int64_t base;
    if (!to_index(vm, a[1], &base)) return {};
    if (base != 0 && (base < 2 || base > 36))
      return vm.raise(vm.exc.ValueError.get(), "int() base must be >= 2 and <= 36, or 0");
    if (!x.is_kind(ObjKind::Str)) return raise_type(vm, "int() can't convert non-string with explicit base");
    return int_from_string(vm, x, base);
  }
  if (x.is_int()) return x;
  if (x.is_bool()) return Value::integer(x.as_int());
  if (x.is_float()) return float_to_int(vm, std::trunc(x.as_float()));
  if (x.is_kind(ObjKind::Str)) return int_from_string(vm, x, 10);
  bool found;
  for (Str* name : {vm.names.__int__, vm.names.__index__, vm.intern("__trunc__")}) {
    Value r = call_dunder(vm, x, name, &found);
    if (!found) {
      if (vm.has_error()) return {};
      continue;
    }
    if (r.is_null()) return {};
    if (r.is_int()) return r;
    if (r.is_bool()) return Value::integer(r.as_int());
    return vm.raisef(vm.exc.TypeError.get(), "{} returned non-int (type {})", name->view(), vm.type_name(r));
  }
  return vm.raisef(vm.exc.TypeError.get(),
                   "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                   vm.type_name(x));
}

Value construct_float(Vm& vm, Args& args) {
  if (!check_count(vm, args, "float", 0, 1)) return {};
  if (args.n == 0) return Value::number(0.0);
  const Value& x = args[0];
  if (x.is_float()) return x;
  if (x.is_intlike()) return Value::number(static_cast<double>(x.as_int()));
  if (x.is_kind(ObjKind::Str)) {
    double d;
    if (numfmt::parse_float(x.as<Str>()->view(), d)) return Value::number(d);
    return vm.raisef(vm.exc.ValueError.get(), "could not convert string to float: {}",
                     repr_string_literal(x.as<Str>()->view()));
  }
  bool found;
  Value r = call_dunder(vm, x, vm.names.__float__, &found);
  if (found) {
    if (r.is_null()) return {};
    if (!r.is_float())
      return vm.raisef(vm.exc.TypeError.get(), "{}.__float__ returned non-float (type {})", vm.type_name(x),
                       vm.type_name(r));
    return r;
  }
  if (vm.has_error()) return {};
  r = call_dunder(vm, x, vm.names.__index__, &found);
  if (found) {
    if (r.is_null()) return {};
    if (!r.is_intlike())
      return vm.raisef(vm.exc.TypeError.get(), "__index__ returned non-int (type {})", vm.type_name(r));
    return Value::number(static_cast<double>(r.as_int()));
  }
  if (vm.has_error()) return {};
  return vm.raisef(vm.exc.TypeError.get(), "float() argument must be a string or a real number, not '{}'",
                   vm.type_name(x));
}

Value construct_str(Vm& vm, Args& args) {
  Value a[3];
  if (!parse(vm, args, "str", {"object", "encoding", "errors"}, 0, a)) return {};
  if (a[0].is_null()) return str_value(vm, "");
  if (!a[1].is_null() || !a[2].is_null()) return raise_type(vm, "decoding str is not supported");
  return to_str(vm, a[0]);
}

Value construct_list(Vm& vm, Args& args) {
  if (!check_count(vm, args, "list", 0, 1)) return {};
  std::vector<Value> items;
  if (args.n == 1 && !collect(vm, args[0], items)) return {};
  return Value(make_list(std::move(items)));
}

Value construct_tuple(Vm& vm, Args& args) {
  if (!check_count(vm, args, "tuple", 0, 1)) return {};
  if (args.n == 0) return Value(vm.empty_tuple);
  if (args[0].is_kind(ObjKind::Tuple)) return args[0];
  std::vector<Value> items;
  if (!collect(vm, args[0], items)) return {};
  if (items.empty()) return Value(vm.empty_tuple);
  return Value(make_tuple(std::move(items)));
}

Value construct_dict(Vm& vm, Args& args) {
  if (args.n > 1) return vm.raisef(vm.exc.TypeError.get(), "dict expected at most 1 argument, got {}", args.n);
  auto d = make<Dict>();
  if (args.n == 1 && !dict_update_from(vm, d.get(), args[0])) return {};
  for (int k = 0; k < args.nkw(); ++k)
    if (!dict_set(vm, d.get(), args.kwnames->items[k], args.kwv()[k])) return {};
  return Value(std::move(d));
}

Value make_set_from(Vm& vm, Args& args, bool frozen) {
  const char* name = frozen ? "frozenset" : "set";
  if (!check_count(vm, args, name, 0, 1)) return {};
  if (frozen && args.n == 1 && args[0].is_kind(ObjKind::FrozenSet)) return args[0];
  auto s = make<Set>(frozen);
  if (args.n == 1) {
    const Value& src = args[0];
    if (src.is_kind(ObjKind::Set) || src.is_kind(ObjKind::FrozenSet)) {
      // Hashes are known: copy without running user code.
      for (const auto& e : src.as<Set>()->table.entries())
        if (!e.key.is_null()) s->table.insert_new(e.key, e.hash, Value());
    } else {
      Value it = get_iter(vm, src);
      if (it.is_null()) return {};
      for (;;) {
        Value item = iter_next(vm, it);
        if (item.is_null()) {
          if (vm.has_error()) return {};
          break;
        }
        if (!set_add(vm, s.get(), std::move(item))) return {};
      }
    }
  }
  return Value(std::move(s));
}

Value construct_set(Vm& vm, Args& args) { return make_set_from(vm, args, false); }
Value construct_frozenset(Vm& vm, Args& args) { return make_set_from(vm, args, true); }

Value construct_range(Vm& vm, Args& args) {
  if (!check_count(vm, args, "range", 1, 3)) return {};
  int64_t v[3] = {0, 0, 1};
  for (int i = 0; i < args.n; ++i)
    if (!to_index(vm, args[i], &v[i])) return {};
  if (args.n == 1) return Value(make<Range>(0, v[0], 1));
  if (args.n == 3 && v[2] == 0) return vm.raise(vm.exc.ValueError.get(), "range() arg 3 must not be zero");
  return Value(make<Range>(v[0], v[1], v[2]));
}

Value construct_slice(Vm& vm, Args& args) {
  if (!check_count(vm, args, "slice", 1, 3)) return {};
  if (args.n == 1) return Value(make<Slice>(Value::none(), args[0], Value::none()));
  return Value(make<Slice>(args[0], args[1], args.n == 3 ? args[2] : Value::none()));
}

// property(fget=None, fset=None, fdel=None, doc=None). Absent accessors are
// stored as Null (None given explicitly is the same thing).
Value construct_property(Vm& vm, Args& args) {
  if (args.n > 4)
    return vm.raisef(vm.exc.TypeError.get(), "property() takes at most 4 arguments ({} given)", args.n);
  Value a[4];
  if (!parse(vm, args, "property", {"fget", "fset", "fdel", "doc"}, 0, a)) return {};
  auto p = make<Descriptor>(ObjKind::Property, absent(a[0]) ? Value() : a[0]);
  p->fset = absent(a[1]) ? Value() : a[1];
  p->fdel = absent(a[2]) ? Value() : a[2];
  return Value(std::move(p));
}

Value construct_staticmethod(Vm& vm, Args& args) {
  if (!check_count(vm, args, "staticmethod", 1, 1)) return {};
  return Value(make<Descriptor>(ObjKind::StaticMethod, args[0]));
}

Value construct_classmethod(Vm& vm, Args& args) {
  if (!check_count(vm, args, "classmethod", 1, 1)) return {};
  return Value(make<Descriptor>(ObjKind::ClassMethod, args[0]));
}

// super() in a method: the class comes from the method's __class__ cell,
// self from its first argument (which may itself live in a cell when an
// inner function captures it).
Value construct_super(Vm& vm, Args& args) {
  if (!check_count(vm, args, "super", 0, 2)) return {};
  Value start, self;
  if (args.n == 0) {
    Frame* f = vm.current_frame;
    if (!f || f->cont || f->code->argcount == 0) return vm.raise(vm.exc.RuntimeError.get(), "super(): no arguments");
    Code* code = f->code;
    self = f->locals()[0];
    if (self.is_null()) {
      for (size_t i = 0; i < code->cellvars.size(); ++i) {
        if (code->cell_param[i] == 0 && f->cells()[i].is_kind(ObjKind::Cell)) {
          self = f->cells()[i].as<Cell>()->value;
          break;
        }
      }
    }
    if (self.is_null()) return vm.raise(vm.exc.RuntimeError.get(), "super(): arg[0] deleted");
    int found = -1;
    for (size_t i = 0; i < code->freevars.size(); ++i) {
      if (code->freevars[i]->view() == "__class__") {
        found = static_cast<int>(i);
        break;
      }
    }
    if (found < 0) return vm.raise(vm.exc.RuntimeError.get(), "super(): __class__ cell not found");
    const Value& cell = f->cells()[code->cellvars.size() + found];
    if (!cell.is_kind(ObjKind::Cell) || cell.as<Cell>()->value.is_null())
      return vm.raise(vm.exc.RuntimeError.get(), "super(): empty __class__ cell");
    start = cell.as<Cell>()->value;
    if (!start.is_kind(ObjKind::Class))
      return vm.raise(vm.exc.RuntimeError.get(), "super(): __class__ is not a type");
  } else {
    start = args[0];
    if (!start.is_kind(ObjKind::Class))
      return vm.raisef(vm.exc.TypeError.get(), "super() argument 1 must be a type, not {}", vm.type_name(start));
    if (args.n == 1) return raise_type(vm, "Spindle does not support unbound super objects");
    self = args[1];
  }
  Class* cls = start.as<Class>();
  bool ok = self.is_kind(ObjKind::Class) ? self.as<Class>()->is_subclass_of(cls) : is_instance(vm, self, cls);
  if (!ok) return raise_type(vm, "super(type, obj): obj must be an instance or subtype of type");
  return Value(make<Super>(Ref<Class>(cls), std::move(self)));
}

}  // namespace

// ---- the merge sort shared by sorted() and list.sort() ------------------------------------------

namespace {

// Sorts perm[lo, hi) by keys, stably; tmp has room for perm's size. False
// when a comparison raised.
bool merge_sort(Vm& vm, const std::vector<Value>& keys, std::vector<size_t>& perm, std::vector<size_t>& tmp, size_t lo,
                size_t hi) {
  size_t n = hi - lo;
  if (n < 2) return true;
  if (n <= 8) {
    // Insertion sort: few comparisons on tiny runs, stable (strict less).
    for (size_t i = lo + 1; i < hi; ++i) {
      size_t x = perm[i];
      size_t j = i;
      while (j > lo) {
        int c = less_than(vm, keys[x], keys[perm[j - 1]]);
        if (c < 0) return false;
        if (!c) break;
        perm[j] = perm[j - 1];
        --j;
      }
      perm[j] = x;
    }
    return true;
  }
  size_t mid = lo + n / 2;
  if (!merge_sort(vm, keys, perm, tmp, lo, mid) || !merge_sort(vm, keys, perm, tmp, mid, hi)) return false;
  // Already in order (common for sorted input): one comparison, no merge.
  int c = less_than(vm, keys[perm[mid]], keys[perm[mid - 1]]);
  if (c < 0) return false;
  if (!c) return true;
  size_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    // Take from the right run only when strictly smaller: stability.
    c = less_than(vm, keys[perm[j]], keys[perm[i]]);
    if (c < 0) return false;
    tmp[k++] = c ? perm[j++] : perm[i++];
  }
  while (i < mid) tmp[k++] = perm[i++];
  while (j < hi) tmp[k++] = perm[j++];
  std::copy(tmp.begin() + lo, tmp.begin() + hi, perm.begin() + lo);
  return true;
}

}  // namespace

bool sort_values(Vm& vm, std::vector<Value>& items, const Value& key, bool reverse) {
  try {
    size_t n = items.size();
    // CPython calls the key function even for a single item.
    if (n == 0 || (n == 1 && (key.is_null() || key.is_none()))) return true;
    // Keys first, as CPython does: a failing key function leaves the items
    // untouched.
    std::vector<Value> keys;
    bool has_key = !key.is_null() && !key.is_none();
    if (has_key) {
      keys.reserve(n);
      for (size_t i = 0; i < n; ++i) {
        Value k = vm.call(key, {items[i]});
        if (k.is_null()) return false;
        keys.push_back(std::move(k));
      }
    } else {
      keys = items;
    }
    // reverse=True keeps equal items in their original order: reverse, sort
    // stably, reverse back.
    if (reverse) {
      std::reverse(items.begin(), items.end());
      std::reverse(keys.begin(), keys.end());
    }
    std::vector<size_t> perm(n), tmp(n);
    for (size_t i = 0; i < n; ++i) perm[i] = i;
    bool ok = merge_sort(vm, keys, perm, tmp, 0, n);
    if (ok) {
      std::vector<Value> sorted;
      sorted.reserve(n);
      for (size_t i : perm) sorted.push_back(std::move(items[i]));
      items = std::move(sorted);
    }
    if (reverse) std::reverse(items.begin(), items.end());
    return ok;
  } catch (const std::bad_alloc&) {
    vm.raise(vm.exc.MemoryError.get(), "");
    return false;
  }
}

namespace {


}  // namespace

void install_builtins(Vm& vm) {
  struct Entry {
    const char* name;
    NativeFn fn;
  };
  static const Entry kFunctions[] = {
      {"print", builtin_print},
      {"input", builtin_input},
      {"len", builtin_len},
      {"repr", builtin_repr},
      {"ascii", builtin_ascii},
      {"abs", builtin_abs},
      {"callable", builtin_callable},
      {"id", builtin_id},
      {"hash", builtin_hash},
      {"format", builtin_format},
      {"bin", builtin_bin},
      {"oct", builtin_oct},
      {"hex", builtin_hex},
      {"chr", builtin_chr},
      {"ord", builtin_ord},
      {"divmod", builtin_divmod},
      {"pow", builtin_pow},
      {"round", builtin_round},
      {"min", builtin_min},
      {"max", builtin_max},
      {"sum", builtin_sum},
      {"any", builtin_any},
      {"all", builtin_all},
      {"iter", builtin_iter},
      {"next", builtin_next},
      {"sorted", builtin_sorted},
      {"isinstance", builtin_isinstance},
      {"issubclass", builtin_issubclass},
      {"getattr", builtin_getattr},
      {"hasattr", builtin_hasattr},
      {"setattr", builtin_setattr},
      {"delattr", builtin_delattr},
      {"globals", builtin_globals},
      {"locals", builtin_locals},
      {"vars", builtin_vars},
      {"dir", builtin_dir},
      {"open", builtin_open},
  };
  for (const Entry& e : kFunctions) vm.add_builtin(e.name, Value(vm.native(e.name, e.fn)));

  struct Ctor {
    Ref<Class>& cls;
    const char* name;
    NativeFn fn;
  };
  BuiltinClasses& c = vm.cls;
  Ctor ctors[] = {
      {c.object, "object", construct_object},
      {c.type, "type", construct_type},
      {c.bool_, "bool", construct_bool},
      {c.int_, "int", construct_int},
      {c.float_, "float", construct_float},
      {c.str, "str", construct_str},
      {c.list, "list", construct_list},
      {c.tuple, "tuple", construct_tuple},
      {c.dict, "dict", construct_dict},
      {c.set, "set", construct_set},
      {c.frozenset, "frozenset", construct_frozenset},
      {c.range, "range", construct_range},
      {c.slice, "slice", construct_slice},
      {c.enumerate, "enumerate", construct_enumerate},
      {c.zip, "zip", construct_zip},
      {c.map, "map", construct_map},
      {c.filter, "filter", construct_filter},
      {c.reversed, "reversed", construct_reversed},
      {c.property, "property", construct_property},
      {c.staticmethod, "staticmethod", construct_staticmethod},
      {c.classmethod, "classmethod", construct_classmethod},
      {c.super, "super", construct_super},
  };
  for (Ctor& ctor : ctors) {
    if (!ctor.cls) continue;
    ctor.cls->construct = ctor.fn;
    // The class is the builtin name (install_builtin_classes may already
    // have added it; setting it again is harmless).
    vm.add_builtin(ctor.name, Value(ctor.cls));
  }
}

}  // namespace spindle
