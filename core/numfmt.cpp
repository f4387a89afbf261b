// CPython 3.11 compatible number formatting and parsing. See numfmt.hpp.
//
// Float digit generation relies on std::to_chars, which (unlike printf) is
// locale independent and exact: the shortest form gives repr's digits, and the
// precision forms round the exact binary value half-to-even, which is what
// CPython's dtoa does (format(2.5, '.0f') == '2', format(0.125, '.2f') ==
// '0.12'). The digits are then laid out following the rules of CPython's
// format_float_short, so the exponent switch, '#' handling and the ".0" of
// repr all match.

#include "core/numfmt.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cmath>
#include <limits>
#include <new>
#include <system_error>

namespace spindle::numfmt {
namespace {

// ---------------------------------------------------------------------------
// UTF-8 helpers (internal: widths and precisions count code points).

constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point starting at s[i] and advances i. Malformed input is
// consumed one byte at a time as U+FFFD so that counting never stalls.
// Surrogate code points are let through: Spindle may carry lone surrogates in
// str the way CPython does.
char32_t decode_utf8(std::string_view s, size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  size_t len = 0;
  char32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    ++i;
    return kReplacementChar;
  }
  if (i + len > s.size()) {
    ++i;
    return kReplacementChar;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return kReplacementChar;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[len] || cp > 0x10FFFF) {  // overlong or too big
    ++i;
    return kReplacementChar;
  }
  i += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) { utf8::encode(static_cast<uint32_t>(cp), out); }

int64_t count_code_points(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) decode_utf8(s, i);
  return n;
}

// Byte offset of code point number `index` (or s.size() if there are fewer).
size_t code_point_offset(std::string_view s, int64_t index) {
  size_t i = 0;
  for (int64_t n = 0; n < index && i < s.size(); ++n) decode_utf8(s, i);
  return i;
}

void append_fill(std::string& out, char32_t fill, int64_t count) {
  if (count <= 0) return;
  if (fill < 0x80) {
    out.append(static_cast<size_t>(count), static_cast<char>(fill));
    return;
  }
  std::string one;
  append_utf8(one, fill);
  out.reserve(out.size() + one.size() * static_cast<size_t>(count));
  for (int64_t k = 0; k < count; ++k) out += one;
}

// ---------------------------------------------------------------------------
// Unicode character classes that int() and float() care about: CPython first
// maps non-ASCII whitespace to ' ' and non-ASCII decimal digits (category Nd)
// to ASCII digits. Tables are for Unicode 14.0, the version of Python 3.11.

// Code points whose Python str.isspace() is true, above ASCII.
constexpr std::array<char32_t, 19> kUnicodeSpaces = {
    0x85,   0xA0,   0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
    0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
    0x2028, 0x2029, 0x202F, 0x205F, 0x3000};

// The zero of every run of ten decimal digits; each run is contiguous 0..9.
constexpr std::array<char32_t, 66> kDecimalZeros = {
    0x30,    0x660,   0x6F0,   0x7C0,   0x966,   0x9E6,   0xA66,   0xAE6,
    0xB66,   0xBE6,   0xC66,   0xCE6,   0xD66,   0xDE6,   0xE50,   0xED0,
    0xF20,   0x1040,  0x1090,  0x17E0,  0x1810,  0x1946,  0x19D0,  0x1A80,
    0x1A90,  0x1B50,  0x1BB0,  0x1C40,  0x1C50,  0xA620,  0xA8D0,  0xA900,
    0xA9D0,  0xA9F0,  0xAA50,  0xABF0,  0xFF10,  0x104A0, 0x10D30, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0,
    0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0,
    0x1E950, 0x1FBF0};

bool is_unicode_space(char32_t cp) {
  return std::find(kUnicodeSpaces.begin(), kUnicodeSpaces.end(), cp) !=
         kUnicodeSpaces.end();
}

// Decimal value of a (possibly non-ASCII) digit, or -1.
int decimal_value(char32_t cp) {
  auto it = std::upper_bound(kDecimalZeros.begin(), kDecimalZeros.end(), cp);
  if (it == kDecimalZeros.begin()) return -1;
  const char32_t zero = *(it - 1);
  return cp - zero < 10 ? static_cast<int>(cp - zero) : -1;
}

// CPython's _PyUnicode_TransformDecimalAndSpaceToASCII: any other non-ASCII
// character becomes '?', which no numeric syntax accepts.
std::string transform_to_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const char32_t cp = decode_utf8(s, i);
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (is_unicode_space(cp)) {
      out += ' ';
    } else if (int d = decimal_value(cp); d >= 0) {
      out += static_cast<char>('0' + d);
    } else {
      out += '?';
    }
  }
  return out;
}

// Py_ISSPACE: only these ASCII characters (not \x1c-\x1f, which str.isspace()
// accepts but int()/float() do not strip).
bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

// ---------------------------------------------------------------------------
// Error reporting.

struct Failure {
  std::string& message;
  ErrorKind* kind;

  bool operator()(ErrorKind k, std::string msg) const {
    message = std::move(msg);
    if (kind) *kind = k;
    return false;
  }
  bool value_error(std::string msg) const {
    return (*this)(ErrorKind::ValueError, std::move(msg));
  }
};

std::string hex_lower(uint32_t v) {
  char buf[16];
  auto r = std::to_chars(buf, buf + sizeof buf, v, 16);
  return std::string(buf, r.ptr);
}

// CPython prints a presentation type with %c only when it is a printable
// ASCII character; everything else (space included) as \x<hex>.
std::string describe_type_char(char32_t t) {
  if (t > 32 && t < 128) return std::string(1, static_cast<char>(t));
  return "\\x" + hex_lower(static_cast<uint32_t>(t));
}

