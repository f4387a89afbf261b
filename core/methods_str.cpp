// The methods of str. Strings are UTF-8; every index and length a method
// takes or returns counts code points, as in CPython.
//
// Unicode coverage (documented limits): case mapping (upper, lower, title,
// swapcase, capitalize, casefold) covers ASCII, Latin-1, Latin Extended-A,
// Greek and Cyrillic, plus 'ß' and the final sigma; the character classes
// (isalpha, isdigit, isnumeric, isspace, ...) are exact for ASCII and
// Latin-1 and approximate beyond (letters of the common scripts, the usual
// digit and whitespace code points).
#include <algorithm>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/install.hpp"
#include "core/ops.hpp"
#include "core/strfmt.hpp"
#include "core/utf8.hpp"

namespace spindle {

namespace {

// ---- character classes ---------------------------------------------------------

bool is_space_cp(uint32_t c) {
  if (c < 0x80) return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

// Lowercase -> uppercase for the covered blocks; 0 if c is not a lowercase
// letter there.
uint32_t upper_of(uint32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c < 0x80) return 0;
  if (c == 0xB5) return 0x39C;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x17F) {
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return (c & 1) ? c - 1 : 0;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? 0 : c - 1;
    if (c == 0x17F) return 'S';
    return 0;
  }
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
  if (c == 0x3C2) return 0x3A3;  // final sigma
  if (c == 0x3AC) return 0x386;
  if (c >= 0x3AD && c <= 0x3AF) return c - 37;
  if (c == 0x3CC) return 0x38C;
  if (c == 0x3CD || c == 0x3CE) return c - 63;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  return 0;
}

// Uppercase -> lowercase; 0 if c is not an uppercase letter there.
uint32_t lower_of(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0x80) return 0;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c == 0x178) return 0xFF;
  if (c >= 0x100 && c <= 0x17F) {
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return (c & 1) ? 0 : c + 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c + 1 : 0;
    return 0;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 63;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return 0;
}

bool is_lower_cp(uint32_t c) { return upper_of(c) != 0 || c == 0xDF || c == 0xAA || c == 0xBA; }
bool is_upper_cp(uint32_t c) { return lower_of(c) != 0; }
bool is_cased_cp(uint32_t c) { return is_lower_cp(c) || is_upper_cp(c); }

bool is_alpha_cp(uint32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c == 0xAA || c == 0xB5 || c == 0xBA) return true;
  if (c >= 0xC0 && c <= 0x2AF) return c != 0xD7 && c != 0xF7;
  if (c >= 0x370 && c <= 0x3FF)
    return c != 0x375 && c != 0x37E && c != 0x384 && c != 0x385 && c != 0x387 && c != 0x3F6;
  if (c >= 0x400 && c <= 0x52F) return !(c >= 0x482 && c <= 0x489);
  if (c >= 0x5D0 && c <= 0x5EA) return true;         // Hebrew
  if (c >= 0x620 && c <= 0x64A) return true;         // Arabic
  if (c >= 0x904 && c <= 0x939) return true;         // Devanagari
  if (c >= 0xE01 && c <= 0xE30) return true;         // Thai
  if (c >= 0x1E00 && c <= 0x1FFF) return true;       // Latin/Greek extended
  if (c >= 0x3041 && c <= 0x3096) return true;       // Hiragana
  if (c >= 0x30A1 && c <= 0x30FA) return true;       // Katakana
  if (c >= 0x3400 && c <= 0x4DBF) return true;       // CJK extension A
  if (c >= 0x4E00 && c <= 0x9FFF) return true;       // CJK
  if (c >= 0xAC00 && c <= 0xD7A3) return true;       // Hangul
  if (c >= 0xFF21 && c <= 0xFF3A) return true;       // fullwidth Latin
  if (c >= 0xFF41 && c <= 0xFF5A) return true;
  return false;
}

bool is_decimal_cp(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) || (c >= 0x6F0 && c <= 0x6F9) ||
         (c >= 0x966 && c <= 0x96F) || (c >= 0xFF10 && c <= 0xFF19);
}

bool is_digit_cp(uint32_t c) {
  return is_decimal_cp(c) || c == 0xB2 || c == 0xB3 || c == 0xB9 || c == 0x2070 || (c >= 0x2074 && c <= 0x2079) ||
         (c >= 0x2080 && c <= 0x2089) || (c >= 0x2460 && c <= 0x2468);
}

bool is_numeric_cp(uint32_t c) {
  if (is_digit_cp(c) || (c >= 0xBC && c <= 0xBE) || (c >= 0x2150 && c <= 0x2182) || c == 0x3007) return true;
  // The CJK numerals one..ten, hundred, thousand, ten thousand.
  static const uint32_t cjk[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,
                                 0x516B, 0x4E5D, 0x5341, 0x767E, 0x5343, 0x4E07};
  return std::find(std::begin(cjk), std::end(cjk), c) != std::end(cjk);
}

bool is_alnum_cp(uint32_t c) { return is_alpha_cp(c) || is_numeric_cp(c); }

bool is_printable_cp(uint32_t c) {
  if (c < 0x20 || c == 0x7F) return false;
  if (c >= 0x80 && c <= 0xA0) return false;
  if (c == 0xAD) return false;
  if (is_space_cp(c) && c != ' ') return false;
  return true;
}

// ---- shared helpers ---------------------------------------------------------------


std::vector<uint32_t> code_points(std::string_view s) {
  std::vector<uint32_t> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) out.push_back(utf8::decode(s, i));
  return out;
}

Value str_value(Vm& vm, std::string s) { return Value(vm.str(std::move(s))); }

