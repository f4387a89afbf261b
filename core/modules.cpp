// The built-in modules sys and math, created on first import.
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <utility>

#include "core/install.hpp"
#include "core/ops.hpp"

namespace spindle {

namespace {

using ast::BinOpKind;

Value str_value(Vm& vm, std::string s) { return Value(vm.str(std::move(s))); }

Ref<Module> new_module(Vm& vm, const char* name) {
  auto dict = make<Dict>();
  auto m = make<Module>(vm.intern_ref(name), dict);
  dict_set_str(dict.get(), vm.names.__name__, Value(vm.intern_ref(name)));
  return m;
}

void put(Vm& vm, Module* m, const char* name, Value v) { dict_set_str(m->dict.get(), vm.intern(name), std::move(v)); }

void put_fn(Vm& vm, Module* m, const char* name, NativeFn fn) { put(vm, m, name, Value(vm.native(name, fn))); }


// "math.sqrt() takes exactly one argument (2 given)" (METH_O).
bool one_arg(Vm& vm, Args& args, const char* qualname) {
  if (!check_no_keywords(vm, args, qualname)) return false;
  if (args.n == 1) return true;
  vm.raisef(vm.exc.TypeError.get(), "{}() takes exactly one argument ({} given)", qualname, args.n);
  return false;
}


// ---- sys ------------------------------------------------------------------------------

Value sys_exit(Vm& vm, Args& args) {
  if (!check_count(vm, args, "exit", 0, 1)) return {};
  if (args.n == 0) return vm.raise_with_args(vm.exc.SystemExit.get(), {});
  return vm.raise_with_args(vm.exc.SystemExit.get(), {args[0]});
}

Value sys_setrecursionlimit(Vm& vm, Args& args) {
  if (!one_arg(vm, args, "setrecursionlimit")) return {};
  if (args[0].is_float()) return vm.raise(vm.exc.TypeError.get(), "'float' object cannot be interpreted as an integer");
  int64_t n;
  if (!to_index(vm, args[0], &n)) return {};
  if (n < 1) return vm.raise(vm.exc.ValueError.get(), "recursion limit must be greater or equal than 1");
  if (n > INT32_MAX) return vm.raise(vm.exc.OverflowError.get(), "Python int too large to convert to C int");
  if (vm.depth >= n)
    return vm.raisef(vm.exc.RecursionError.get(),
                     "cannot set the recursion limit to {} at the recursion depth {}: the limit is too low", n,
                     vm.depth);
  vm.recursion_limit = static_cast<int>(n);
  return Value::none();
}

Value sys_getrecursionlimit(Vm& vm, Args& args) {
  if (!check_no_keywords(vm, args, "sys.getrecursionlimit")) return {};
  if (args.n != 0)
    return vm.raisef(vm.exc.TypeError.get(), "sys.getrecursionlimit() takes no arguments ({} given)", args.n);
  return Value::integer(vm.recursion_limit);
}

Value sys_exc_info(Vm& vm, Args& args) {
  if (!check_no_keywords(vm, args, "sys.exc_info")) return {};
  if (args.n != 0) return vm.raisef(vm.exc.TypeError.get(), "sys.exc_info() takes no arguments ({} given)", args.n);
  const Value& e = vm.handled_exc;
  if (!e.is_kind(ObjKind::Exception)) return Value(make_tuple({Value::none(), Value::none(), Value::none()}));
  return Value(make_tuple({Value::object(e.as<ExceptionObject>()->cls.get()), e, Value::none()}));
}

Value sys_exception(Vm& vm, Args& args) {
  if (!check_no_keywords(vm, args, "sys.exception")) return {};
  const Value& e = vm.handled_exc;
  return e.is_kind(ObjKind::Exception) ? e : Value::none();
}

Ref<File> std_file(const char* name, const char* mode, File::Std stream, std::FILE* fp) {
  auto f = make<File>();
  f->name = name;
  f->mode = mode;
  f->std_stream = stream;
  f->fp = fp;
  f->readable = stream == File::Std::None;
  f->writable = stream != File::Std::None;
  return f;
}

Value string_list(Vm& vm, const std::vector<std::string>& items) {
  std::vector<Value> out;
  for (const std::string& s : items) out.push_back(str_value(vm, s));
  return Value(make_list(std::move(out)));
}

// ---- math: argument conversion -------------------------------------------------------------


Value domain_error(Vm& vm) { return vm.raise(vm.exc.ValueError.get(), "math domain error"); }
Value range_error(Vm& vm) { return vm.raise(vm.exc.OverflowError.get(), "math range error"); }
Value int_overflow(Vm& vm) { return vm.raise(vm.exc.OverflowError.get(), "int too large (Spindle ints are 64-bit)"); }

// CPython's math_1: NaN from a non-NaN argument is a domain error; an
// infinite result from a finite argument is a range error for functions that
// can overflow, else a domain error (a pole such as atanh(1)).
Value check_result(Vm& vm, double x, double r, bool can_overflow) {
  if (std::isnan(r) && !std::isnan(x)) return domain_error(vm);
  if (std::isinf(r) && std::isfinite(x)) return can_overflow ? range_error(vm) : domain_error(vm);
  return Value::number(r);
}

struct UnaryDef {
  const char* qualname;
  double (*fn)(double);
  bool can_overflow;
};

constexpr UnaryDef kUnary[] = {
    {"math.sqrt", [](double x) { return std::sqrt(x); }, false},
    {"math.exp", [](double x) { return std::exp(x); }, true},
    {"math.exp2", [](double x) { return std::exp2(x); }, true},
    {"math.expm1", [](double x) { return std::expm1(x); }, true},
    {"math.log2", [](double x) { return x <= 0 ? std::nan("") : std::log2(x); }, false},
    {"math.log10", [](double x) { return x <= 0 ? std::nan("") : std::log10(x); }, false},
    {"math.log1p", [](double x) { return x <= -1 ? std::nan("") : std::log1p(x); }, false},
    {"math.sin", [](double x) { return std::sin(x); }, false},
    {"math.cos", [](double x) { return std::cos(x); }, false},
    {"math.tan", [](double x) { return std::tan(x); }, false},
    {"math.asin", [](double x) { return std::asin(x); }, false},
    {"math.acos", [](double x) { return std::acos(x); }, false},
    {"math.atan", [](double x) { return std::atan(x); }, false},
    {"math.sinh", [](double x) { return std::sinh(x); }, true},
    {"math.cosh", [](double x) { return std::cosh(x); }, true},
    {"math.tanh", [](double x) { return std::tanh(x); }, false},
    {"math.asinh", [](double x) { return std::asinh(x); }, false},
    {"math.acosh", [](double x) { return std::acosh(x); }, false},
    {"math.atanh", [](double x) { return std::fabs(x) >= 1 ? (std::fabs(x) == 1 ? HUGE_VAL : std::nan("")) : std::atanh(x); }, false},
    {"math.fabs", [](double x) { return std::fabs(x); }, false},
    {"math.cbrt", [](double x) { return std::cbrt(x); }, false},
    {"math.erf", [](double x) { return std::erf(x); }, false},
    {"math.erfc", [](double x) { return std::erfc(x); }, false},
    {"math.degrees", [](double x) { return x * (180.0 / 3.141592653589793); }, true},
    {"math.radians", [](double x) { return x * (3.141592653589793 / 180.0); }, false},
    {"math.gamma",
     [](double x) { return (x <= 0 && x == std::floor(x)) ? std::nan("") : std::tgamma(x); }, true},
    {"math.lgamma",
     [](double x) { return (x <= 0 && x == std::floor(x)) ? std::nan("") : std::lgamma(x); }, true},
};

template <size_t I>
Value math_unary(Vm& vm, Args& args) {
  const UnaryDef& d = kUnary[I];
  if (!one_arg(vm, args, d.qualname)) return {};
  double x;
  if (!to_real(vm, args[0], &x)) return {};
  double r = d.fn(x);
  return check_result(vm, x, r, d.can_overflow);
}

template <size_t... I>
void install_unary(Vm& vm, Module* m, std::index_sequence<I...>) {
  ((put(vm, m, kUnary[I].qualname + 5, Value(vm.native(kUnary[I].qualname + 5, math_unary<I>)))), ...);
}

Value math_log(Vm& vm, Args& args) {
  if (!check_no_keywords(vm, args, "log")) return {};
  if (args.n < 1 || args.n > 2) return vm.raise(vm.exc.TypeError.get(), "math.log requires 1 to 2 arguments");
  double x;
  if (!to_real(vm, args[0], &x)) return {};
  if (x <= 0 || std::isnan(x)) {
    if (std::isnan(x)) return Value::number(x);
    return domain_error(vm);
  }
  double num = std::log(x);
  if (args.n == 1) return Value::number(num);
  double b;
  if (!to_real(vm, args[1], &b)) return {};
  if (b <= 0) return domain_error(vm);
  double den = std::log(b);
  if (den == 0) return vm.raise(vm.exc.ZeroDivisionError.get(), "float division by zero");
  return Value::number(num / den);
}

Value float_to_int(Vm& vm, double d) {
  if (std::isnan(d)) return vm.raise(vm.exc.ValueError.get(), "cannot convert float NaN to integer");
  if (std::isinf(d)) return vm.raise(vm.exc.OverflowError.get(), "cannot convert float infinity to integer");
  if (d >= 9223372036854775808.0 || d < -9223372036854775808.0) return int_overflow(vm);
  return Value::integer(static_cast<int64_t>(d));
}

// floor / ceil / trunc: ints pass through, user classes may define the
// dunder, everything else is converted to float first.
Value rounding(Vm& vm, Args& args, const char* qualname, const char* dunder, double (*fn)(double)) {
  if (!one_arg(vm, args, qualname)) return {};
  const Value& x = args[0];
  if (x.is_intlike()) return Value::integer(x.as_int());
  if (x.is_float()) return float_to_int(vm, fn(x.as_float()));
  if (x.is_obj()) {
    Value m = class_lookup(vm, x, vm.intern(dunder));
    if (!m.is_null()) return vm.call(make_bound(vm, m, x), std::vector<Value>{});
    if (vm.has_error()) return {};
  }
  if (std::string_view(dunder) == "__trunc__")
    return vm.raisef(vm.exc.TypeError.get(), "type {} doesn't define __trunc__ method", vm.type_name(x));
  double d;
  if (!to_real(vm, x, &d)) return {};
  return float_to_int(vm, fn(d));
}

Value math_floor(Vm& vm, Args& args) {
  return rounding(vm, args, "math.floor", "__floor__", [](double d) { return std::floor(d); });
}
Value math_ceil(Vm& vm, Args& args) {
  return rounding(vm, args, "math.ceil", "__ceil__", [](double d) { return std::ceil(d); });
}
Value math_trunc(Vm& vm, Args& args) {
  return rounding(vm, args, "math.trunc", "__trunc__", [](double d) { return std::trunc(d); });
}

bool two_doubles(Vm& vm, Args& args, const char* name, double* x, double* y) {
  if (!check_count(vm, args, name, 2, 2)) return false;
  return to_real(vm, args[0], x) && to_real(vm, args[1], y);
}

Value math_pow(Vm& vm, Args& args) {
  double x, y;
  if (!two_doubles(vm, args, "pow", &x, &y)) return {};
  double r = std::pow(x, y);
  if (std::isfinite(x) && std::isfinite(y)) {
    if (std::isnan(r)) return domain_error(vm);
    if (std::isinf(r)) return x == 0 ? domain_error(vm) : range_error(vm);
  }
  return Value::number(r);
}

Value math_atan2(Vm& vm, Args& args) {
  double y, x;
  if (!two_doubles(vm, args, "atan2", &y, &x)) return {};
  return Value::number(std::atan2(y, x));
}

Value math_fmod(Vm& vm, Args& args) {
  double x, y;
  if (!two_doubles(vm, args, "fmod", &x, &y)) return {};
  if (std::isinf(y) && std::isfinite(x)) return Value::number(x);
  double r = std::fmod(x, y);
  if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) return domain_error(vm);
  return Value::number(r);
}

Value math_remainder(Vm& vm, Args& args) {
  double x, y;
  if (!two_doubles(vm, args, "remainder", &x, &y)) return {};
  double r = std::remainder(x, y);
  if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) return domain_error(vm);
  return Value::number(r);
}