std::string unknown_code_message(char32_t type, std::string_view type_name) {
  return "Unknown format code '" + describe_type_char(type) +
         "' for object of type '" + std::string(type_name) + "'";
}

// ---------------------------------------------------------------------------
// Decimal digits of a double.

// A finite non-negative value as 0.DIGITS * 10**decpt, the way dtoa reports
// it: no leading or trailing zeros in `digits`, except zero which is "0" with
// decpt 1.
struct Decimal {
  std::string digits;
  int decpt = 1;
};

enum class DigitMode {
  Shortest,     // repr: shortest string that round-trips (dtoa mode 0)
  Significant,  // `ndigits` significant digits (dtoa mode 2)
  Fixed,        // `ndigits` digits after the point (dtoa mode 3)
};

// A double's exact decimal expansion has at most 767 significant digits and
// 1074 fractional digits; asking to_chars for more only adds zeros, so these
// caps keep huge precisions ('.2147483647g') from allocating gigabytes while
// leaving the result unchanged.
constexpr int kMaxSignificant = 800;
constexpr int kMaxFractional = 1100;

int parse_exponent(const char* p, const char* end) {
  if (p < end && *p == '+') ++p;
  int e = 0;
  std::from_chars(p, end, e);
  return e;
}

Decimal decimal_digits(double a, DigitMode mode, int ndigits) {
  std::string buf;
  std::to_chars_result r{};
  switch (mode) {
    case DigitMode::Shortest:
      buf.resize(64);
      r = std::to_chars(buf.data(), buf.data() + buf.size(), a,
                        std::chars_format::scientific);
      break;
    case DigitMode::Significant: {
      const int n = std::clamp(ndigits, 1, kMaxSignificant);
      buf.resize(static_cast<size_t>(n) + 32);
      r = std::to_chars(buf.data(), buf.data() + buf.size(), a,
                        std::chars_format::scientific, n - 1);
      break;
    }
    case DigitMode::Fixed: {
      const int p = std::clamp(ndigits, 0, kMaxFractional);
      buf.resize(static_cast<size_t>(p) + 400);  // 309 integer digits at most
      r = std::to_chars(buf.data(), buf.data() + buf.size(), a,
                        std::chars_format::fixed, p);
      break;
    }
  }
  const char* p = buf.data();
  const char* end = r.ptr;

  Decimal d;
  int point = -1;  // number of digits before the '.', once seen
  for (; p < end && *p != 'e'; ++p) {
    if (*p == '.') {
      point = static_cast<int>(d.digits.size());
    } else {
      d.digits += *p;
    }
  }
  if (point < 0) point = static_cast<int>(d.digits.size());
  if (mode == DigitMode::Fixed) {
    d.decpt = point;
  } else {
    // Scientific form: one digit before the point, exponent after 'e'.
    d.decpt = (p < end ? parse_exponent(p + 1, end) : 0) + 1;
  }

  size_t lead = 0;
  while (lead < d.digits.size() && d.digits[lead] == '0') ++lead;
  if (lead == d.digits.size()) return Decimal{"0", 1};
  d.digits.erase(0, lead);
  d.decpt -= static_cast<int>(lead);
  while (d.digits.back() == '0') d.digits.pop_back();
  return d;
}

// A float rendered as text without its sign.
struct FloatText {
  bool negative = false;
  std::string body;  // "1.5e+00", "0.001", "inf", ...
};

