// `fmt % args` and str.format, following CPython's parsers
// (Objects/unicodeobject.c's PyUnicode_Format and
// Objects/stringlib/unicode_format.h) closely enough to give the same
// results and the same error messages. The numbers themselves are formatted
// by numfmt; values of other types go through format_value (__format__).
#include "core/strfmt.hpp"

#include <cmath>
#include <new>
#include <stdexcept>
#include <string>

#include "core/numfmt.hpp"
#include "core/ops.hpp"
#include "core/utf8.hpp"

namespace spindle {

namespace {

Value raise_numfmt(Vm& vm, const std::string& error, numfmt::ErrorKind kind) {
  switch (kind) {
    case numfmt::ErrorKind::OverflowError: return vm.raise(vm.exc.OverflowError.get(), error);
    case numfmt::ErrorKind::TypeError: return vm.raise(vm.exc.TypeError.get(), error);
    case numfmt::ErrorKind::MemoryError: return vm.raise(vm.exc.MemoryError.get(), error);
    default: return vm.raise(vm.exc.ValueError.get(), error);
  }
}

// Pads `text` (code points counted) to `width`; '-' in flags left-aligns.
void pad_into(std::string& out, std::string_view text, int width, bool left) {
  int64_t len = utf8::length(text);
  int64_t pad = width > len ? width - len : 0;
  if (!left) out.append(static_cast<size_t>(pad), ' ');
  out += text;
  if (left) out.append(static_cast<size_t>(pad), ' ');
}

// The printf-style state: CPython's (args, arglen, argidx, dict).
struct PercentState {
  Value args;
  int64_t arglen;
  int64_t argidx;
  Value dict;  // a mapping for %(name)s, or Null