Value math_copysign(Vm& vm, Args& args) {
  double x, y;
  if (!two_doubles(vm, args, "copysign", &x, &y)) return {};
  return Value::number(std::copysign(x, y));
}

Value math_nextafter(Vm& vm, Args& args) {
  double x, y;
  if (!two_doubles(vm, args, "nextafter", &x, &y)) return {};
  return Value::number(std::nextafter(x, y));
}

Value math_ulp(Vm& vm, Args& args) {
  if (!one_arg(vm, args, "math.ulp")) return {};
  double x;
  if (!to_real(vm, args[0], &x)) return {};
  if (std::isnan(x)) return Value::number(x);
  x = std::fabs(x);
  if (std::isinf(x)) return Value::number(x);
  double next = std::nextafter(x, HUGE_VAL);
  if (std::isinf(next)) return Value::number(x - std::nextafter(x, -HUGE_VAL));
  return Value::number(next - x);
}

Value math_modf(Vm& vm, Args& args) {
  if (!one_arg(vm, args, "math.modf")) return {};
  double x;
  if (!to_real(vm, args[0], &x)) return {};
  if (std::isinf(x)) return Value(make_tuple({Value::number(std::copysign(0.0, x)), Value::number(x)}));
  double ip;
  double frac = std::modf(x, &ip);
  return Value(make_tuple({Value::number(frac), Value::number(ip)}));
}