// CPython's format_float_short: `type` is one of e f g r (already lowered);
// `upper` selects E/INF/NAN. add_dot_0 gives repr's trailing ".0" and also
// moves the 'g' exponent threshold down by one (the format(x, '.3') rule).
FloatText render_float(double v, char type, int precision, bool upper,
                       bool alt, bool add_dot_0, bool no_neg_zero) {
  FloatText out;
  if (std::isnan(v)) {
    out.body = upper ? "NAN" : "nan";  // CPython never shows a NaN's sign
    return out;
  }
  out.negative = std::signbit(v);
  if (std::isinf(v)) {
    out.body = upper ? "INF" : "inf";
    return out;
  }
  const double a = std::fabs(v);

  Decimal d;
  bool use_exp = false;
  // Index (counted from the first digit) that digits, padded with zeros,
  // must reach; int64 because precision + 1 may overflow int.
  int64_t vdigits_end = 0;
  switch (type) {
    case 'e':
      d = decimal_digits(a, DigitMode::Significant,
                         std::min(precision, kMaxSignificant) + 1);
      use_exp = true;
      vdigits_end = static_cast<int64_t>(precision) + 1;
      break;
    case 'f':
      d = decimal_digits(a, DigitMode::Fixed, precision);
      vdigits_end = d.decpt + static_cast<int64_t>(precision);
      break;
    case 'g':
      if (precision == 0) precision = 1;
      d = decimal_digits(a, DigitMode::Significant, precision);
      use_exp = d.decpt <= -4 ||
                d.decpt > (add_dot_0 ? precision - 1 : precision);
      vdigits_end = alt ? precision : static_cast<int64_t>(d.digits.size());
      break;
    default:  // 'r'
      d = decimal_digits(a, DigitMode::Shortest, 0);
      use_exp = d.decpt <= -4 || d.decpt > 16;
      vdigits_end = static_cast<int64_t>(d.digits.size());
      break;
  }
  if (no_neg_zero && d.digits == "0") out.negative = false;

  int exponent = 0;
  int64_t decpt = d.decpt;
  if (use_exp) {
    exponent = d.decpt - 1;
    decpt = 1;
  }
  vdigits_end = std::max(vdigits_end,
                         (!use_exp && add_dot_0) ? decpt + 1 : decpt);

  const auto ndig = static_cast<int64_t>(d.digits.size());
  std::string& body = out.body;
  std::string frac;
  if (decpt <= 0) {
    body = "0";
    frac.assign(static_cast<size_t>(-decpt), '0');
    frac += d.digits;
    frac.append(static_cast<size_t>(std::max<int64_t>(0, vdigits_end - ndig)),
                '0');
  } else {
    body.assign(d.digits, 0, static_cast<size_t>(std::min(decpt, ndig)));
    body.append(static_cast<size_t>(std::max<int64_t>(0, decpt - ndig)), '0');
    if (ndig > decpt) frac.assign(d.digits, static_cast<size_t>(decpt));
    frac.append(static_cast<size_t>(std::max<int64_t>(
                    0, vdigits_end - std::max(ndig, decpt))),
                '0');
  }
  if (!frac.empty() || alt) {
    body += '.';
    body += frac;
  }
  if (use_exp) {
    body += upper ? 'E' : 'e';
    body += exponent < 0 ? '-' : '+';
    const int mag = exponent < 0 ? -exponent : exponent;
    if (mag < 10) body += '0';  // at least two exponent digits, like C
    body += std::to_string(mag);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Padding, sign and digit grouping shared by int and float (CPython's
// calc_number_widths / fill_number).

struct NumberParts {
  char sign = 0;          // '-', '+', ' ' or 0
  std::string prefix;     // "0x" etc.
  std::string digits;     // integer digits, the part that gets grouped
  std::string remainder;  // ".5e+10", "%", "inf", or the 'c' character
};

// Inserts `sep` every `group` digits from the right. When zero padding with
// '=' alignment, CPython pads *inside* the grouping (format(1234, '010,') ==
// '00,001,234'), so leading zeros are added, in whole or partial groups,
// until at least `min_width` characters are produced; a group is never left
// starting with a separator (format(1, '04,') == '0,001').
std::string group_digits(std::string_view digits, char sep, int64_t group,
                         int64_t min_width) {
  std::string rev;
  int64_t remaining = static_cast<int64_t>(digits.size());
  size_t end = digits.size();
  auto emit = [&](int64_t len) {
    const int64_t chars = std::min(remaining, len);
    for (int64_t k = 0; k < chars; ++k) rev += digits[--end];
    rev.append(static_cast<size_t>(len - chars), '0');
    remaining -= chars;
  };
  if (sep == 0) {
    emit(std::max({remaining, min_width, int64_t{1}}));
  } else {
    for (bool first = true;; first = false) {
      const int64_t len =
          std::min(group, std::max({remaining, min_width, int64_t{1}}));
      if (!first) rev += sep;
      emit(len);
      min_width -= group;
      if (remaining <= 0 && min_width <= 0) break;
      min_width -= 1;  // room taken by the separator the next group brings
    }
  }
  std::reverse(rev.begin(), rev.end());
  return rev;
}

std::string assemble_number(const NumberParts& parts, const FormatSpec& spec,
                            int64_t group) {
  const char align = spec.align ? spec.align : (spec.zero_pad ? '=' : '>');
  const char32_t fill = spec.fill;
  const int64_t width = spec.width;
  const int64_t non_digit = (parts.sign ? 1 : 0) +
                            static_cast<int64_t>(parts.prefix.size()) +
                            count_code_points(parts.remainder);
  const int64_t min_width =
      (fill == '0' && align == '=') ? width - non_digit : 0;
  // No digits only happens for 'c' and inf/nan; CPython skips grouping (and
  // its zero padding) then, and pads with the fill character instead.
  const std::string grouped =
      parts.digits.empty()
          ? std::string()
          : group_digits(parts.digits, spec.grouping, group, min_width);

  int64_t lpad = 0, spad = 0, rpad = 0;
  const int64_t padding =
      width - (non_digit + static_cast<int64_t>(grouped.size()));
  if (padding > 0) {
    switch (align) {
      case '<': rpad = padding; break;
      case '^': lpad = padding / 2; rpad = padding - lpad; break;
      case '=': spad = padding; break;
      default: lpad = padding; break;
    }
  }
  std::string out;
  append_fill(out, fill, lpad);
  if (parts.sign) out += parts.sign;
  out += parts.prefix;
  append_fill(out, fill, spad);
  out += grouped;
  out += parts.remainder;
  append_fill(out, fill, rpad);
  return out;
}

char sign_for(bool negative, char spec_sign) {
  if (negative) return '-';
  if (spec_sign == '+' || spec_sign == ' ') return spec_sign;
  return 0;
}

std::string magnitude_digits(uint64_t m, int base, bool upper) {
  char buf[72];
  auto r = std::to_chars(buf, buf + sizeof buf, m, base);
  std::string s(buf, r.ptr);
  if (upper) {
    for (char& c : s) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return s;
}

uint64_t magnitude(int64_t v) {
  // Unsigned negation is well defined, so INT64_MIN needs no special case.
  return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v)
               : static_cast<uint64_t>(v);
}

// ---------------------------------------------------------------------------
// format() for the three types, once the spec is parsed.

bool format_float_parsed(double v, const FormatSpec& spec, std::string& out,
                         const Failure& fail) {
  if (spec.precision_too_big) return fail.value_error("precision too big");
  char type = spec.type;
  int precision = spec.precision;
  int default_precision = 6;
  bool add_dot_0 = false;
  bool add_pct = false;
  if (type == 0) {
    // No type: repr() without a precision, else 'g' keeping a digit after
    // the point.
    add_dot_0 = true;
    type = 'r';
    default_precision = 0;
  }
  if (type == 'n') type = 'g';  // the C locale is in effect, as in CPython
  if (type == '%') {
    type = 'f';
    v *= 100;  // a rounded double multiply, exactly as CPython does
    add_pct = true;
  }
  if (precision < 0) {
    precision = default_precision;
  } else if (type == 'r') {
    type = 'g';
  }
  const bool upper = type == 'E' || type == 'F' || type == 'G';
  if (upper) type = static_cast<char>(type - 'A' + 'a');
  FloatText text = render_float(v, type, precision, upper, spec.alternate,
                                add_dot_0, spec.no_neg_zero);

  NumberParts parts;
  parts.sign = sign_for(text.negative, spec.sign);
  size_t n_int = 0;
  while (n_int < text.body.size() && text.body[n_int] >= '0' &&
         text.body[n_int] <= '9') {
    ++n_int;
  }
  parts.digits = text.body.substr(0, n_int);
  parts.remainder = text.body.substr(n_int);
  if (add_pct) parts.remainder += '%';
  out = assemble_number(parts, spec, 3);
  return true;
}

bool format_int_parsed(int64_t v, const FormatSpec& spec, std::string& out,
                       const Failure& fail) {
  int base = 10;
  switch (spec.type) {
    case 'b': base = 2; break;
    case 'o': base = 8; break;
    case 'x': case 'X': base = 16; break;
    case 'c': case 'd': case 'n': break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
      // CPython converts to float and uses the float formatter.
      return format_float_parsed(static_cast<double>(v), spec, out, fail);
    default:
      return fail.value_error(unknown_code_message(
          static_cast<unsigned char>(spec.type), "int"));
  }
  if (spec.precision >= 0 || spec.precision_too_big) {
    return fail.value_error(
        "Precision not allowed in integer format specifier");
  }
  if (spec.no_neg_zero) {
    return fail.value_error(
        "Negative zero coercion (z) not allowed in integer format specifier");
  }
  NumberParts parts;
  if (spec.type == 'c') {
    if (spec.sign) {
      return fail.value_error(
          "Sign not allowed with integer format specifier 'c'");
    }
    if (spec.alternate) {
      return fail.value_error(
          "Alternate form (#) not allowed with integer format specifier 'c'");
    }
    if (v < 0 || v > 0x10FFFF) {
      return fail(ErrorKind::OverflowError, "%c arg not in range(0x110000)");
    }
    // The character is not a digit: CPython treats it as "remainder" so it
    // is never grouped or zero-padded internally.
    append_utf8(parts.remainder, static_cast<char32_t>(v));
  } else {
    parts.sign = sign_for(v < 0, spec.sign);
    if (spec.alternate && base != 10) {
      parts.prefix = base == 2 ? "0b" : base == 8 ? "0o" : "0x";
      if (spec.type == 'X') parts.prefix = "0X";
    }
    parts.digits = magnitude_digits(magnitude(v), base, spec.type == 'X');
  }
  // PEP 515: '_' groups hex/octal/binary digits by four.
  const int64_t group = (spec.grouping == '_' && base != 10) ? 4 : 3;
  out = assemble_number(parts, spec, group);
  return true;
}

// Runs `body`, turning allocation failure (absurd widths) into MemoryError
// so that the public functions keep their no-throw promise.
template <typename F>
bool guarded(const Failure& fail, F&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(ErrorKind::MemoryError, "");
  } catch (const std::length_error&) {
    return fail(ErrorKind::MemoryError, "");
  }
}

// ---------------------------------------------------------------------------
// %-formatting.

struct PercentFlags {
  bool ljust = false;  // '-'
  bool sign = false;   // '+'
  bool blank = false;  // ' '
  bool alt = false;    // '#'
  bool zero = false;   // '0'
};

bool parse_percent_flags(std::string_view flags, PercentFlags& f,
                         const Failure& fail) {
  for (char c : flags) {
    switch (c) {
      case '-': f.ljust = true; break;
      case '+': f.sign = true; break;
      case ' ': f.blank = true; break;
      case '#': f.alt = true; break;
      case '0': f.zero = true; break;
      default:
        return fail.value_error(std::string("invalid %-format flag '") + c +
                                "'");
    }
  }
  return true;
}

// Pads a converted value the way CPython's unicode_format_arg_output does:
// with '0' fill the sign and any 0x/0o prefix go before the padding, with
// ' ' fill after it; left justification always pads with spaces. `body` may
// start with '-' and, when `has_prefix`, carries the 2-character prefix right
// after the sign.
std::string percent_pad(std::string_view body, const PercentFlags& f,
                        int width, bool is_number, bool has_prefix) {
  const char fill = (f.zero && is_number) ? '0' : ' ';
  char sign = 0;
  if (is_number) {
    if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
      sign = body[0];
      body.remove_prefix(1);
    } else if (f.sign) {
      sign = '+';
    } else if (f.blank) {
      sign = ' ';
    }
  }
  int64_t len = count_code_points(body);
  int64_t w = std::max<int64_t>(width, len);
  std::string out;
  if (sign) {
    if (fill != ' ') out += sign;
    if (w > len) --w;
  }
  std::string_view prefix;
  if (has_prefix) {
    prefix = body.substr(0, 2);
    body.remove_prefix(2);
    if (fill != ' ') out += prefix;
    w = std::max<int64_t>(w - 2, 0);
    len -= 2;
  }
  if (w > len && !f.ljust) {
    out.append(static_cast<size_t>(w - len), fill);
    w = len;
  }
  if (fill == ' ') {
    if (sign) out += sign;
    out += prefix;
  }
  out += body;
  if (w > len) out.append(static_cast<size_t>(w - len), ' ');
  return out;
}

// The text of an integer conversion before padding: sign, prefix, digits
// zero-extended to `precision` (CPython's _PyUnicode_FormatLong).
std::string percent_int_body(bool negative, std::string digits, int precision,
                             char conversion, bool alt) {
  if (precision > static_cast<int>(digits.size())) {
    digits.insert(0, static_cast<size_t>(precision) - digits.size(), '0');
  }
  std::string body = negative ? "-" : "";
  if (alt && conversion != 'd' && conversion != 'i' && conversion != 'u') {
    body += '0';
    body += conversion == 'o' ? 'o' : conversion;
  }
  return body + digits;
}

bool percent_float_conversion(double v, const PercentFlags& f, int width,
                              int precision, char conversion,
                              std::string& out) {
  const bool upper = conversion == 'E' || conversion == 'F' ||
                     conversion == 'G';
  const char type = upper ? static_cast<char>(conversion - 'A' + 'a')
                          : conversion;
  FloatText text = render_float(v, type, precision < 0 ? 6 : precision, upper,
                                f.alt, false, false);
  if (text.negative) text.body.insert(0, 1, '-');
  out = percent_pad(text.body, f, width, true, false);
  return true;
}

bool percent_char(int64_t v, const PercentFlags& f, int width,
                  std::string& out, const Failure& fail) {
  if (v < 0 || v > 0x10FFFF) {
    return fail(ErrorKind::OverflowError, "%c arg not in range(0x110000)");
  }
  std::string ch;
  append_utf8(ch, static_cast<char32_t>(v));
  out = percent_pad(ch, f, width, false, false);
  return true;
}

std::string unsupported_conversion(char c) {
  return std::string("unsupported format character '") + c + "' (0x" +
         hex_lower(static_cast<unsigned char>(c)) + ")";
}

}  // namespace