// The self of a str method (which may be called unbound: str.upper(5)).
Str* self_str(Vm& vm, Args& args, const char* name) {
  if (args.n < 1) {
    vm.raisef(vm.exc.TypeError.get(), "unbound method str.{}() needs an argument", name);
    return nullptr;
  }
  if (!args[0].is_kind(ObjKind::Str)) {
    vm.raisef(vm.exc.TypeError.get(), "descriptor '{}' for 'str' objects doesn't apply to a '{}' object", name,
              vm.type_name(args[0]));
    return nullptr;
  }
  return args[0].as<Str>();
}

// The arguments after self, for parse_args (kwv() stays in place because
// argv and n move together).
Args rest_of(Args& args) { return Args{args.argv + 1, args.n - 1, args.kwnames}; }

// METH_VARARGS-style count check on the arguments after self.
bool expect_count(Vm& vm, Args& args, const char* fname, int min, int max) {
  Args rest = rest_of(args);
  if (rest.nkw() > 0) {
    vm.raisef(vm.exc.TypeError.get(), "{}() takes no keyword arguments", fname);
    return false;
  }
  int n = rest.n;
  if (n >= min && n <= max) return true;
  if (min == max && max == 0)
    vm.raisef(vm.exc.TypeError.get(), "str.{}() takes no arguments ({} given)", fname, n);
  else if (min == max && max == 1)
    vm.raisef(vm.exc.TypeError.get(), "str.{}() takes exactly one argument ({} given)", fname, n);
  else if (min == max)
    vm.raisef(vm.exc.TypeError.get(), "{} expected {} arguments, got {}", fname, max, n);
  else if (n < min)
    vm.raisef(vm.exc.TypeError.get(), "{} expected at least {} argument{}, got {}", fname, min, min == 1 ? "" : "s", n);
  else
    vm.raisef(vm.exc.TypeError.get(), "{} expected at most {} argument{}, got {}", fname, max, max == 1 ? "" : "s", n);
  return false;
}

Str* str_arg(Vm& vm, const Value& v, const char* what = nullptr) {
  if (v.is_kind(ObjKind::Str)) return v.as<Str>();
  if (what)
    vm.raisef(vm.exc.TypeError.get(), "{} must be str, not {}", what, vm.type_name(v));
  else
    vm.raisef(vm.exc.TypeError.get(), "must be str, not {}", vm.type_name(v));
  return nullptr;
}

bool int_arg(Vm& vm, const Value& v, int64_t* out) { return to_index(vm, v, out); }

// A start/end argument of find() and friends: None keeps the default.
bool slice_arg(Vm& vm, const Value& v, int64_t* out) {
  if (v.is_null() || v.is_none()) return true;
  if (v.is_intlike()) {
    *out = v.as_int();
    return true;
  }
  if (v.is_obj() && !v.is_kind(ObjKind::Str)) {
    Value m = class_lookup(vm, v, vm.names.__index__);
    if (!m.is_null()) return to_index(vm, v, out);
    if (vm.has_error()) return false;
  }
  vm.raise(vm.exc.TypeError.get(), "slice indices must be integers or None or have an __index__ method");
  return false;
}

// CPython's ADJUST_INDICES: negative counts from the end, clamp to [0, len].
void adjust_indices(int64_t& start, int64_t& end, int64_t len) {
  if (end > len)
    end = len;
  else if (end < 0) {
    end += len;
    if (end < 0) end = 0;
  }
  if (start < 0) {
    start += len;
    if (start < 0) start = 0;
  }
}

// Code point index of a byte offset.
int64_t cp_index(const Str* s, size_t byte) {
  if (s->is_ascii()) return static_cast<int64_t>(byte);
  return utf8::length(s->view().substr(0, byte));
}

size_t byte_at(const Str* s, int64_t index) {
  if (index <= 0) return 0;
  if (index >= s->length()) return s->str().size();
  return s->byte_offset(index);
}

struct CpRange {
  int64_t start, end;    // code points, adjusted
  size_t bstart, bend;   // the same in bytes
};

// Parses the optional (start, end) pair that follows the first argument.
bool range_args(Vm& vm, Str* s, const Value& a, const Value& b, CpRange* r) {
  int64_t start = 0, end = INT64_MAX;
  if (!slice_arg(vm, a, &start) || !slice_arg(vm, b, &end)) return false;
  adjust_indices(start, end, s->length());
  r->start = start;
  r->end = end;
  r->bstart = byte_at(s, start);
  r->bend = end > start ? byte_at(s, end) : r->bstart;
  return true;
}

// ---- find, index, count -----------------------------------------------------------

// Position (code points) of sub in s[start:end], or -1.
int64_t find_in(Str* s, Str* sub, const CpRange& r, bool reverse) {
  if (r.start > s->length()) return -1;
  if (r.end - r.start < sub->length()) return -1;
  std::string_view hay = s->view().substr(r.bstart, r.bend - r.bstart);
  size_t pos = reverse ? hay.rfind(sub->view()) : hay.find(sub->view());
  if (pos == std::string_view::npos) return -1;
  return cp_index(s, r.bstart + pos);
}

Value find_common(Vm& vm, Args& args, const char* name, bool reverse, bool raise) {
  Str* s = self_str(vm, args, name);
  if (!s || !expect_count(vm, args, name, 1, 3)) return {};
  Str* sub = str_arg(vm, args[1]);
  if (!sub) return {};
  CpRange r;
  if (!range_args(vm, s, args.n > 2 ? args[2] : Value(), args.n > 3 ? args[3] : Value(), &r)) return {};
  int64_t pos = find_in(s, sub, r, reverse);
  if (pos < 0 && raise) return vm.raise(vm.exc.ValueError.get(), "substring not found");
  return Value::integer(pos);
}