Value math_frexp(Vm& vm, Args& args) {
  if (!one_arg(vm, args, "math.frexp")) return {};
  double x;
  if (!to_real(vm, args[0], &x)) return {};
  if (std::isnan(x) || std::isinf(x) || x == 0) return Value(make_tuple({Value::number(x), Value::integer(0)}));
  int e;
  double m = std::frexp(x, &e);
  return Value(make_tuple({Value::number(m), Value::integer(e)}));
}

Value math_ldexp(Vm& vm, Args& args) {
  if (!check_count(vm, args, "ldexp", 2, 2)) return {};
  double x;
  if (!to_real(vm, args[0], &x)) return {};
  if (!args[1].is_intlike())
    return vm.raise(vm.exc.TypeError.get(), "Expected an int as second argument to ldexp.");
  int64_t e = args[1].as_int();
  if (x == 0 || !std::isfinite(x)) return Value::number(x);
  if (e > 100000) return range_error(vm);
  if (e < -100000) return Value::number(std::copysign(0.0, x));
  double r = std::ldexp(x, static_cast<int>(e));
  if (std::isinf(r)) return range_error(vm);
  return Value::number(r);
}

Value math_isnan(Vm& vm, Args& args) {
  if (!one_arg(vm, args, "math.isnan")) return {};
  double x;
  if (!to_real(vm, args[0], &x)) return {};
  return Value::boolean(std::isnan(x));
}

