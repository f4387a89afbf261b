// Number and string formatting / number parsing with CPython 3.11 semantics:
// format(x, spec) for int, float and str, %-formatting of one number,
// repr(float), int(s, base), float(s) and round(x, n).
//
// Everything here is pure text manipulation with no dependency on the rest of
// Spindle, so the interpreter can map failures onto Python exceptions itself.
// Functions never throw: they return false and fill `error` with CPython's
// exact message (without the exception type). When the Python exception is not
// ValueError, the optional `kind` out-parameter says which one it is.
//
// Strings are UTF-8; widths, precisions and fill characters are counted in
// code points, as CPython counts them in str characters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace spindle::numfmt {

// The Python exception a failed call maps to.
enum class ErrorKind {
  None,
  ValueError,
  OverflowError,  // "%c arg not in range(0x110000)", float->int of inf,
                  // "rounded value too large to represent"
  TypeError,      // %-formatting type mismatches ("%c requires int or char")
  MemoryError,    // allocation failed (absurd widths); message is empty
};

// A parsed format-spec mini-language string:
//   [[fill]align][sign][z][#][0][width][grouping][.precision][type]
struct FormatSpec {
  char32_t fill = ' ';
  char align = 0;  // '<' '>' '^' '=' or 0 (use the type's default)
  char sign = 0;   // '+' '-' ' ' or 0
  bool alternate = false;
  // A '0' before the width with no explicit fill: fill is then '0' and, for
  // numbers with no explicit align, the alignment defaults to '='.
  bool zero_pad = false;
  int width = -1;
  char grouping = 0;  // ',' '_' or 0
  int precision = -1;
  // The presentation type, or 0 when absent (or when a type default was
  // supplied to parse_format_spec, that default).
  char type = 0;
  // 'z' (PEP 682, new in 3.11): turn negative zero results into zero.
  bool no_neg_zero = false;
  // precision was above INT_MAX (it is then clamped to INT_MAX): floats
  // reject it with "precision too big", strings and ints do not care.
  bool precision_too_big = false;
};

// Parses `spec` as CPython's parse_internal_render_format_spec does.
// `type_name` only appears in error messages ("Invalid format specifier 'x'
// for object of type 'int'"); `default_type` is what the formatting type
// assumes when the spec has none ('d' for int, 's' for str, 0 for float),
// which matters for the grouping checks ("Cannot specify ',' with 's'.").
bool parse_format_spec(std::string_view spec, FormatSpec& out,
                       std::string& error,
                       std::string_view type_name = "object",
                       char default_type = 0);

// repr(float) == str(float): shortest round-trip digits, exponent notation
// when the decimal exponent is < -4 or >= 16, ".0" added to integral values.
std::string float_repr(double v);

// Digits of v in `base` (2..36, lowercase letters), '-' for negatives, no
// prefix. Returns "" for an unsupported base.
std::string int_to_str(int64_t v, int base = 10);

// format(v, spec) for int, float and str.
bool format_int(int64_t v, std::string_view spec, std::string& out,
                std::string& error, ErrorKind* kind = nullptr);
bool format_float(double v, std::string_view spec, std::string& out,
                  std::string& error, ErrorKind* kind = nullptr);
bool format_str(std::string_view utf8, std::string_view spec,
                std::string& out, std::string& error,
                ErrorKind* kind = nullptr);

// One %-conversion of a number, as `'%<flags><width>.<precision><conv>' % v`.
// `conversion` is one of d i u o x X e E f F g G c; `flags` is any mix of
// "-+ #0"; width/precision are -1 when absent (the caller resolves '*').
// An unsupported conversion yields "unsupported format character 'q' (0x71)";
// the caller appends CPython's " at index N" since only it knows N.
bool percent_int(int64_t v, std::string_view flags, int width, int precision,
                 char conversion, std::string& out, std::string& error,
                 ErrorKind* kind = nullptr);
bool percent_float(double v, std::string_view flags, int width,
                   int precision, char conversion, std::string& out,
                   std::string& error, ErrorKind* kind = nullptr);

// int(s, base) and float(s). Surrounding whitespace (Unicode whitespace too),
// single underscores between digits, a sign, and Unicode decimal digits are
// accepted as CPython accepts them. Base 0 auto-detects 0x/0o/0b (and rejects
// "01"); bases 2/8/16 also accept their own prefix.
enum class ParseError {
  None,
  Invalid,   // "invalid literal for int() with base N: '...'"
  Overflow,  // valid literal that does not fit int64 (Spindle ints)
  BadBase,   // "int() base must be >= 2 and <= 36, or 0"
};
ParseError parse_int(std::string_view s, int base, int64_t& out);
// Accepts 'inf', '-Infinity', 'nan', '1e5', '1_000.5', ' 3.5 '; out-of-range
// values become +-inf or +-0.0 as in CPython. False on invalid input
// ("could not convert string to float: '...'").
bool parse_float(std::string_view s, double& out);

// round(v, ndigits) exactly as CPython: correctly rounded decimal rounding of
// the exact binary value, ties to even (round(2.675, 2) == 2.67,
// round(-0.5, 0) == -0.0). inf/nan round to themselves. The bool form fails
// with OverflowError "rounded value too large to represent"; the double form
// returns +-inf in that case.
bool round_half_even(double v, int ndigits, double& out, std::string& error);
double round_half_even(double v, int ndigits);

}  // namespace spindle::numfmt