Value str_find(Vm& vm, Args& args) { return find_common(vm, args, "find", false, false); }
Value str_rfind(Vm& vm, Args& args) { return find_common(vm, args, "rfind", true, false); }
Value str_index(Vm& vm, Args& args) { return find_common(vm, args, "index", false, true); }
Value str_rindex(Vm& vm, Args& args) { return find_common(vm, args, "rindex", true, true); }

Value str_count(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "count");
  if (!s || !expect_count(vm, args, "count", 1, 3)) return {};
  Str* sub = str_arg(vm, args[1]);
  if (!sub) return {};
  CpRange r;
  if (!range_args(vm, s, args.n > 2 ? args[2] : Value(), args.n > 3 ? args[3] : Value(), &r)) return {};
  if (r.start > s->length()) return Value::integer(0);
  if (sub->length() == 0) return Value::integer(r.end >= r.start ? r.end - r.start + 1 : 0);
  if (r.end - r.start < sub->length()) return Value::integer(0);
  std::string_view hay = s->view().substr(r.bstart, r.bend - r.bstart);
  int64_t n = 0;
  for (size_t pos = hay.find(sub->view()); pos != std::string_view::npos;
       pos = hay.find(sub->view(), pos + sub->view().size()))
    ++n;
  return Value::integer(n);
}

// startswith / endswith with a str or a tuple of str.
Value starts_ends(Vm& vm, Args& args, const char* name, bool ends) {
  Str* s = self_str(vm, args, name);
  if (!s || !expect_count(vm, args, name, 1, 3)) return {};
  CpRange r;
  if (!range_args(vm, s, args.n > 2 ? args[2] : Value(), args.n > 3 ? args[3] : Value(), &r)) return {};
  auto match = [&](Str* fix) {
    if (r.start > s->length()) return false;
    if (r.end - r.start < fix->length()) return false;
    std::string_view hay = s->view().substr(r.bstart, r.bend - r.bstart);
    std::string_view f = fix->view();
    if (f.size() > hay.size()) return false;
    return ends ? hay.substr(hay.size() - f.size()) == f : hay.substr(0, f.size()) == f;
  };
  const Value& arg = args[1];
  if (arg.is_kind(ObjKind::Str)) return Value::boolean(match(arg.as<Str>()));
  if (arg.is_kind(ObjKind::Tuple)) {
    Value hold = arg;
    for (const Value& item : hold.as<Tuple>()->items) {
      if (!item.is_kind(ObjKind::Str))
        return vm.raisef(vm.exc.TypeError.get(), "tuple for {} must only contain str, not {}", name,
                         vm.type_name(item));
      if (match(item.as<Str>())) return Value::boolean(true);
    }
    return Value::boolean(false);
  }
  return vm.raisef(vm.exc.TypeError.get(), "{} first arg must be str or a tuple of str, not {}", name,
                   vm.type_name(arg));
}

Value str_startswith(Vm& vm, Args& args) { return starts_ends(vm, args, "startswith", false); }
Value str_endswith(Vm& vm, Args& args) { return starts_ends(vm, args, "endswith", true); }

// ---- split, join -------------------------------------------------------------------

bool split_args(Vm& vm, Args& args, const char* name, Str** sep, int64_t* maxsplit) {
  Value a[2];
  Args rest = rest_of(args);
  if (!parse_args(vm, rest, name, {"sep", "maxsplit"}, 0, a)) return false;
  *sep = nullptr;
  if (!a[0].is_null() && !a[0].is_none()) {
    if (!a[0].is_kind(ObjKind::Str)) {
      vm.raisef(vm.exc.TypeError.get(), "must be str or None, not {}", vm.type_name(a[0]));
      return false;
    }
    *sep = a[0].as<Str>();
    if ((*sep)->length() == 0) {
      vm.raise(vm.exc.ValueError.get(), "empty separator");
      return false;
    }
  }
  *maxsplit = -1;
  if (!a[1].is_null() && !int_arg(vm, a[1], maxsplit)) return false;
  if (*maxsplit < 0) *maxsplit = INT64_MAX;
  return true;
}

// Whitespace positions need decoding for non-ASCII text; `space_at` returns
// the length of the whitespace character at byte i, or 0.
size_t space_at(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return is_space_cp(c) ? 1 : 0;
  size_t j = i;
  uint32_t cp = utf8::decode(s, j);
  return is_space_cp(cp) ? j - i : 0;
}

// Length of the whitespace character ending at byte i (exclusive), or 0.
size_t space_before(std::string_view s, size_t i) {
  size_t start = i - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  size_t n = space_at(s, start);
  return n == i - start ? n : 0;
}

Value str_split(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "split");
  Str* sep;
  int64_t maxsplit;
  if (!s || !split_args(vm, args, "split", &sep, &maxsplit)) return {};
  std::string_view v = s->view();
  std::vector<Value> out;
  if (sep) {
    std::string_view d = sep->view();
    size_t start = 0;
    int64_t splits = 0;
    for (;;) {
      size_t pos = splits < maxsplit ? v.find(d, start) : std::string_view::npos;
      if (pos == std::string_view::npos) {
        out.push_back(str_value(vm, std::string(v.substr(start))));
        break;
      }
      out.push_back(str_value(vm, std::string(v.substr(start, pos - start))));
      start = pos + d.size();
      ++splits;
    }
  } else {
    size_t i = 0, n = v.size();
    int64_t splits = 0;
    for (;;) {
      size_t w;
      while (i < n && (w = space_at(v, i)) > 0) i += w;
      if (i >= n) break;
      if (splits >= maxsplit) {
        // The rest, leading whitespace stripped, trailing kept.
        out.push_back(str_value(vm, std::string(v.substr(i))));
        break;
      }
      size_t j = i;
      while (j < n && space_at(v, j) == 0) j += utf8::seq_len(static_cast<unsigned char>(v[j]));
      out.push_back(str_value(vm, std::string(v.substr(i, j - i))));
      ++splits;
      i = j;
    }
  }
  return Value(make_list(std::move(out)));
}