Value math_isinf(Vm& vm, Args& args) {
  if (!one_arg(vm, args, "math.isinf")) return {};
  double x;
  if (!to_real(vm, args[0], &x)) return {};
  return Value::boolean(std::isinf(x));
}

Value math_isfinite(Vm& vm, Args& args) {
  if (!one_arg(vm, args, "math.isfinite")) return {};
  double x;
  if (!to_real(vm, args[0], &x)) return {};
  return Value::boolean(std::isfinite(x));
}

Value math_isclose(Vm& vm, Args& args) {
  Value a[4];
  if (!parse_args(vm, args, "isclose", {"a", "b", "rel_tol", "abs_tol"}, 2, a, 2)) return {};
  double x, y, rel = 1e-09, abs_tol = 0.0;
  if (!to_real(vm, a[0], &x) || !to_real(vm, a[1], &y)) return {};
  if (!a[2].is_null() && !to_real(vm, a[2], &rel)) return {};
  if (!a[3].is_null() && !to_real(vm, a[3], &abs_tol)) return {};
  if (rel < 0.0 || abs_tol < 0.0) return vm.raise(vm.exc.ValueError.get(), "tolerances must be non-negative");
  if (x == y) return Value::boolean(true);
  if (std::isinf(x) || std::isinf(y)) return Value::boolean(false);
  double diff = std::fabs(y - x);
  return Value::boolean(diff <= std::fabs(rel * y) || diff <= std::fabs(rel * x) || diff <= abs_tol);
}