// ---------------------------------------------------------------------------
// Public API.

bool parse_format_spec(std::string_view spec, FormatSpec& out,
                       std::string& error, std::string_view type_name,
                       char default_type) {
  out = FormatSpec{};
  out.type = default_type;

  std::u32string cps;
  for (size_t i = 0; i < spec.size();) cps += decode_utf8(spec, i);
  const size_t end = cps.size();
  size_t pos = 0;

  auto is_align = [](char32_t c) {
    return c == '<' || c == '>' || c == '=' || c == '^';
  };
  // Reads a run of decimal digits (CPython accepts any Unicode decimal here).
  // Returns how many were consumed, or -1 if the value overflows ssize_t.
  auto get_integer = [&](int64_t& value) -> int {
    value = 0;
    int consumed = 0;
    for (; pos < end; ++pos, ++consumed) {
      const int d = decimal_value(cps[pos]);
      if (d < 0) break;
      if (value > (INT64_MAX - d) / 10) return -1;
      value = value * 10 + d;
    }
    return consumed;
  };

  bool fill_specified = false;
  if (end - pos >= 2 && is_align(cps[pos + 1])) {
    out.fill = cps[pos];
    out.align = static_cast<char>(cps[pos + 1]);
    fill_specified = true;
    pos += 2;
  } else if (end - pos >= 1 && is_align(cps[pos])) {
    out.align = static_cast<char>(cps[pos]);
    ++pos;
  }
  if (pos < end && (cps[pos] == '+' || cps[pos] == '-' || cps[pos] == ' ')) {
    out.sign = static_cast<char>(cps[pos++]);
  }
  if (pos < end && cps[pos] == 'z') {
    out.no_neg_zero = true;
    ++pos;
  }
  if (pos < end && cps[pos] == '#') {
    out.alternate = true;
    ++pos;
  }
  // The backwards-compatible '0' only counts when no fill was given (then
  // "x<05" is fill 'x' and width 5). Whether it also implies '=' alignment
  // depends on the type's default, so the formatters resolve that.
  if (!fill_specified && pos < end && cps[pos] == '0') {
    out.fill = '0';
    out.zero_pad = true;
    ++pos;
  }
  int64_t number = 0;
  int consumed = get_integer(number);
  if (consumed < 0) {
    error = "Too many decimal digits in format string";
    return false;
  }
  if (consumed > 0) out.width = static_cast<int>(std::min<int64_t>(number, INT_MAX));

  if (pos < end && cps[pos] == ',') {
    out.grouping = ',';
    ++pos;
  }
  if (pos < end && cps[pos] == '_') {
    if (out.grouping) {
      error = "Cannot specify both ',' and '_'.";
      return false;
    }
    out.grouping = '_';
    ++pos;
  }
  if (pos < end && cps[pos] == ',' && out.grouping == '_') {
    error = "Cannot specify both ',' and '_'.";
    return false;
  }

  if (pos < end && cps[pos] == '.') {
    ++pos;
    consumed = get_integer(number);
    if (consumed < 0) {
      error = "Too many decimal digits in format string";
      return false;
    }
    if (consumed == 0) {
      error = "Format specifier missing precision";
      return false;
    }
    out.precision = static_cast<int>(std::min<int64_t>(number, INT_MAX));
    out.precision_too_big = number > INT_MAX;
  }

  if (end - pos > 1) {
    error = "Invalid format specifier '" + std::string(spec) +
            "' for object of type '" + std::string(type_name) + "'";
    return false;
  }
  char32_t type = static_cast<unsigned char>(default_type);
  if (end - pos == 1) type = cps[pos];

  if (out.grouping) {
    bool ok = false;
    switch (type) {
      case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%':
      case 'F': case 0:
        ok = true;
        break;
      case 'b': case 'o': case 'x': case 'X':
        ok = out.grouping == '_';
        break;
      default:
        break;
    }
    if (!ok) {
      error = std::string("Cannot specify '") + out.grouping + "' with '" +
              describe_type_char(type) + "'.";
      return false;
    }
  }
  // No object accepts a non-ASCII presentation type and CPython rejects it
  // right after parsing, so it can be reported here.
  if (type >= 0x80) {
    error = unknown_code_message(type, type_name);
    return false;
  }
  out.type = static_cast<char>(type);
  return true;
}