Value str_rsplit(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "rsplit");
  Str* sep;
  int64_t maxsplit;
  if (!s || !split_args(vm, args, "rsplit", &sep, &maxsplit)) return {};
  std::string_view v = s->view();
  std::vector<Value> out;
  if (sep) {
    std::string_view d = sep->view();
    size_t end = v.size();
    int64_t splits = 0;
    for (;;) {
      size_t pos = std::string_view::npos;
      if (splits < maxsplit && end >= d.size()) pos = v.substr(0, end).rfind(d);
      if (pos == std::string_view::npos) {
        out.push_back(str_value(vm, std::string(v.substr(0, end))));
        break;
      }
      out.push_back(str_value(vm, std::string(v.substr(pos + d.size(), end - pos - d.size()))));
      end = pos;
      ++splits;
    }
  } else {
    size_t i = v.size();
    int64_t splits = 0;
    for (;;) {
      size_t w;
      while (i > 0 && (w = space_before(v, i)) > 0) i -= w;
      if (i == 0) break;
      if (splits >= maxsplit) {
        out.push_back(str_value(vm, std::string(v.substr(0, i))));
        break;
      }
      size_t j = i;
      while (j > 0 && space_before(v, j) == 0) {
        --j;
        while (j > 0 && (static_cast<unsigned char>(v[j]) & 0xC0) == 0x80) --j;
      }
      out.push_back(str_value(vm, std::string(v.substr(j, i - j))));
      ++splits;
      i = j;
    }
  }
  std::reverse(out.begin(), out.end());
  return Value(make_list(std::move(out)));
}

Value str_splitlines(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "splitlines");
  if (!s) return {};
  Value a[1];
  Args rest = rest_of(args);
  if (!parse_args(vm, rest, "splitlines", {"keepends"}, 0, a)) return {};
  bool keep = false;
  if (!a[0].is_null()) {
    int t = truthy(vm, a[0]);
    if (t < 0) return {};
    keep = t;
  }
  std::string_view v = s->view();
  std::vector<Value> out;
  size_t start = 0, i = 0;
  while (i < v.size()) {
    size_t j = i;
    uint32_t c = utf8::decode(v, j);
    bool brk = c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D || c == 0x1E ||
               c == 0x85 || c == 0x2028 || c == 0x2029;
    if (!brk) {
      i = j;
      continue;
    }
    size_t eol = j;
    if (c == '\r' && j < v.size() && v[j] == '\n') eol = j + 1;
    out.push_back(str_value(vm, std::string(v.substr(start, (keep ? eol : i) - start))));
    start = i = eol;
  }
  if (start < v.size()) out.push_back(str_value(vm, std::string(v.substr(start))));
  return Value(make_list(std::move(out)));
}

Value str_join(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "join");
  if (!s || !expect_count(vm, args, "join", 1, 1)) return {};
  Value self = args[0];
  std::vector<Value> items;
  if (!collect(vm, args[1], items)) return {};
  if (items.size() == 1 && items[0].is_kind(ObjKind::Str)) return items[0];
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_kind(ObjKind::Str))
      return vm.raisef(vm.exc.TypeError.get(), "sequence item {}: expected str instance, {} found", i,
                       vm.type_name(items[i]));
    if (i > 0) out += s->view();
    out += items[i].as<Str>()->view();
  }
  return str_value(vm, std::move(out));
}

Value partition_common(Vm& vm, Args& args, const char* name, bool reverse) {
  Str* s = self_str(vm, args, name);
  if (!s || !expect_count(vm, args, name, 1, 1)) return {};
  Str* sep = str_arg(vm, args[1]);
  if (!sep) return {};
  if (sep->length() == 0) return vm.raise(vm.exc.ValueError.get(), "empty separator");
  std::string_view v = s->view(), d = sep->view();
  size_t pos = reverse ? v.rfind(d) : v.find(d);
  Value empty = str_value(vm, "");
  if (pos == std::string_view::npos) {
    if (reverse) return Value(make_tuple({empty, empty, args[0]}));
    return Value(make_tuple({args[0], empty, empty}));
  }
  return Value(make_tuple({str_value(vm, std::string(v.substr(0, pos))), args[1],
                           str_value(vm, std::string(v.substr(pos + d.size())))}));
}

Value str_partition(Vm& vm, Args& args) { return partition_common(vm, args, "partition", false); }
Value str_rpartition(Vm& vm, Args& args) { return partition_common(vm, args, "rpartition", true); }

// ---- strip, replace, prefixes ---------------------------------------------------------

Value strip_common(Vm& vm, Args& args, const char* name, bool left, bool right) {
  Str* s = self_str(vm, args, name);
  if (!s || !expect_count(vm, args, name, 0, 1)) return {};
  Str* chars = nullptr;
  if (args.n > 1 && !args[1].is_none()) {
    if (!args[1].is_kind(ObjKind::Str)) return vm.raisef(vm.exc.TypeError.get(), "{} arg must be None or str", name);
    chars = args[1].as<Str>();
  }
  std::vector<uint32_t> set;
  if (chars) set = code_points(chars->view());
  auto strip_cp = [&](uint32_t c) {
    return chars ? std::find(set.begin(), set.end(), c) != set.end() : is_space_cp(c);
  };
  std::string_view v = s->view();
  size_t b = 0, e = v.size();
  if (left) {
    while (b < e) {
      size_t j = b;
      if (!strip_cp(utf8::decode(v, j))) break;
      b = j;
    }
  }
  if (right) {
    while (e > b) {
      size_t start = e - 1;
      while (start > b && (static_cast<unsigned char>(v[start]) & 0xC0) == 0x80) --start;
      size_t j = start;
      if (!strip_cp(utf8::decode(v, j))) break;
      e = start;
    }
  }
  if (b == 0 && e == v.size()) return args[0];
  return str_value(vm, std::string(v.substr(b, e - b)));
}