Value math_hypot(Vm& vm, Args& args) {
  if (!check_no_keywords(vm, args, "hypot")) return {};
  std::vector<double> xs;
  for (int i = 0; i < args.n; ++i) {
    double x;
    if (!to_real(vm, args[i], &x)) return {};
    xs.push_back(std::fabs(x));
  }
  bool any_inf = false, any_nan = false;
  double max = 0.0;
  for (double x : xs) {
    any_inf |= std::isinf(x);
    any_nan |= std::isnan(x);
    if (x > max) max = x;
  }
  if (any_inf) return Value::number(HUGE_VAL);
  if (any_nan) return Value::number(std::nan(""));
  if (xs.size() == 2) return Value::number(std::hypot(xs[0], xs[1]));
  if (max == 0.0 || xs.size() == 1) return Value::number(max);
  // Scaled by the largest coordinate so the squares neither overflow nor
  // underflow.
  double sum = 0.0;
  for (double x : xs) {
    double t = x / max;
    sum += t * t;
  }
  return Value::number(max * std::sqrt(sum));
}

Value math_dist(Vm& vm, Args& args) {
  if (!check_count(vm, args, "dist", 2, 2)) return {};
  std::vector<Value> p, q;
  if (!collect(vm, args[0], p) || !collect(vm, args[1], q)) return {};
  if (p.size() != q.size())
    return vm.raise(vm.exc.ValueError.get(), "both points must have the same number of dimensions");
  std::vector<Value> diffs;
  for (size_t i = 0; i < p.size(); ++i) {
    double a, b;
    if (!to_real(vm, p[i], &a) || !to_real(vm, q[i], &b)) return {};
    diffs.push_back(Value::number(a - b));
  }
  Args a{diffs.data(), static_cast<int>(diffs.size()), nullptr};
  return math_hypot(vm, a);
}

bool int_arg(Vm& vm, const Value& v, int64_t* out) { return to_index(vm, v, out); }

int64_t gcd64(int64_t a, int64_t b) {
  uint64_t x = a < 0 ? 0 - static_cast<uint64_t>(a) : static_cast<uint64_t>(a);
  uint64_t y = b < 0 ? 0 - static_cast<uint64_t>(b) : static_cast<uint64_t>(b);
  return static_cast<int64_t>(std::gcd(x, y));
}

Value math_gcd(Vm& vm, Args& args) {
  if (!check_no_keywords(vm, args, "gcd")) return {};
  int64_t g = 0;
  for (int i = 0; i < args.n; ++i) {
    int64_t v;
    if (!int_arg(vm, args[i], &v)) return {};
    if (v == INT64_MIN && (g == 0 || g == INT64_MIN)) return int_overflow(vm);
    g = gcd64(g, v);
  }
  return Value::integer(g);
}

Value math_lcm(Vm& vm, Args& args) {
  if (!check_no_keywords(vm, args, "lcm")) return {};
  int64_t l = 1;
  for (int i = 0; i < args.n; ++i) {
    int64_t v;
    if (!int_arg(vm, args[i], &v)) return {};
    if (v == 0 || l == 0) {
      l = 0;
      continue;
    }
    if (v == INT64_MIN) return int_overflow(vm);
    int64_t a = v < 0 ? -v : v;
    int64_t r;
    if (__builtin_mul_overflow(l / gcd64(l, a), a, &r)) return int_overflow(vm);
    l = r;
  }
  return Value::integer(l);
}

Value math_factorial(Vm& vm, Args& args) {
  if (!one_arg(vm, args, "math.factorial")) return {};
  int64_t n;
  if (!int_arg(vm, args[0], &n)) return {};
  if (n < 0) return vm.raise(vm.exc.ValueError.get(), "factorial() not defined for negative values");
  if (n > 20) return int_overflow(vm);
  int64_t r = 1;
  for (int64_t i = 2; i <= n; ++i) r *= i;
  return Value::integer(r);
}