std::string float_repr(double v) {
  FloatText t = render_float(v, 'r', 0, false, false, true, false);
  return t.negative ? "-" + t.body : t.body;
}

std::string int_to_str(int64_t v, int base) {
  if (base < 2 || base > 36) return "";
  std::string digits = magnitude_digits(magnitude(v), base, false);
  return v < 0 ? "-" + digits : digits;
}

bool format_int(int64_t v, std::string_view spec, std::string& out,
                std::string& error, ErrorKind* kind) {
  const Failure fail{error, kind};
  return guarded(fail, [&] {
    if (spec.empty()) {  // CPython's fast path: str(v)
      out = int_to_str(v);
      return true;
    }
    FormatSpec parsed;
    if (!parse_format_spec(spec, parsed, error, "int", 'd')) {
      return fail.value_error(error);
    }
    return format_int_parsed(v, parsed, out, fail);
  });
}

bool format_float(double v, std::string_view spec, std::string& out,
                  std::string& error, ErrorKind* kind) {
  const Failure fail{error, kind};
  return guarded(fail, [&] {
    if (spec.empty()) {  // CPython's fast path: str(v)
      out = float_repr(v);
      return true;
    }
    FormatSpec parsed;
    if (!parse_format_spec(spec, parsed, error, "float", 0)) {
      return fail.value_error(error);
    }
    switch (parsed.type) {
      case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
      case 'n': case '%':
        return format_float_parsed(v, parsed, out, fail);
      default:
        return fail.value_error(unknown_code_message(
            static_cast<unsigned char>(parsed.type), "float"));
    }
  });
}