Value str_strip(Vm& vm, Args& args) { return strip_common(vm, args, "strip", true, true); }
Value str_lstrip(Vm& vm, Args& args) { return strip_common(vm, args, "lstrip", true, false); }
Value str_rstrip(Vm& vm, Args& args) { return strip_common(vm, args, "rstrip", false, true); }

Value str_replace(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "replace");
  if (!s || !expect_count(vm, args, "replace", 2, 3)) return {};
  for (int i = 1; i <= 2; ++i)
    if (!args[i].is_kind(ObjKind::Str))
      return vm.raisef(vm.exc.TypeError.get(), "replace() argument {} must be str, not {}", i,
                       vm.type_name(args[i]));
  int64_t count = -1;
  if (args.n > 3 && !int_arg(vm, args[3], &count)) return {};
  if (count < 0) count = INT64_MAX;
  std::string_view v = s->view(), old = args[1].as<Str>()->view(), rep = args[2].as<Str>()->view();
  std::string out;
  if (old.empty()) {
    // Insert before every code point and at the end, up to count times.
    size_t i = 0;
    int64_t done = 0;
    while (i < v.size()) {
      if (done < count) {
        out += rep;
        ++done;
      }
      size_t n = utf8::seq_len(static_cast<unsigned char>(v[i]));
      out += v.substr(i, n);
      i += n;
    }
    if (done < count) out += rep;
    return str_value(vm, std::move(out));
  }
  size_t start = 0;
  int64_t done = 0;
  while (done < count) {
    size_t pos = v.find(old, start);
    if (pos == std::string_view::npos) break;
    out += v.substr(start, pos - start);
    out += rep;
    start = pos + old.size();
    ++done;
  }
  if (done == 0) return args[0];
  out += v.substr(start);
  return str_value(vm, std::move(out));
}

Value remove_fix(Vm& vm, Args& args, const char* name, bool suffix) {
  Str* s = self_str(vm, args, name);
  if (!s || !expect_count(vm, args, name, 1, 1)) return {};
  if (!args[1].is_kind(ObjKind::Str))
    return vm.raisef(vm.exc.TypeError.get(), "{}() argument must be str, not {}", name, vm.type_name(args[1]));
  std::string_view v = s->view(), f = args[1].as<Str>()->view();
  if (f.empty() || f.size() > v.size()) return args[0];
  if (suffix) {
    if (v.substr(v.size() - f.size()) != f) return args[0];
    return str_value(vm, std::string(v.substr(0, v.size() - f.size())));
  }
  if (v.substr(0, f.size()) != f) return args[0];
  return str_value(vm, std::string(v.substr(f.size())));
}

Value str_removeprefix(Vm& vm, Args& args) { return remove_fix(vm, args, "removeprefix", false); }
Value str_removesuffix(Vm& vm, Args& args) { return remove_fix(vm, args, "removesuffix", true); }

// ---- case mapping ------------------------------------------------------------------------

// Appends the uppercase of c ('ß' becomes "SS").
void put_upper(uint32_t c, std::string& out) {
  if (c == 0xDF) {
    out += "SS";
    return;
  }
  uint32_t u = upper_of(c);
  utf8::encode(u ? u : c, out);
}

void put_title(uint32_t c, std::string& out) {
  if (c == 0xDF) {
    out += "Ss";
    return;
  }
  uint32_t u = upper_of(c);
  utf8::encode(u ? u : c, out);
}

// Greek capital sigma lowers to the final form at the end of a word: after a
// cased letter and not before one.
uint32_t lower_sigma(const std::vector<uint32_t>& cps, size_t i) {
  bool before = false, after = false;
  for (size_t j = i; j-- > 0;) {
    if (is_cased_cp(cps[j])) {
      before = true;
      break;
    }
    if (cps[j] != '\'' && cps[j] != 0x2019) break;
  }
  for (size_t j = i + 1; j < cps.size(); ++j) {
    if (is_cased_cp(cps[j])) {
      after = true;
      break;
    }
    if (cps[j] != '\'' && cps[j] != 0x2019) break;
  }
  return before && !after ? 0x3C2 : 0x3C3;
}

void put_lower(const std::vector<uint32_t>& cps, size_t i, std::string& out) {
  uint32_t c = cps[i];
  if (c == 0x3A3) {
    utf8::encode(lower_sigma(cps, i), out);
    return;
  }
  uint32_t l = lower_of(c);
  utf8::encode(l ? l : c, out);
}

enum class CaseOp { Upper, Lower, Swap, Title, Capitalize, Casefold };