  const Value* next(Vm& vm, Value* slot) {
    if (argidx < arglen) {
      ++argidx;
      if (arglen < 0) {
        *slot = args;
        return slot;
      }
      *slot = args.as<Tuple>()->items[static_cast<size_t>(argidx - 1)];
      return slot;
    }
    vm.raise(vm.exc.TypeError.get(), "not enough arguments for format string");
    return nullptr;
  }
};

bool is_mapping(Vm& vm, const Value& v) {
  if (v.is_kind(ObjKind::Tuple) || v.is_kind(ObjKind::Str)) return false;
  if (v.is_kind(ObjKind::Dict) || v.is_kind(ObjKind::List)) return true;
  if (v.is_kind(ObjKind::Instance)) {
    bool has = !class_lookup(vm, v, vm.names.__getitem__).is_null();
    if (vm.has_error()) vm.take_error();
    return has;
  }
  return false;
}

// The int a %d/%x conversion formats, or Null with the CPython error.
Value percent_int_value(Vm& vm, const Value& v, char conv) {
  if (v.is_intlike()) return Value::integer(v.as_int());
  bool index_only = conv == 'o' || conv == 'x' || conv == 'X';
  if (v.is_float()) {
    if (index_only)
      return vm.raisef(vm.exc.TypeError.get(), "%{} format: an integer is required, not float", conv);
    double d = std::trunc(v.as_float());
    if (std::isnan(d)) return vm.raise(vm.exc.ValueError.get(), "cannot convert float NaN to integer");
    if (std::isinf(d)) return vm.raise(vm.exc.OverflowError.get(), "cannot convert float infinity to integer");
    if (d >= 9223372036854775808.0 || d < -9223372036854775808.0)
      return vm.raise(vm.exc.OverflowError.get(), "int too large (Spindle ints are 64-bit)");
    return Value::integer(static_cast<int64_t>(d));
  }
  if (v.is_obj()) {
    Str* names[2] = {vm.names.__index__, vm.names.__int__};
    for (int i = 0; i < (index_only ? 1 : 2); ++i) {
      Value m = class_lookup(vm, v, names[i]);
      if (m.is_null()) {
        if (vm.has_error()) return {};
        continue;
      }
      Value r = vm.call(make_bound(vm, m, v), std::vector<Value>{});
      if (r.is_null()) return {};
      if (!r.is_intlike())
        return vm.raisef(vm.exc.TypeError.get(), "{} returned non-int (type {})", names[i]->view(),
                         vm.type_name(r));
      return Value::integer(r.as_int());
    }
  }
  if (index_only)
    return vm.raisef(vm.exc.TypeError.get(), "%{} format: an integer is required, not {}", conv, vm.type_name(v));
  return vm.raisef(vm.exc.TypeError.get(), "%{} format: a real number is required, not {}", conv, vm.type_name(v));
}


// Reads a '*' width/precision argument.
bool star_arg(Vm& vm, PercentState& st, int* out) {
  Value slot;
  const Value* v = st.next(vm, &slot);
  if (!v) return false;
  if (!v->is_intlike()) {
    vm.raise(vm.exc.TypeError.get(), "* wants int");
    return false;
  }
  int64_t i = v->as_int();
  if (i > INT32_MAX || i < -INT32_MAX) {
    vm.raise(vm.exc.ValueError.get(), "width too big");
    return false;
  }
  *out = static_cast<int>(i);
  return true;
}

Value unsupported_char(Vm& vm, std::string_view form, size_t pos) {
  size_t j = pos;
  uint32_t c = utf8::decode(form, j);
  char shown = (c >= 31 && c <= 126) ? static_cast<char>(c) : '?';
  return vm.raisef(vm.exc.ValueError.get(), "unsupported format character '{}' (0x{:x}) at index {}", shown, c,
                   utf8::length(form.substr(0, pos)));
}

}  // namespace

namespace {

Value percent_format(Vm& vm, Str* fmt_str, const Value& args) {
  Value hold_fmt = Value::object(fmt_str);  // user code may drop the caller's reference
  std::string_view form = fmt_str->view();
  PercentState st;
  st.args = args;
  if (args.is_kind(ObjKind::Tuple)) {
    st.arglen = static_cast<int64_t>(args.as<Tuple>()->items.size());
    st.argidx = 0;
  } else {
    st.arglen = -1;
    st.argidx = -2;
  }
  if (is_mapping(vm, args)) st.dict = args;

  std::string out;
  size_t i = 0;
  const size_t n = form.size();
  while (i < n) {
    size_t pct = form.find('%', i);
    if (pct == std::string_view::npos) {
      out += form.substr(i);
      break;
    }
    out += form.substr(i, pct - i);
    i = pct + 1;
    if (i >= n) return vm.raise(vm.exc.ValueError.get(), "incomplete format");
    if (form[i] == '%') {
      out += '%';
      ++i;
      continue;
    }
    // %(key): the value comes from the mapping; the key may hold nested
    // parentheses.
    if (form[i] == '(') {
      if (st.dict.is_null()) return vm.raise(vm.exc.TypeError.get(), "format requires a mapping");
      size_t start = ++i;
      int depth = 1;
      while (i < n) {
        if (form[i] == ')') {
          if (--depth == 0) break;
        } else if (form[i] == '(') {
          ++depth;
        }
        ++i;
      }
      if (i >= n) return vm.raise(vm.exc.ValueError.get(), "incomplete format key");
      Value key = Value(vm.str(std::string(form.substr(start, i - start))));
      ++i;
      Value v = getitem(vm, st.dict, key);
      if (v.is_null()) return {};
      st.args = std::move(v);
      st.arglen = -1;
      st.argidx = -2;
    }
    std::string flags;
    while (i < n && (form[i] == '-' || form[i] == '+' || form[i] == ' ' || form[i] == '#' || form[i] == '0')) {
      if (flags.find(form[i]) == std::string::npos) flags += form[i];
      ++i;
    }
    int width = -1, prec = -1;
    if (i < n && form[i] == '*') {
      if (!star_arg(vm, st, &width)) return {};
      if (width < 0) {
        if (flags.find('-') == std::string::npos) flags += '-';
        width = -width;
      }
      ++i;
    } else {
      while (i < n && form[i] >= '0' && form[i] <= '9') {
        int64_t w = (width < 0 ? 0 : width) * int64_t{10} + (form[i] - '0');
        if (w > INT32_MAX) return vm.raise(vm.exc.ValueError.get(), "width too big");
        width = static_cast<int>(w);
        ++i;
      }
    }
    if (i < n && form[i] == '.') {
      ++i;
      prec = 0;
      if (i < n && form[i] == '*') {
        if (!star_arg(vm, st, &prec)) return {};
        if (prec < 0) prec = 0;
        ++i;
      } else {
        while (i < n && form[i] >= '0' && form[i] <= '9') {
          int64_t p = prec * int64_t{10} + (form[i] - '0');
          if (p > INT32_MAX) return vm.raise(vm.exc.ValueError.get(), "precision too big");
          prec = static_cast<int>(p);
          ++i;
        }
      }
    }
    // Length modifiers are accepted and ignored, as in CPython.
    while (i < n && (form[i] == 'h' || form[i] == 'l' || form[i] == 'L')) ++i;
    if (i >= n) return vm.raise(vm.exc.ValueError.get(), "incomplete format");
    size_t conv_pos = i;
    char conv = form[i];
    i += utf8::seq_len(static_cast<unsigned char>(conv));

    Value slot;
    const Value* arg = st.next(vm, &slot);
    if (!arg) return {};
    Value v = *arg;
    bool left = flags.find('-') != std::string::npos;
    std::string error;
    numfmt::ErrorKind kind = numfmt::ErrorKind::None;
    switch (conv) {
      case 's':
      case 'r':
      case 'a': {
        Value text = conv == 's' ? to_str(vm, v) : repr(vm, v);
        if (text.is_null()) return {};
        std::string s = text.as<Str>()->str();
        if (conv == 'a') {
          std::string escaped;
          for (size_t k = 0; k < s.size();) {
            uint32_t c = utf8::decode(s, k);
            if (c < 0x80)
              escaped += static_cast<char>(c);
            else if (c < 0x100)
              escaped += fmt::format("\\x{:02x}", c);
            else if (c < 0x10000)
              escaped += fmt::format("\\u{:04x}", c);
            else
              escaped += fmt::format("\\U{:08x}", c);
          }
          s = std::move(escaped);
        }
        if (prec >= 0) s.resize(utf8::offset(s, prec));
        pad_into(out, s, width, left);
        break;
      }
      case 'c': {
        std::string ch;
        if (v.is_intlike()) {
          int64_t c = v.as_int();
          if (c < 0 || c >= 0x110000) return vm.raise(vm.exc.OverflowError.get(), "%c arg not in range(0x110000)");
          utf8::encode(static_cast<uint32_t>(c), ch);
        } else if (v.is_kind(ObjKind::Str) && v.as<Str>()->length() == 1) {
          ch = v.as<Str>()->str();
        } else {
          return vm.raise(vm.exc.TypeError.get(), "%c requires int or char");
        }
        pad_into(out, ch, width, left);
        break;
      }
      case 'd':
      case 'i':
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        Value iv = percent_int_value(vm, v, conv);
        if (iv.is_null()) return {};
        std::string piece;
        if (!numfmt::percent_int(iv.as_int(), flags, width, prec, conv == 'i' || conv == 'u' ? 'd' : conv, piece,
                                 error, &kind))
          return raise_numfmt(vm, error, kind);
        out += piece;
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        double d;
        if (!to_real(vm, v, &d)) return {};
        std::string piece;
        if (!numfmt::percent_float(d, flags, width, prec, conv, piece, error, &kind))
          return raise_numfmt(vm, error, kind);
        out += piece;
        break;
      }
      default:
        return unsupported_char(vm, form, conv_pos);
    }
  }
  if (st.argidx < st.arglen && st.dict.is_null())
    return vm.raise(vm.exc.TypeError.get(), "not all arguments converted during string formatting");
  return Value(vm.str(std::move(out)));
}

// Widths come from the program ("%*s" % (2**30, x)): allocation failure
// becomes MemoryError instead of a C++ exception escaping.
template <typename F>
Value alloc_guard(Vm& vm, F&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return vm.raise(vm.exc.MemoryError.get(), "");
  } catch (const std::length_error&) {
    return vm.raise(vm.exc.MemoryError.get(), "");
  }
}

}  // namespace