bool format_str(std::string_view utf8, std::string_view spec,
                std::string& out, std::string& error, ErrorKind* kind) {
  const Failure fail{error, kind};
  return guarded(fail, [&] {
    if (spec.empty()) {
      out = std::string(utf8);
      return true;
    }
    FormatSpec parsed;
    if (!parse_format_spec(spec, parsed, error, "str", 's')) {
      return fail.value_error(error);
    }
    if (parsed.type != 's') {
      return fail.value_error(unknown_code_message(
          static_cast<unsigned char>(parsed.type), "str"));
    }
    if (parsed.sign == ' ') {
      return fail.value_error("Space not allowed in string format specifier");
    }
    if (parsed.sign) {
      return fail.value_error("Sign not allowed in string format specifier");
    }
    if (parsed.no_neg_zero) {
      return fail.value_error(
          "Negative zero coercion (z) not allowed in string format specifier");
    }
    if (parsed.alternate) {
      return fail.value_error(
          "Alternate form (#) not allowed in string format specifier");
    }
    if (parsed.align == '=') {
      return fail.value_error(
          "'=' alignment not allowed in string format specifier");
    }
    std::string_view text = utf8;
    if (parsed.precision >= 0) {
      text = text.substr(0, code_point_offset(text, parsed.precision));
    }
    const int64_t len = count_code_points(text);
    const int64_t padding = static_cast<int64_t>(parsed.width) - len;
    int64_t lpad = 0, rpad = 0;
    if (padding > 0) {
      switch (parsed.align ? parsed.align : '<') {
        case '>': lpad = padding; break;
        case '^': lpad = padding / 2; rpad = padding - lpad; break;
        default: rpad = padding; break;
      }
    }
    out.clear();
    append_fill(out, parsed.fill, lpad);
    out += text;
    append_fill(out, parsed.fill, rpad);
    return true;
  });
}

bool percent_int(int64_t v, std::string_view flags, int width, int precision,
                 char conversion, std::string& out, std::string& error,
                 ErrorKind* kind) {
  const Failure fail{error, kind};
  return guarded(fail, [&] {
    PercentFlags f;
    if (!parse_percent_flags(flags, f, fail)) return false;
    int base = 10;
    switch (conversion) {
      case 'd': case 'i': case 'u': break;
      case 'o': base = 8; break;
      case 'x': case 'X': base = 16; break;
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        return percent_float_conversion(static_cast<double>(v), f, width,
                                        precision, conversion, out);
      case 'c':
        return percent_char(v, f, width, out, fail);
      default:
        return fail.value_error(unsupported_conversion(conversion));
    }
    const std::string body = percent_int_body(
        v < 0, magnitude_digits(magnitude(v), base, conversion == 'X'),
        precision, conversion, f.alt);
    out = percent_pad(body, f, width, true, f.alt && base != 10);
    return true;
  });
}