Value case_map(Vm& vm, Args& args, const char* name, CaseOp op) {
  Str* s = self_str(vm, args, name);
  if (!s || !expect_count(vm, args, name, 0, 0)) return {};
  std::string_view v = s->view();
  std::string out;
  out.reserve(v.size());
  if (s->is_ascii()) {
    bool prev_cased = false;
    for (size_t i = 0; i < v.size(); ++i) {
      char c = v[i];
      bool up = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z';
      switch (op) {
        case CaseOp::Upper: c = low ? c - 32 : c; break;
        case CaseOp::Lower:
        case CaseOp::Casefold: c = up ? c + 32 : c; break;
        case CaseOp::Swap: c = up ? c + 32 : low ? c - 32 : c; break;
        case CaseOp::Title:
          if (prev_cased)
            c = up ? c + 32 : c;
          else
            c = low ? c - 32 : c;
          prev_cased = up || low;
          break;
        case CaseOp::Capitalize:
          if (i == 0)
            c = low ? c - 32 : c;
          else
            c = up ? c + 32 : c;
          break;
      }
      out += c;
    }
    return str_value(vm, std::move(out));
  }
  std::vector<uint32_t> cps = code_points(v);
  bool prev_cased = false;
  for (size_t i = 0; i < cps.size(); ++i) {
    uint32_t c = cps[i];
    switch (op) {
      case CaseOp::Upper: put_upper(c, out); break;
      case CaseOp::Lower: put_lower(cps, i, out); break;
      case CaseOp::Casefold:
        if (c == 0xDF)
          out += "ss";
        else if (c == 0x3C2)
          utf8::encode(0x3C3, out);
        else
          put_lower(cps, i, out);
        break;
      case CaseOp::Swap:
        if (is_upper_cp(c))
          put_lower(cps, i, out);
        else if (is_lower_cp(c))
          put_upper(c, out);
        else
          utf8::encode(c, out);
        break;
      case CaseOp::Title:
        if (prev_cased)
          put_lower(cps, i, out);
        else
          put_title(c, out);
        prev_cased = is_cased_cp(c);
        break;
      case CaseOp::Capitalize:
        if (i == 0)
          put_title(c, out);
        else
          put_lower(cps, i, out);
        break;
    }
  }
  return str_value(vm, std::move(out));
}

Value str_upper(Vm& vm, Args& args) { return case_map(vm, args, "upper", CaseOp::Upper); }
Value str_lower(Vm& vm, Args& args) { return case_map(vm, args, "lower", CaseOp::Lower); }
Value str_swapcase(Vm& vm, Args& args) { return case_map(vm, args, "swapcase", CaseOp::Swap); }
Value str_title(Vm& vm, Args& args) { return case_map(vm, args, "title", CaseOp::Title); }
Value str_capitalize(Vm& vm, Args& args) { return case_map(vm, args, "capitalize", CaseOp::Capitalize); }
Value str_casefold(Vm& vm, Args& args) { return case_map(vm, args, "casefold", CaseOp::Casefold); }

// ---- predicates ---------------------------------------------------------------------------

template <bool (*Pred)(uint32_t)>
Value all_chars(Vm& vm, Args& args, const char* name) {
  Str* s = self_str(vm, args, name);
  if (!s || !expect_count(vm, args, name, 0, 0)) return {};
  std::string_view v = s->view();
  if (v.empty()) return Value::boolean(false);
  for (size_t i = 0; i < v.size();)
    if (!Pred(utf8::decode(v, i))) return Value::boolean(false);
  return Value::boolean(true);
}

Value str_isdigit(Vm& vm, Args& args) { return all_chars<is_digit_cp>(vm, args, "isdigit"); }
Value str_isdecimal(Vm& vm, Args& args) { return all_chars<is_decimal_cp>(vm, args, "isdecimal"); }
Value str_isnumeric(Vm& vm, Args& args) { return all_chars<is_numeric_cp>(vm, args, "isnumeric"); }
Value str_isalpha(Vm& vm, Args& args) { return all_chars<is_alpha_cp>(vm, args, "isalpha"); }
Value str_isalnum(Vm& vm, Args& args) { return all_chars<is_alnum_cp>(vm, args, "isalnum"); }
Value str_isspace(Vm& vm, Args& args) { return all_chars<is_space_cp>(vm, args, "isspace"); }

Value str_isascii(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "isascii");
  if (!s || !expect_count(vm, args, "isascii", 0, 0)) return {};
  return Value::boolean(s->is_ascii());
}

Value str_isprintable(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "isprintable");
  if (!s || !expect_count(vm, args, "isprintable", 0, 0)) return {};
  std::string_view v = s->view();
  for (size_t i = 0; i < v.size();)
    if (!is_printable_cp(utf8::decode(v, i))) return Value::boolean(false);
  return Value::boolean(true);
}

// isupper / islower: at least one cased character and none of the other case.
Value cased_check(Vm& vm, Args& args, const char* name, bool upper) {
  Str* s = self_str(vm, args, name);
  if (!s || !expect_count(vm, args, name, 0, 0)) return {};
  std::string_view v = s->view();
  bool cased = false;
  for (size_t i = 0; i < v.size();) {
    uint32_t c = utf8::decode(v, i);
    if (upper ? is_lower_cp(c) : is_upper_cp(c)) return Value::boolean(false);
    if (upper ? is_upper_cp(c) : is_lower_cp(c)) cased = true;
  }
  return Value::boolean(cased);
}

Value str_isupper(Vm& vm, Args& args) { return cased_check(vm, args, "isupper", true); }
Value str_islower(Vm& vm, Args& args) { return cased_check(vm, args, "islower", false); }

Value str_istitle(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "istitle");
  if (!s || !expect_count(vm, args, "istitle", 0, 0)) return {};
  std::string_view v = s->view();
  bool cased = false, prev_cased = false;
  for (size_t i = 0; i < v.size();) {
    uint32_t c = utf8::decode(v, i);
    if (is_upper_cp(c)) {
      if (prev_cased) return Value::boolean(false);
      prev_cased = cased = true;
    } else if (is_lower_cp(c)) {
      if (!prev_cased) return Value::boolean(false);
      prev_cased = cased = true;
    } else {
      prev_cased = false;
    }
  }
  return Value::boolean(cased);
}

Value str_isidentifier(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "isidentifier");
  if (!s || !expect_count(vm, args, "isidentifier", 0, 0)) return {};
  std::string_view v = s->view();
  if (v.empty()) return Value::boolean(false);
  bool first = true;
  for (size_t i = 0; i < v.size();) {
    uint32_t c = utf8::decode(v, i);
    bool ok = c == '_' || is_alpha_cp(c) || (!first && is_decimal_cp(c));
    if (!ok) return Value::boolean(false);
    first = false;
  }
  return Value::boolean(true);
}