Value math_isqrt(Vm& vm, Args& args) {
  if (!one_arg(vm, args, "math.isqrt")) return {};
  int64_t n;
  if (!int_arg(vm, args[0], &n)) return {};
  if (n < 0) return vm.raise(vm.exc.ValueError.get(), "isqrt() argument must be nonnegative");
  int64_t r = static_cast<int64_t>(std::sqrt(static_cast<double>(n)));
  // Correct the floating-point estimate in both directions.
  while (r > 0 && static_cast<__int128>(r) * r > n) --r;
  while (static_cast<__int128>(r + 1) * (r + 1) <= n) ++r;
  return Value::integer(r);
}

// perm(n, k) = n! / (n-k)!, comb(n, k) = perm(n, k) / k!; exact in 128 bits
// step by step, OverflowError past int64.
Value comb_perm(Vm& vm, Args& args, bool comb) {
  const char* name = comb ? "comb" : "perm";
  if (!check_count(vm, args, name, comb ? 2 : 1, 2)) return {};
  int64_t n, k;
  if (!int_arg(vm, args[0], &n)) return {};
  if (args.n == 1 || args[1].is_none()) {
    k = n;
  } else if (!int_arg(vm, args[1], &k)) {
    return {};
  }
  if (n < 0) return vm.raise(vm.exc.ValueError.get(), "n must be a non-negative integer");
  if (k < 0) return vm.raise(vm.exc.ValueError.get(), "k must be a non-negative integer");
  if (k > n) return Value::integer(0);
  if (comb && k > n - k) k = n - k;
  __int128 r = 1;
  for (int64_t i = 0; i < k; ++i) {
    if (comb) {
      // r * (n - i) / (i + 1) stays exact: r is C(n, i) and the product is
      // divisible by i + 1.
      r = r * (n - i) / (i + 1);
    } else {
      r *= (n - i);
    }
    if (r > INT64_MAX) return int_overflow(vm);
  }
  return Value::integer(static_cast<int64_t>(r));
}

Value math_comb(Vm& vm, Args& args) { return comb_perm(vm, args, true); }
Value math_perm(Vm& vm, Args& args) { return comb_perm(vm, args, false); }

Value math_prod(Vm& vm, Args& args) {
  Value a[2];
  if (!parse_args(vm, args, "prod", {"iterable", "start"}, 1, a, 1)) return {};
  Value acc = a[1].is_null() ? Value::integer(1) : a[1];
  Value it = get_iter(vm, a[0]);
  if (it.is_null()) return {};
  for (;;) {
    Value item = iter_next(vm, it);
    if (item.is_null()) {
      if (vm.has_error()) return {};
      return acc;
    }
    acc = binary_op(vm, BinOpKind::Mult, acc, item);
    if (acc.is_null()) return {};
  }
}

// Shewchuk's exact summation: `partials` hold non-overlapping doubles whose
// sum is the exact running total; the final pass rounds it once.
Value math_fsum(Vm& vm, Args& args) {
  if (!one_arg(vm, args, "math.fsum")) return {};
  Value it = get_iter(vm, args[0]);
  if (it.is_null()) return {};
  std::vector<double> partials;
  double special = 0.0, inf_sum = 0.0;
  for (;;) {
    Value item = iter_next(vm, it);
    if (item.is_null()) {
      if (vm.has_error()) return {};
      break;
    }
    double x;
    if (!to_real(vm, item, &x)) return {};
    if (!std::isfinite(x)) {
      // Infinities and NaNs are summed apart; inf + -inf is reported.
      if (std::isinf(x)) inf_sum += x;
      special += x;
      continue;
    }
    size_t i = 0;
    for (double y : partials) {
      if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
      double hi = x + y;
      double lo = y - (hi - x);
      if (lo != 0.0) partials[i++] = lo;
      x = hi;
    }
    if (!std::isfinite(x)) return vm.raise(vm.exc.OverflowError.get(), "intermediate overflow in fsum");
    partials.resize(i);
    partials.push_back(x);
  }
  if (special != 0.0 || std::isnan(special)) {
    if (std::isnan(inf_sum)) return vm.raise(vm.exc.ValueError.get(), "-inf + inf in fsum");
    return Value::number(special);
  }
  double hi = 0.0;
  size_t n = partials.size();
  if (n > 0) {
    hi = partials[--n];
    double lo = 0.0;
    while (n > 0) {
      double x = hi;
      double y = partials[--n];
      hi = x + y;
      double yr = hi - x;
      lo = y - yr;
      if (lo != 0.0) break;
    }
    // Round half-even correctly when the rest would break a tie.
    if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
      double y = lo * 2.0;
      double x = hi + y;
      double yr = x - hi;
      if (y == yr) hi = x;
    }
  }
  return Value::number(hi);
}

}  // namespace