Value str_percent_format(Vm& vm, Str* fmt_str, const Value& args) {
  return alloc_guard(vm, [&] { return percent_format(vm, fmt_str, args); });
}

// ---- str.format ------------------------------------------------------------------

namespace {

struct FormatContext {
  Args* args = nullptr;  // positional and keyword arguments (format)
  Value mapping;         // format_map's mapping
  enum class Numbering { Init, Auto, Manual } numbering = Numbering::Init;
  int64_t next_auto = 0;
};

// All-digit text as an index; -1 if not all digits (or empty); -2 with
// ValueError pending on overflow.
int64_t field_integer(Vm& vm, std::string_view s) {
  if (s.empty()) return -1;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    if (v > (INT64_MAX - 9) / 10) {
      vm.raise(vm.exc.ValueError.get(), "Too many decimal digits in format string");
      return -2;
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

// Looks up the first part of a field name: an argument index or a keyword.
Value field_first(Vm& vm, FormatContext& ctx, std::string_view first) {
  int64_t idx = field_integer(vm, first);
  if (idx == -2) return {};
  bool empty = first.empty();
  bool numeric = empty || idx != -1;
  if (numeric) {
    if (ctx.numbering == FormatContext::Numbering::Init)
      ctx.numbering = empty ? FormatContext::Numbering::Auto : FormatContext::Numbering::Manual;
    if (ctx.numbering == FormatContext::Numbering::Manual && empty)
      return vm.raise(vm.exc.ValueError.get(),
                      "cannot switch from manual field specification to automatic field numbering");
    if (ctx.numbering == FormatContext::Numbering::Auto && !empty)
      return vm.raise(vm.exc.ValueError.get(),
                      "cannot switch from automatic field numbering to manual field specification");
    if (empty) idx = ctx.next_auto++;
  }
  if (!ctx.mapping.is_null()) {
    if (numeric) return vm.raise(vm.exc.ValueError.get(), "Format string contains positional fields");
    return getitem(vm, ctx.mapping, Value(vm.str(std::string(first))));
  }
  Args& a = *ctx.args;
  if (numeric) {
    if (idx >= a.n)
      return vm.raisef(vm.exc.IndexError.get(), "Replacement index {} out of range for positional args tuple", idx);
    return a[static_cast<int>(idx)];
  }
  for (int k = 0; k < a.nkw(); ++k)
    if (a.kwnames->items[k].as<Str>()->view() == first) return a.kwv()[k];
  return vm.raise_with_args(vm.exc.KeyError.get(), {Value(vm.str(std::string(first)))});
}

// Resolves a whole field name: first part, then .attr and [key] parts.
Value resolve_field(Vm& vm, FormatContext& ctx, std::string_view name) {
  size_t i = 0;
  while (i < name.size() && name[i] != '.' && name[i] != '[') ++i;
  Value obj = field_first(vm, ctx, name.substr(0, i));
  if (obj.is_null()) return {};
  while (i < name.size()) {
    char c = name[i++];
    if (c == '.') {
      size_t start = i;
      while (i < name.size() && name[i] != '.' && name[i] != '[') ++i;
      if (i == start) return vm.raise(vm.exc.ValueError.get(), "Empty attribute in format string");
      obj = getattr(vm, obj, vm.intern(name.substr(start, i - start)));
    } else if (c == '[') {
      size_t start = i;
      while (i < name.size() && name[i] != ']') ++i;
      if (i >= name.size()) return vm.raise(vm.exc.ValueError.get(), "Missing ']' in format string");
      std::string_view key = name.substr(start, i - start);
      ++i;
      if (key.empty()) return vm.raise(vm.exc.ValueError.get(), "Empty attribute in format string");
      if (i < name.size() && name[i] != '.' && name[i] != '[')
        return vm.raise(vm.exc.ValueError.get(), "Only '.' or '[' may follow ']' in format field specifier");
      int64_t idx = field_integer(vm, key);
      if (idx == -2) return {};
      obj = getitem(vm, obj, idx >= 0 ? Value::integer(idx) : Value(vm.str(std::string(key))));
    } else {
      return vm.raise(vm.exc.ValueError.get(), "Only '.' or '[' may follow ']' in format field specifier");
    }
    if (obj.is_null()) return {};
  }
  return obj;
}

bool build_string(Vm& vm, FormatContext& ctx, std::string_view fmt, int depth, std::string& out);

// Formats one replacement field; `pos` is just past its '{'.
bool render_field(Vm& vm, FormatContext& ctx, std::string_view s, size_t& pos, int depth, std::string& out) {
  size_t name_start = pos;
  char c = 0;
  while (pos < s.size()) {
    c = s[pos++];
    if (c == '{') {
      vm.raise(vm.exc.ValueError.get(), "unexpected '{' in field name");
      return false;
    }
    if (c == '[') {
      while (pos < s.size() && s[pos] != ']') ++pos;
      continue;
    }
    if (c == '}' || c == ':' || c == '!') break;
  }
  std::string_view name;
  char conversion = 0;
  std::string_view spec;
  bool spec_nested = false;
  if (c == '!' || c == ':') {
    name = s.substr(name_start, pos - 1 - name_start);
    bool have_spec = true;
    if (c == '!') {
      if (pos >= s.size()) {
        vm.raise(vm.exc.ValueError.get(), "end of string while looking for conversion specifier");
        return false;
      }
      conversion = s[pos++];
      if (pos < s.size()) {
        char d = s[pos++];
        if (d == '}') {
          have_spec = false;
        } else if (d != ':') {
          vm.raise(vm.exc.ValueError.get(), "expected ':' after conversion specifier");
          return false;
        }
      }
    }
    if (have_spec) {
      size_t spec_start = pos;
      int count = 1;
      bool closed = false;
      while (pos < s.size()) {
        char d = s[pos++];
        if (d == '{') {
          spec_nested = true;
          ++count;
        } else if (d == '}') {
          if (--count == 0) {
            spec = s.substr(spec_start, pos - 1 - spec_start);
            closed = true;
            break;
          }
        }
      }
      if (!closed) {
        vm.raise(vm.exc.ValueError.get(), "unmatched '{' in format spec");
        return false;
      }
    }
  } else if (c != '}') {
    vm.raise(vm.exc.ValueError.get(), "expected '}' before end of string");
    return false;
  } else {
    name = s.substr(name_start, pos - 1 - name_start);
  }

  Value obj = resolve_field(vm, ctx, name);
  if (obj.is_null()) return false;
  if (conversion) {
    switch (conversion) {
      case 'r':
      case 'a': {
        obj = repr(vm, obj);
        if (obj.is_null()) return false;
        if (conversion == 'a' && !obj.as<Str>()->is_ascii()) {
          std::string escaped;
          std::string_view r = obj.as<Str>()->view();
          for (size_t k = 0; k < r.size();) {
            uint32_t cp = utf8::decode(r, k);
            if (cp < 0x80)
              escaped += static_cast<char>(cp);
            else if (cp < 0x100)
              escaped += fmt::format("\\x{:02x}", cp);
            else if (cp < 0x10000)
              escaped += fmt::format("\\u{:04x}", cp);
            else
              escaped += fmt::format("\\U{:08x}", cp);
          }
          obj = Value(vm.str(std::move(escaped)));
        }
        break;
      }
      case 's':
        obj = to_str(vm, obj);
        if (obj.is_null()) return false;
        break;
      default:
        if (static_cast<unsigned char>(conversion) > 32 && static_cast<unsigned char>(conversion) < 127)
          vm.raisef(vm.exc.ValueError.get(), "Unknown conversion specifier {}", conversion);
        else
          vm.raisef(vm.exc.ValueError.get(), "Unknown conversion specifier \\x{:x}",
                    static_cast<unsigned>(static_cast<unsigned char>(conversion)));
        return false;
    }
  }
  std::string expanded;
  if (spec_nested) {
    if (!build_string(vm, ctx, spec, depth - 1, expanded)) return false;
    spec = expanded;
  }
  Value text = format_value(vm, obj, spec);
  if (text.is_null()) return false;
  out += text.as<Str>()->view();
  return true;
}

bool build_string(Vm& vm, FormatContext& ctx, std::string_view s, int depth, std::string& out) {
  if (depth <= 0) {
    vm.raise(vm.exc.ValueError.get(), "Max string recursion exceeded");
    return false;
  }
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    char c = 0;
    while (pos < s.size()) {
      c = s[pos++];
      if (c == '{' || c == '}') break;
      c = 0;
    }
    bool at_end = pos >= s.size();
    size_t len = pos - start;
    bool markup = c != 0;
    if (c == '}' && (at_end || s[pos] != '}')) {
      vm.raise(vm.exc.ValueError.get(), "Single '}' encountered in format string");
      return false;
    }
    if (at_end && c == '{') {
      vm.raise(vm.exc.ValueError.get(), "Single '{' encountered in format string");
      return false;
    }
    if (markup && !at_end) {
      if (s[pos] == c) {
        // An escaped {{ or }}: keep one, no field follows.
        ++pos;
        markup = false;
      } else {
        --len;
      }
    }
    out += s.substr(start, len);
    if (markup && !render_field(vm, ctx, s, pos, depth, out)) return false;
  }
  return true;
}

}  // namespace

Value str_format(Vm& vm, std::string_view fmt, Args& args) {
  return alloc_guard(vm, [&]() -> Value {
    FormatContext ctx;
    ctx.args = &args;
    std::string out;
    if (!build_string(vm, ctx, fmt, 2, out)) return {};
    return Value(vm.str(std::move(out)));
  });
}

Value str_format_map(Vm& vm, std::string_view fmt, const Value& mapping) {
  return alloc_guard(vm, [&]() -> Value {
    FormatContext ctx;
    Args none{};
    ctx.args = &none;
    ctx.mapping = mapping;
    std::string out;
    if (!build_string(vm, ctx, fmt, 2, out)) return {};
    return Value(vm.str(std::move(out)));
  });
}

}  // namespace spindle