// ---- padding ---------------------------------------------------------------------------------

bool fill_arg(Vm& vm, Args& args, int index, std::string* fill) {
  *fill = " ";
  if (args.n <= index) return true;
  const Value& f = args[index];
  if (!f.is_kind(ObjKind::Str)) {
    vm.raisef(vm.exc.TypeError.get(), "The fill character must be a unicode character, not {}", vm.type_name(f));
    return false;
  }
  if (f.as<Str>()->length() != 1) {
    vm.raise(vm.exc.TypeError.get(), "The fill character must be exactly one character long");
    return false;
  }
  *fill = f.as<Str>()->str();
  return true;
}

std::string repeat(const std::string& s, int64_t n) {
  std::string out;
  if (n <= 0) return out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) out += s;
  return out;
}

enum class Align { Left, Right, Center };

Value pad_common(Vm& vm, Args& args, const char* name, Align align) {
  Str* s = self_str(vm, args, name);
  if (!s || !expect_count(vm, args, name, 1, 2)) return {};
  int64_t width;
  if (!int_arg(vm, args[1], &width)) return {};
  std::string fill;
  if (!fill_arg(vm, args, 2, &fill)) return {};
  int64_t len = s->length();
  if (width <= len) return args[0];
  int64_t marg = width - len, left = 0;
  switch (align) {
    case Align::Left: left = 0; break;
    case Align::Right: left = marg; break;
    // CPython's rounding: odd margins put the extra fill on the right,
    // unless the width is odd too.
    case Align::Center: left = marg / 2 + (marg & width & 1); break;
  }
  std::string out = repeat(fill, left);
  out += s->view();
  out += repeat(fill, marg - left);
  return str_value(vm, std::move(out));
}

Value str_center(Vm& vm, Args& args) { return pad_common(vm, args, "center", Align::Center); }
Value str_ljust(Vm& vm, Args& args) { return pad_common(vm, args, "ljust", Align::Left); }
Value str_rjust(Vm& vm, Args& args) { return pad_common(vm, args, "rjust", Align::Right); }

Value str_zfill(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "zfill");
  if (!s || !expect_count(vm, args, "zfill", 1, 1)) return {};
  int64_t width;
  if (!int_arg(vm, args[1], &width)) return {};
  int64_t len = s->length();
  if (width <= len) return args[0];
  std::string_view v = s->view();
  std::string out;
  size_t sign = !v.empty() && (v[0] == '+' || v[0] == '-') ? 1 : 0;
  out += v.substr(0, sign);
  out += std::string(static_cast<size_t>(width - len), '0');
  out += v.substr(sign);
  return str_value(vm, std::move(out));
}

Value str_expandtabs(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "expandtabs");
  if (!s) return {};
  Value a[1];
  Args rest = rest_of(args);
  if (!parse_args(vm, rest, "expandtabs", {"tabsize"}, 0, a)) return {};
  int64_t tab = 8;
  if (!a[0].is_null() && !int_arg(vm, a[0], &tab)) return {};
  if (tab > INT32_MAX || tab < INT32_MIN)
    return vm.raise(vm.exc.OverflowError.get(), "Python int too large to convert to C int");
  std::string_view v = s->view();
  std::string out;
  int64_t col = 0;
  for (size_t i = 0; i < v.size();) {
    char c = v[i];
    if (c == '\t') {
      if (tab > 0) {
        int64_t n = tab - col % tab;
        out.append(static_cast<size_t>(n), ' ');
        col += n;
      }
      ++i;
    } else if (c == '\n' || c == '\r') {
      out += c;
      col = 0;
      ++i;
    } else {
      size_t n = utf8::seq_len(static_cast<unsigned char>(c));
      out += v.substr(i, n);
      i += n;
      ++col;
    }
  }
  return str_value(vm, std::move(out));
}

// ---- format, translate ---------------------------------------------------------------------------

Value str_format_method(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "format");
  if (!s) return {};
  Value self = args[0];  // keeps the format string alive while user code runs
  Args rest = rest_of(args);
  return str_format(vm, s->view(), rest);
}

Value str_format_map(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "format_map");
  if (!s || !expect_count(vm, args, "format_map", 1, 1)) return {};
  Value self = args[0];
  return str_format_map(vm, s->view(), args[1]);
}

Value str_translate(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "translate");
  if (!s || !expect_count(vm, args, "translate", 1, 1)) return {};
  Value self = args[0], table = args[1];
  std::string_view v = s->view();
  std::string out;
  for (size_t i = 0; i < v.size();) {
    size_t start = i;
    uint32_t c = utf8::decode(v, i);
    Value r = getitem(vm, table, Value::integer(c));
    if (r.is_null()) {
      if (!vm.error_matches(vm.exc.LookupError.get())) return {};
      vm.take_error();
      out += v.substr(start, i - start);
      continue;
    }
    if (r.is_none()) continue;
    if (r.is_intlike()) {
      if (r.as_int() < 0 || r.as_int() >= 0x110000)
        return vm.raise(vm.exc.ValueError.get(), "character mapping must be in range(0x110000)");
      utf8::encode(static_cast<uint32_t>(r.as_int()), out);
    } else if (r.is_kind(ObjKind::Str)) {
      out += r.as<Str>()->view();
    } else {
      return vm.raise(vm.exc.TypeError.get(), "character mapping must return integer, None or str");
    }
  }
  return str_value(vm, std::move(out));
}

