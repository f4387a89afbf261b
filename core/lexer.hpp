// Tokenizer for Spindle's Python subset.
//
// The whole source is tokenized up front into a vector (the parser needs
// arbitrary lookahead for a few constructs, and a flat vector is fast). Token
// kinds follow CPython's tokenizer: NEWLINE ends a logical line, INDENT and
// DEDENT bracket blocks, and newlines inside (), [] and {} or after a
// backslash are not tokens at all. Keywords get their own kinds; soft
// keywords (match, case, _) stay names.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/parser.hpp"

namespace spindle {

enum class Tok : uint8_t {
  EndMarker, Newline, Indent, Dedent, Name, Number, String,
  Error,    // stands where tokenizing stopped; see LexResult::error
  Unknown,  // a character that is no Python token, like `$` or `?`
  // Delimiters and operators.
  LPar, RPar, LSqb, RSqb, LBrace, RBrace, Colon, Comma, Semi, Dot, Ellipsis,
  Plus, Minus, Star, Slash, DoubleSlash, Percent, At, DoubleStar, VBar, Amper,
  Circumflex, Tilde, LeftShift, RightShift, Less, Greater, EqEqual, NotEqual,
  LessEqual, GreaterEqual, Equal, ColonEqual, RArrow, PlusEqual, MinEqual,
  StarEqual, SlashEqual, DoubleSlashEqual, PercentEqual, AtEqual,
  DoubleStarEqual, AmperEqual, VBarEqual, CircumflexEqual, LeftShiftEqual,
  RightShiftEqual,
  // Hard keywords.
  KwFalse, KwNone, KwTrue, KwAnd, KwAs, KwAssert, KwAsync, KwAwait, KwBreak,
  KwClass, KwContinue, KwDef, KwDel, KwElif, KwElse, KwExcept, KwFinally,
  KwFor, KwFrom, KwGlobal, KwIf, KwImport, KwIn, KwIs, KwLambda, KwNonlocal,
  KwNot, KwOr, KwPass, KwRaise, KwReturn, KwTry, KwWhile, KwWith, KwYield,
};

// Kept small (tokens of a whole file are held at once): string payloads live
// in LexResult::strings and are reached through pointers.
struct Token {
  Tok kind = Tok::EndMarker;
  bool is_float = false;     // Number: float_value is set instead of int_value
  bool is_fstring = false;   // String
  bool is_raw = false;       // String
  uint8_t prefix_len = 0;    // String: bytes of prefix (r, f, rf, u...)
  uint8_t quote_len = 0;     // String: 1 or 3
  int line = 0, col = 0;          // start: 1-based line, 0-based byte column
  int end_line = 0, end_col = 0;  // just past the last byte
  std::string_view text;          // raw source text (points into the source)
  // The payload; which member is live follows from kind and is_float.
  union {
    int64_t int_value = 0;                // Number, !is_float
    double float_value;                   // Number, is_float
    const std::string* decoded;           // String (not f-string): its value
  };
  // Set on a number or string the parser must reject when it uses it: an
  // undecodable escape (CPython also finds these in its parser) or a literal
  // outside Spindle's subset (bytes, complex, ints beyond 64 bits).
  const SyntaxErrorInfo* error = nullptr;

  const std::string& value() const;  // decoded value of a plain string
  // An f-string is split and decoded by the parser, which needs the raw text
  // between the quotes and where it starts (always on the token's line).
  std::string_view body() const {
    return text.substr(prefix_len + quote_len, text.size() - prefix_len - 2u * quote_len);
  }
  int body_line() const { return line; }
  int body_col() const { return col + prefix_len + quote_len; }
};

// How a tokenizer error ranks against a parser error. CPython tokenizes on
// demand but, once the parser has failed, tokenizes the rest of the file and
// lets most tokenizer errors win (Immediate); indentation and line
// continuation errors only surface when the parser actually reaches them
// (WhenReached), and an unclosed bracket at end of file wins only over
// errors after it (UnclosedAtEof; see parse_module). Tokenizing stops at the
// first such error.
enum class LexErrorKind : uint8_t { Immediate, WhenReached, UnclosedAtEof };

struct LexResult {
  // Ends with EndMarker, or with an Error token when `error` is set.
  std::vector<Token> tokens;
  std::deque<std::string> strings;  // decoded plain strings (stable addresses)
  std::deque<SyntaxErrorInfo> token_errors;  // see Token::error
  std::optional<SyntaxErrorInfo> error;  // filename and line_text left empty
  LexErrorKind error_kind = LexErrorKind::Immediate;
};

struct NormalizedSource {
  std::string text;
  std::optional<SyntaxErrorInfo> error;
};

// Drops a leading UTF-8 BOM, turns CRLF and lone CR into LF, and rejects
// invalid UTF-8 and NUL bytes. tokenize() expects text prepared this way.
NormalizedSource normalize_source(std::string_view source);

// Tokenizes a module. Token text views point into `source`, which must
// outlive the tokens.
LexResult tokenize(std::string_view source);

// Tokenizes the expression part of an f-string replacement field. `text`
// starts at (line, col) of the enclosing source; newlines are insignificant
// (as inside brackets) and no NEWLINE/INDENT/DEDENT tokens are produced.
LexResult tokenize_fstring_expr(std::string_view text, int line, int col);

// Decodes backslash escapes of a non-raw string body into UTF-8. On failure
// returns false and sets `error` to CPython's message.
bool decode_escapes(std::string_view body, std::string& out, std::string& error);

// Appends the UTF-8 encoding of a code point (surrogates are encoded like any
// other code point, as CPython strings may hold them).
void append_utf8(std::string& out, uint32_t cp);

// A short human-readable name of a token kind, e.g. "')'" or "NAME".
std::string_view token_kind_name(Tok kind);

}  // namespace spindle