bool percent_float(double v, std::string_view flags, int width,
                   int precision, char conversion, std::string& out,
                   std::string& error, ErrorKind* kind) {
  const Failure fail{error, kind};
  return guarded(fail, [&] {
    PercentFlags f;
    if (!parse_percent_flags(flags, f, fail)) return false;
    switch (conversion) {
      case 'd': case 'i': case 'u': {
        // int(v): truncation. Python ints are unbounded, so the exact
        // digits of large floats are printed ('%d' % 1e30).
        if (std::isnan(v)) {
          return fail.value_error("cannot convert float NaN to integer");
        }
        if (std::isinf(v)) {
          return fail(ErrorKind::OverflowError,
                      "cannot convert float infinity to integer");
        }
        const double t = std::trunc(v);
        char buf[400];
        auto r = std::to_chars(buf, buf + sizeof buf, std::fabs(t),
                               std::chars_format::fixed, 0);
        const std::string body =
            percent_int_body(t < 0, std::string(buf, r.ptr), precision,
                             conversion, f.alt);
        out = percent_pad(body, f, width, true, false);
        return true;
      }
      case 'o': case 'x': case 'X':
        return fail(ErrorKind::TypeError,
                    std::string("%") + conversion +
                        " format: an integer is required, not float");
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        return percent_float_conversion(v, f, width, precision, conversion,
                                        out);
      case 'c':
        return fail(ErrorKind::TypeError, "%c requires int or char");
      default:
        return fail.value_error(unsupported_conversion(conversion));
    }
  });
}

ParseError parse_int(std::string_view s, int base, int64_t& out) {
  if (base != 0 && (base < 2 || base > 36)) return ParseError::BadBase;
  std::string t;
  try {
    t = transform_to_ascii(s);
  } catch (const std::bad_alloc&) {
    return ParseError::Invalid;
  }
  const size_t n = t.size();
  size_t p = 0;
  // Reading one past the end yields '\0', which matches nothing below; this
  // mirrors CPython scanning a NUL-terminated buffer.
  auto at = [&](size_t i) { return i < n ? t[i] : '\0'; };

  while (p < n && is_ascii_space(t[p])) ++p;
  bool negative = false;
  if (at(p) == '+') {
    ++p;
  } else if (at(p) == '-') {
    negative = true;
    ++p;
  }
  // Base 0 follows Python literal syntax, where "0123" is not allowed but
  // "00" and "0_0" are.
  bool error_if_nonzero = false;
  if (base == 0) {
    const char c1 = at(p + 1);
    if (at(p) != '0') {
      base = 10;
    } else if (c1 == 'x' || c1 == 'X') {
      base = 16;
    } else if (c1 == 'o' || c1 == 'O') {
      base = 8;
    } else if (c1 == 'b' || c1 == 'B') {
      base = 2;
    } else {
      error_if_nonzero = true;
      base = 10;
    }
  }
  if (at(p) == '0') {
    const char c1 = at(p + 1);
    if ((base == 16 && (c1 == 'x' || c1 == 'X')) ||
        (base == 8 && (c1 == 'o' || c1 == 'O')) ||
        (base == 2 && (c1 == 'b' || c1 == 'B'))) {
      p += 2;
      if (at(p) == '_') ++p;  // one underscore may follow the prefix
    }
  }
  if (at(p) == '_') return ParseError::Invalid;

  uint64_t acc = 0;
  bool overflow = false;
  bool any_digit = false;
  bool after_underscore = false;
  for (; p < n; ++p) {
    const char c = t[p];
    if (c == '_') {
      if (after_underscore) return ParseError::Invalid;
      after_underscore = true;
      continue;
    }
    int d = -1;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'z') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'Z') {
      d = c - 'A' + 10;
    }
    if (d < 0 || d >= base) break;
    any_digit = true;
    after_underscore = false;
    const auto ubase = static_cast<uint64_t>(base);
    if (acc > (UINT64_MAX - static_cast<uint64_t>(d)) / ubase) {
      overflow = true;  // keep scanning: a later bad character wins
    } else {
      acc = acc * ubase + static_cast<uint64_t>(d);
    }
  }
  if (!any_digit || after_underscore) return ParseError::Invalid;
  while (p < n && is_ascii_space(t[p])) ++p;
  if (p != n) return ParseError::Invalid;
  if (error_if_nonzero && (acc != 0 || overflow)) return ParseError::Invalid;

  const uint64_t limit =
      negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (overflow || acc > limit) return ParseError::Overflow;
  out = negative ? static_cast<int64_t>(uint64_t{0} - acc)
                 : static_cast<int64_t>(acc);
  return ParseError::None;
}