// str.maketrans(x[, y[, z]]): a static method, so there is no self.
Value str_maketrans(Vm& vm, Args& args) {
  if (args.nkw() > 0) return vm.raise(vm.exc.TypeError.get(), "maketrans() takes no keyword arguments");
  if (args.n < 1 || args.n > 3)
    return vm.raisef(vm.exc.TypeError.get(), "maketrans expected at {} 1 argument{}, got {}",
                     args.n < 1 ? "least" : "most", args.n < 1 ? "" : "s", args.n);
  auto d = make<Dict>();
  if (args.n == 1) {
    if (!args[0].is_kind(ObjKind::Dict))
      return vm.raise(vm.exc.TypeError.get(), "if you give only one argument to maketrans it must be a dict");
    std::vector<std::pair<Value, Value>> pairs;
    for (const auto& e : args[0].as<Dict>()->table.entries())
      if (!e.key.is_null()) pairs.emplace_back(e.key, e.value);
    for (auto& [k, val] : pairs) {
      Value key = k;
      if (k.is_kind(ObjKind::Str)) {
        if (k.as<Str>()->length() != 1)
          return vm.raise(vm.exc.ValueError.get(), "string keys in translate table must be of length 1");
        size_t i = 0;
        key = Value::integer(utf8::decode(k.as<Str>()->view(), i));
      } else if (!k.is_intlike()) {
        return vm.raise(vm.exc.TypeError.get(), "keys in translate table must be strings or integers");
      }
      if (!dict_set(vm, d.get(), key, val)) return {};
    }
    return Value(std::move(d));
  }
  if (!args[0].is_kind(ObjKind::Str) || !args[1].is_kind(ObjKind::Str))
    return vm.raise(vm.exc.TypeError.get(), "maketrans() arguments must be str");
  std::vector<uint32_t> x = code_points(args[0].as<Str>()->view());
  std::vector<uint32_t> y = code_points(args[1].as<Str>()->view());
  if (x.size() != y.size())
    return vm.raise(vm.exc.ValueError.get(), "the first two maketrans arguments must have equal length");
  for (size_t i = 0; i < x.size(); ++i)
    if (!dict_set(vm, d.get(), Value::integer(x[i]), Value::integer(y[i]))) return {};
  if (args.n == 3) {
    if (!args[2].is_kind(ObjKind::Str)) return vm.raise(vm.exc.TypeError.get(), "maketrans() arguments must be str");
    for (uint32_t c : code_points(args[2].as<Str>()->view()))
      if (!dict_set(vm, d.get(), Value::integer(c), Value::none())) return {};
  }
  return Value(std::move(d));
}

// s.__getitem__ / __len__ / __contains__ as bound methods; the operations
// dispatch on the kind first, so these do not recurse.
Value str_dunder_getitem(Vm& vm, Args& args) {
  if (!self_str(vm, args, "__getitem__") || !expect_count(vm, args, "__getitem__", 1, 1)) return {};
  return getitem(vm, args[0], args[1]);
}

Value str_dunder_len(Vm& vm, Args& args) {
  Str* s = self_str(vm, args, "__len__");
  if (!s || !expect_count(vm, args, "__len__", 0, 0)) return {};
  return Value::integer(s->length());
}

Value str_dunder_contains(Vm& vm, Args& args) {
  if (!self_str(vm, args, "__contains__") || !expect_count(vm, args, "__contains__", 1, 1)) return {};
  int r = contains(vm, args[0], args[1]);
  if (r < 0) return {};
  return Value::boolean(r);
}

}  // namespace

void install_str_methods(Vm& vm) {
  struct Entry {
    const char* name;
    NativeFn fn;
  };
  static const Entry kMethods[] = {
      {"find", str_find},
      {"rfind", str_rfind},
      {"index", str_index},
      {"rindex", str_rindex},
      {"count", str_count},
      {"startswith", str_startswith},
      {"endswith", str_endswith},
      {"split", str_split},
      {"rsplit", str_rsplit},
      {"splitlines", str_splitlines},
      {"join", str_join},
      {"partition", str_partition},
      {"rpartition", str_rpartition},
      {"strip", str_strip},
      {"lstrip", str_lstrip},
      {"rstrip", str_rstrip},
      {"replace", str_replace},
      {"removeprefix", str_removeprefix},
      {"removesuffix", str_removesuffix},
      {"upper", str_upper},
      {"lower", str_lower},
      {"swapcase", str_swapcase},
      {"title", str_title},
      {"capitalize", str_capitalize},
      {"casefold", str_casefold},
      {"isdigit", str_isdigit},
      {"isdecimal", str_isdecimal},
      {"isnumeric", str_isnumeric},
      {"isalpha", str_isalpha},
      {"isalnum", str_isalnum},
      {"isspace", str_isspace},
      {"isascii", str_isascii},
      {"isprintable", str_isprintable},
      {"isupper", str_isupper},
      {"islower", str_islower},
      {"istitle", str_istitle},
      {"isidentifier", str_isidentifier},
      {"center", str_center},
      {"ljust", str_ljust},
      {"rjust", str_rjust},
      {"zfill", str_zfill},
      {"expandtabs", str_expandtabs},
      {"format", str_format_method},
      {"format_map", str_format_map},
      {"translate", str_translate},
      {"__getitem__", str_dunder_getitem},
      {"__len__", str_dunder_len},
      {"__contains__", str_dunder_contains},
  };
  Class* cls = vm.cls.str.get();
  for (const Entry& e : kMethods) vm.def_method(cls, e.name, e.fn);
  // maketrans is a static method: str.maketrans(...) and s.maketrans(...).
  Ref<NativeFunction> mt = vm.native("maketrans", str_maketrans);
  mt->owner = cls;
  dict_set_str(cls->dict.get(), vm.intern("maketrans"), Value(make<Descriptor>(ObjKind::StaticMethod, Value(mt))));
}

}  // namespace spindle