Ref<Module> make_sys_module(Vm& vm) {
  Ref<Module> m = new_module(vm, "sys");
  Module* s = m.get();
  put(vm, s, "argv", string_list(vm, vm.argv));
  put(vm, s, "path", string_list(vm, vm.path));
  put(vm, s, "modules", Value::object(vm.modules()));
  put_fn(vm, s, "exit", sys_exit);
  put_fn(vm, s, "setrecursionlimit", sys_setrecursionlimit);
  put_fn(vm, s, "getrecursionlimit", sys_getrecursionlimit);
  put_fn(vm, s, "exc_info", sys_exc_info);
  put_fn(vm, s, "exception", sys_exception);
  put(vm, s, "stdout", Value(std_file("<stdout>", "w", File::Std::Out, nullptr)));
  put(vm, s, "stderr", Value(std_file("<stderr>", "w", File::Std::Err, nullptr)));
  put(vm, s, "stdin", Value(std_file("<stdin>", "r", File::Std::None, stdin)));
  put(vm, s, "maxsize", Value::integer(INT64_MAX));
  put(vm, s, "maxunicode", Value::integer(0x10FFFF));
  put(vm, s, "version", str_value(vm, "3.11.0 (Spindle)"));
  put(vm, s, "version_info",
      Value(make_tuple({Value::integer(3), Value::integer(11), Value::integer(0), str_value(vm, "final"),
                        Value::integer(0)})));
  put(vm, s, "platform", str_value(vm, "linux"));
  put(vm, s, "byteorder", str_value(vm, "little"));
  put(vm, s, "implementation_name", str_value(vm, "spindle"));
  put(vm, s, "executable", str_value(vm, ""));
  return m;
}

Ref<Module> make_math_module(Vm& vm) {
  Ref<Module> m = new_module(vm, "math");
  Module* s = m.get();
  put(vm, s, "pi", Value::number(3.141592653589793));
  put(vm, s, "e", Value::number(2.718281828459045));
  put(vm, s, "tau", Value::number(6.283185307179586));
  put(vm, s, "inf", Value::number(std::numeric_limits<double>::infinity()));
  put(vm, s, "nan", Value::number(std::numeric_limits<double>::quiet_NaN()));
  install_unary(vm, s, std::make_index_sequence<std::size(kUnary)>{});
  struct Entry {
    const char* name;
    NativeFn fn;
  };
  static const Entry kFunctions[] = {
      {"log", math_log},           {"floor", math_floor},         {"ceil", math_ceil},
      {"trunc", math_trunc},       {"pow", math_pow},             {"atan2", math_atan2},
      {"fmod", math_fmod},         {"remainder", math_remainder}, {"copysign", math_copysign},
      {"nextafter", math_nextafter}, {"ulp", math_ulp},           {"modf", math_modf},
      {"frexp", math_frexp},       {"ldexp", math_ldexp},         {"isnan", math_isnan},
      {"isinf", math_isinf},       {"isfinite", math_isfinite},   {"isclose", math_isclose},
      {"hypot", math_hypot},       {"dist", math_dist},           {"gcd", math_gcd},
      {"lcm", math_lcm},           {"factorial", math_factorial}, {"isqrt", math_isqrt},
      {"comb", math_comb},         {"perm", math_perm},           {"prod", math_prod},
      {"fsum", math_fsum},
  };
  for (const Entry& e : kFunctions) put_fn(vm, s, e.name, e.fn);
  return m;
}

}  // namespace spindle