bool parse_float(std::string_view s, double& out) {
  std::string t;
  try {
    t = transform_to_ascii(s);
  } catch (const std::bad_alloc&) {
    return false;
  }
  size_t b = 0, e = t.size();
  while (b < e && is_ascii_space(t[b])) ++b;
  while (e > b && is_ascii_space(t[e - 1])) --e;
  std::string text;
  // Underscores are allowed only between two digits; they are dropped
  // before the actual conversion, as in _Py_string_to_number_with_underscores.
  {
    char prev = 0;
    for (size_t i = b; i < e; ++i) {
      const char c = t[i];
      const bool c_digit = c >= '0' && c <= '9';
      if (c == '_') {
        if (!(prev >= '0' && prev <= '9')) return false;
      } else {
        if (prev == '_' && !c_digit) return false;
        text += c;
      }
      prev = c;
    }
    if (prev == '_') return false;
  }

  size_t p = 0;
  bool negative = false;
  if (p < text.size() && (text[p] == '+' || text[p] == '-')) {
    negative = text[p] == '-';
    ++p;
  }
  std::string_view rest = std::string_view(text).substr(p);
  auto iequals = [](std::string_view a, std::string_view lower) {
    if (a.size() != lower.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      char c = a[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != lower[i]) return false;
    }
    return true;
  };
  if (iequals(rest, "inf") || iequals(rest, "infinity")) {
    out = negative ? -std::numeric_limits<double>::infinity()
                   : std::numeric_limits<double>::infinity();
    return true;
  }
  if (iequals(rest, "nan")) {
    // CPython keeps the sign of "-nan" (visible through math.copysign).
    out = std::copysign(std::numeric_limits<double>::quiet_NaN(),
                        negative ? -1.0 : 1.0);
    return true;
  }

  // Validate the decimal syntax ourselves: from_chars would also accept
  // things Python rejects ("nan(1)", "inf" spelled otherwise), and we need
  // the digit positions to tell overflow from underflow.
  size_t q = 0;
  int64_t int_digits = 0;    // significant digits before the point
  int64_t lead_zeros = 0;    // zeros after the point before the first nonzero
  bool seen_nonzero = false;
  bool any_digit = false;
  while (q < rest.size() && rest[q] >= '0' && rest[q] <= '9') {
    any_digit = true;
    if (rest[q] != '0') seen_nonzero = true;
    if (seen_nonzero) ++int_digits;
    ++q;
  }
  if (q < rest.size() && rest[q] == '.') {
    ++q;
    while (q < rest.size() && rest[q] >= '0' && rest[q] <= '9') {
      any_digit = true;
      if (rest[q] != '0') seen_nonzero = true;
      if (!seen_nonzero) ++lead_zeros;
      ++q;
    }
  }
  if (!any_digit) return false;
  int64_t exponent = 0;
  if (q < rest.size() && (rest[q] == 'e' || rest[q] == 'E')) {
    ++q;
    bool exp_negative = false;
    if (q < rest.size() && (rest[q] == '+' || rest[q] == '-')) {
      exp_negative = rest[q] == '-';
      ++q;
    }
    if (q >= rest.size() || rest[q] < '0' || rest[q] > '9') return false;
    while (q < rest.size() && rest[q] >= '0' && rest[q] <= '9') {
      exponent = std::min<int64_t>(exponent * 10 + (rest[q] - '0'),
                                   int64_t{1} << 40);  // saturate
      ++q;
    }
    if (exp_negative) exponent = -exponent;
  }
  if (q != rest.size()) return false;

  double value = 0.0;
  auto r = std::from_chars(rest.data(), rest.data() + rest.size(), value,
                           std::chars_format::general);
  if (r.ec == std::errc::result_out_of_range) {
    // Decimal exponent of the leading digit decides: only values beyond
    // DBL_MAX or below the smallest subnormal end up here.
    const int64_t magnitude_exp =
        (int_digits > 0 ? int_digits : -lead_zeros) + exponent;
    value = magnitude_exp > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  } else if (r.ec != std::errc() || r.ptr != rest.data() + rest.size()) {
    return false;
  }
  out = negative ? -value : value;
  return true;
}

bool round_half_even(double v, int ndigits, double& out, std::string& error) {
  // The bounds CPython uses: beyond them the answer is known without work.
  constexpr int kNdigitsMax = 323;   // (DBL_MANT_DIG - DBL_MIN_EXP) * log10 2
  constexpr int kNdigitsMin = -308;  // -(DBL_MAX_EXP + 1) * log10 2
  if (!std::isfinite(v) || ndigits > kNdigitsMax) {
    out = v;
    return true;
  }
  if (ndigits < kNdigitsMin) {
    out = 0.0 * v;
    return true;
  }
  try {
    std::string text;
    if (ndigits >= 0) {
      // to_chars rounds the exact binary value half-to-even, which is the
      // correctly rounded decimal CPython obtains from dtoa.
      text.resize(static_cast<size_t>(ndigits) + 400);
      auto r = std::to_chars(text.data(), text.data() + text.size(), v,
                             std::chars_format::fixed, ndigits);
      text.resize(static_cast<size_t>(r.ptr - text.data()));
    } else {
      // Round the exact integer part at the 10**k digit ourselves; the
      // fraction only matters as a tie breaker.
      const int k = -ndigits;
      const double a = std::fabs(v);
      const double ip = std::trunc(a);
      char buf[400];
      auto r = std::to_chars(buf, buf + sizeof buf, ip,
                             std::chars_format::fixed, 0);
      const std::string digits(buf, r.ptr);
      const int64_t cut = static_cast<int64_t>(digits.size()) - k;
      std::string kept;
      if (cut >= 0) {
        kept = digits.substr(0, static_cast<size_t>(cut));
        const char next = digits[static_cast<size_t>(cut)];
        bool rest_nonzero = a != ip;
        for (size_t i = static_cast<size_t>(cut) + 1; i < digits.size(); ++i) {
          if (digits[i] != '0') rest_nonzero = true;
        }
        const bool last_odd = !kept.empty() && (kept.back() - '0') % 2 == 1;
        if (next > '5' || (next == '5' && (rest_nonzero || last_odd))) {
          size_t i = kept.size();
          while (i > 0 && kept[i - 1] == '9') kept[--i] = '0';
          if (i == 0) {
            kept.insert(0, 1, '1');
          } else {
            ++kept[i - 1];
          }
        }
      }
      // (cut < 0: |v| < 10**(k-1), which always rounds to zero.)
      if (kept.empty()) kept = "0";
      text = (std::signbit(v) ? "-" : "") + kept + "e" + std::to_string(k);
    }
    double rounded = 0.0;
    auto r = std::from_chars(text.data(), text.data() + text.size(), rounded);
    if (r.ec == std::errc::result_out_of_range) {
      error = "rounded value too large to represent";
      return false;
    }
    // "-0" and "-0e5" parse as -0.0, matching round(-0.4) == -0.0.
    out = rounded;
    return true;
  } catch (const std::bad_alloc&) {
    error = "";
    return false;
  }
}

double round_half_even(double v, int ndigits) {
  double out = 0.0;
  std::string error;
  if (!round_half_even(v, ndigits, out, error)) {
    return std::copysign(std::numeric_limits<double>::infinity(), v);
  }
  return out;
}

}  // namespace spindle::numfmt
