// Tokenizer for Spindle's Python subset; see lexer.hpp for the overall shape.
// Error messages copy CPython 3.11's wording so users can search for them.
#include "core/lexer.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace spindle {

namespace {

// CPython's tokenizer limit on bracket nesting (MAXLEVEL).
constexpr size_t kMaxParenDepth = 200;
// Only a guard against pathological input: the parser reports "too many
// statically nested blocks" long before this.
constexpr size_t kMaxIndentDepth = 1000;

struct LexFail {
  SyntaxErrorInfo info;
  LexErrorKind kind;
};

bool is_name_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool is_name_char(unsigned char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct Keyword {
  std::string_view word;
  Tok kind;
};
constexpr Keyword kKeywords[] = {
    {"False", Tok::KwFalse},     {"None", Tok::KwNone},         {"True", Tok::KwTrue},
    {"and", Tok::KwAnd},         {"as", Tok::KwAs},             {"assert", Tok::KwAssert},
    {"async", Tok::KwAsync},     {"await", Tok::KwAwait},       {"break", Tok::KwBreak},
    {"class", Tok::KwClass},     {"continue", Tok::KwContinue}, {"def", Tok::KwDef},
    {"del", Tok::KwDel},         {"elif", Tok::KwElif},         {"else", Tok::KwElse},
    {"except", Tok::KwExcept},   {"finally", Tok::KwFinally},   {"for", Tok::KwFor},
    {"from", Tok::KwFrom},       {"global", Tok::KwGlobal},     {"if", Tok::KwIf},
    {"import", Tok::KwImport},   {"in", Tok::KwIn},             {"is", Tok::KwIs},
    {"lambda", Tok::KwLambda},   {"nonlocal", Tok::KwNonlocal}, {"not", Tok::KwNot},
    {"or", Tok::KwOr},           {"pass", Tok::KwPass},         {"raise", Tok::KwRaise},
    {"return", Tok::KwReturn},   {"try", Tok::KwTry},           {"while", Tok::KwWhile},
    {"with", Tok::KwWith},       {"yield", Tok::KwYield},
};

struct Operator {
  std::string_view text;
  Tok kind;
};
constexpr Operator kOperators[] = {
    {"**=", Tok::DoubleStarEqual}, {"//=", Tok::DoubleSlashEqual}, {">>=", Tok::RightShiftEqual},
    {"<<=", Tok::LeftShiftEqual},  {"...", Tok::Ellipsis},         {"!=", Tok::NotEqual},
    {"**", Tok::DoubleStar},       {"//", Tok::DoubleSlash},       {">>", Tok::RightShift},
    {"<<", Tok::LeftShift},        {"<=", Tok::LessEqual},         {">=", Tok::GreaterEqual},
    {"==", Tok::EqEqual},          {"->", Tok::RArrow},            {":=", Tok::ColonEqual},
    {"+=", Tok::PlusEqual},        {"-=", Tok::MinEqual},          {"*=", Tok::StarEqual},
    {"/=", Tok::SlashEqual},       {"%=", Tok::PercentEqual},      {"@=", Tok::AtEqual},
    {"&=", Tok::AmperEqual},       {"|=", Tok::VBarEqual},         {"^=", Tok::CircumflexEqual},
    {"(", Tok::LPar},              {")", Tok::RPar},               {"[", Tok::LSqb},
    {"]", Tok::RSqb},              {"{", Tok::LBrace},             {"}", Tok::RBrace},
    {":", Tok::Colon},             {",", Tok::Comma},              {";", Tok::Semi},
    {".", Tok::Dot},               {"+", Tok::Plus},               {"-", Tok::Minus},
    {"*", Tok::Star},              {"/", Tok::Slash},              {"%", Tok::Percent},
    {"@", Tok::At},                {"|", Tok::VBar},               {"&", Tok::Amper},
    {"^", Tok::Circumflex},        {"~", Tok::Tilde},              {"<", Tok::Less},
    {">", Tok::Greater},           {"=", Tok::Equal},
};

Tok keyword_or_name(std::string_view word) {
  // Every keyword is 2..8 ASCII bytes starting with a letter; most names are
  // rejected by these cheap tests before the table is scanned.
  if (word.size() < 2 || word.size() > 8) return Tok::Name;
  for (const Keyword& k : kKeywords) {
    if (k.word[0] == word[0] && k.word.size() == word.size() && k.word == word) return k.kind;
  }
  return Tok::Name;
}

class Lexer {
 public:
  Lexer(std::string_view src, int first_line, int first_col, bool expr_mode)
      : src_(src), line_(first_line), line_start_(-static_cast<long>(first_col)),
        expr_mode_(expr_mode) {
    at_line_start_ = !expr_mode;
    // One token per 2 bytes is a generous bound for real code; pages
    // never written cost nothing, while regrowing would copy every token.
    toks_.reserve(std::min<size_t>(src.size() / 2 + 16, size_t{1} << 20));
  }

  LexResult run() {
    LexResult result;
    try {
      scan();
    } catch (LexFail& fail) {
      Token err;
      err.kind = Tok::Error;
      err.line = err.end_line = fail.info.line;
      err.col = err.end_col = fail.info.col > 0 ? fail.info.col - 1 : 0;
      toks_.push_back(std::move(err));
      result.error = std::move(fail.info);
      result.error_kind = fail.kind;
    }
    result.tokens = std::move(toks_);
    result.strings = std::move(strings_);
    result.token_errors = std::move(token_errors_);
    return result;
  }

 private:
  std::string_view src_;
  size_t pos_ = 0;
  int line_;
  // Offset of the current line's first byte; negative on the first line of
  // an f-string expression so columns count from the enclosing line.
  long line_start_;
  bool expr_mode_;
  bool at_line_start_ = true;
  bool line_has_tokens_ = false;
  std::vector<Token> toks_;
  std::deque<std::string> strings_;
  std::deque<SyntaxErrorInfo> token_errors_;
  std::vector<int> indents_{0};
  std::vector<int> alt_indents_{0};  // tabs counted as one column (TabError check)
  struct Open {
    char ch;
    int line, col;
  };
  std::vector<Open> parens_;

  char peek(size_t ahead = 0) const {
    return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
  }
  bool at_end(size_t ahead = 0) const { return pos_ + ahead >= src_.size(); }
  int col_of(size_t pos) const { return static_cast<int>(static_cast<long>(pos) - line_start_); }
  int col() const { return col_of(pos_); }

  void new_line_at(size_t newline_pos) {
    ++line_;
    line_start_ = static_cast<long>(newline_pos) + 1;
  }

  [[noreturn]] void fail(std::string message, int line, int col0,
                         LexErrorKind kind = LexErrorKind::Immediate,
                         std::string type = "SyntaxError") {
    LexFail f;
    f.info.type = std::move(type);
    f.info.message = std::move(message);
    f.info.line = line;
    f.info.col = col0 + 1;
    f.kind = kind;
    throw f;
  }

  Token& emit(Tok kind, size_t start, int start_line, int start_col) {
    Token t;
    t.kind = kind;
    t.line = start_line;
    t.col = start_col;
    t.end_line = line_;
    t.end_col = col();
    t.text = src_.substr(start, pos_ - start);
    toks_.push_back(std::move(t));
    if (kind != Tok::Newline && kind != Tok::Indent && kind != Tok::Dedent) line_has_tokens_ = true;
    return toks_.back();
  }

  void scan() {
    for (;;) {
      if (at_line_start_) {
        at_line_start_ = false;
        handle_indentation();
      }
      while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\f')) ++pos_;
      if (at_end()) {
        finish();
        return;
      }
      const char c = peek();
      if (c == '#') {
        while (!at_end() && peek() != '\n') ++pos_;
        continue;
      }
      if (c == '\n') {
        if (!expr_mode_ && parens_.empty() && line_has_tokens_) {
          const int l = line_, cl = col();
          ++pos_;
          Token& t = emit(Tok::Newline, pos_ - 1, l, cl);
          t.end_line = l;
          t.end_col = cl + 1;
          line_has_tokens_ = false;
        } else {
          ++pos_;
        }
        new_line_at(pos_ - 1);
        if (!expr_mode_ && parens_.empty()) at_line_start_ = true;
        continue;
      }
      if (c == '\\') {
        if (peek(1) == '\n') {
          const int l = line_, cl = col();
          pos_ += 2;
          new_line_at(pos_ - 1);
          if (at_end()) {
            fail("unexpected EOF while parsing", l, cl + 1, LexErrorKind::WhenReached);
          }
          continue;
        }
        if (at_end(1)) {
          fail("unexpected EOF while parsing", line_, col() + 1, LexErrorKind::WhenReached);
        }
        fail("unexpected character after line continuation character", line_, col() + 1,
             LexErrorKind::WhenReached);
      }
      const auto uc = static_cast<unsigned char>(c);
      if (is_digit(c) || (c == '.' && is_digit(peek(1)))) {
        scan_number();
      } else if (is_name_start(uc)) {
        scan_name_or_string();
      } else if (c == '"' || c == '\'') {
        scan_string(pos_, line_, col(), 0);
      } else {
        scan_operator();
      }
    }
  }

  void handle_indentation() {
    int width = 0, alt = 0;
    size_t p = pos_;
    for (; p < src_.size(); ++p) {
      const char c = src_[p];
      if (c == ' ') {
        ++width;
        ++alt;
      } else if (c == '\t') {
        width = (width / 8 + 1) * 8;
        ++alt;
      } else if (c == '\f') {
        width = alt = 0;
      } else {
        break;
      }
    }
    pos_ = p;
    // Blank and comment-only lines do not affect indentation.
    if (p >= src_.size() || src_[p] == '#' || src_[p] == '\n') return;
    // A backslash continuation at the start of a line joins it to the next
    // one; CPython ignores such a line's indentation too.
    if (src_[p] == '\\' && p + 1 < src_.size() && src_[p + 1] == '\n') return;

    const int indent_bytes = col();
    if (width == indents_.back()) {
      if (alt != alt_indents_.back()) tab_error();
    } else if (width > indents_.back()) {
      if (alt <= alt_indents_.back()) tab_error();
      if (indents_.size() >= kMaxIndentDepth) {
        fail("too many levels of indentation", line_, indent_bytes, LexErrorKind::WhenReached,
             "IndentationError");
      }
      indents_.push_back(width);
      alt_indents_.push_back(alt);
      Token t;
      t.kind = Tok::Indent;
      t.line = t.end_line = line_;
      t.col = 0;
      t.end_col = indent_bytes;
      toks_.push_back(std::move(t));
    } else {
      // Find the level first: a mismatch is reported before any DEDENT.
      size_t level = indents_.size() - 1;
      while (level > 0 && width < indents_[level]) --level;
      if (width != indents_[level]) {
        // CPython points just past the end of the offending line.
        size_t e = p;
        while (e < src_.size() && src_[e] != '\n') ++e;
        fail("unindent does not match any outer indentation level", line_, col_of(e),
             LexErrorKind::WhenReached, "IndentationError");
      }
      if (alt != alt_indents_[level]) tab_error();
      while (indents_.size() > level + 1) {
        indents_.pop_back();
        alt_indents_.pop_back();
        Token t;
        t.kind = Tok::Dedent;
        t.line = t.end_line = line_;
        t.col = t.end_col = indent_bytes;
        toks_.push_back(std::move(t));
      }
    }
  }

  [[noreturn]] void tab_error() {
    fail("inconsistent use of tabs and spaces in indentation", line_, 0, LexErrorKind::WhenReached,
         "TabError");
  }

  void finish() {
    if (!expr_mode_) {
      if (!parens_.empty()) {
        const Open& o = parens_.back();
        LexFail f;
        f.info.message = std::string("'") + o.ch + "' was never closed";
        f.info.line = o.line;
        f.info.col = o.col + 1;
        f.kind = LexErrorKind::UnclosedAtEof;
        throw f;
      }
      if (line_has_tokens_) {
        Token& t = emit(Tok::Newline, pos_, line_, col());
        t.end_col = t.col + 1;
        line_has_tokens_ = false;
      }
      while (indents_.size() > 1) {
        indents_.pop_back();
        Token t;
        t.kind = Tok::Dedent;
        t.line = t.end_line = line_;
        t.col = t.end_col = col();
        toks_.push_back(std::move(t));
      }
    }
    Token t;
    t.kind = Tok::EndMarker;
    t.line = t.end_line = line_;
    t.col = t.end_col = col();
    toks_.push_back(std::move(t));
  }

  void scan_name_or_string() {
    const size_t start = pos_;
    const int l = line_, c = col();
    while (!at_end() && is_name_char(static_cast<unsigned char>(peek()))) ++pos_;
    const std::string_view word = src_.substr(start, pos_ - start);
    if ((peek() == '"' || peek() == '\'') && word.size() <= 2) {
      int flags = 0;
      bool valid = true;
      for (char ch : word) {
        int bit = 0;
        switch (ch) {
          case 'r': case 'R': bit = 1; break;
          case 'f': case 'F': bit = 2; break;
          case 'b': case 'B': bit = 4; break;
          case 'u': case 'U': bit = 8; break;
          default: valid = false;
        }
        if (flags & bit) valid = false;
        flags |= bit;
      }
      // Valid prefixes: r u f b rf fr rb br (any case); u combines with nothing.
      if ((flags & 8) && flags != 8) valid = false;
      if ((flags & 2) && (flags & 4)) valid = false;
      if (valid) {
        scan_string(start, l, c, flags);
        return;
      }
    }
    emit(keyword_or_name(word), start, l, c);
  }

  // digit ('_'? digit)* for the given digit class; returns how many digits.
  template <typename Pred>
  int read_digits(Pred is_ok, const char* kind) {
    int n = 0;
    while (!at_end()) {
      const char ch = peek();
      if (is_ok(ch)) {
        ++pos_;
        ++n;
      } else if (ch == '_' && n > 0) {
        if (!is_ok(peek(1))) fail(std::string("invalid ") + kind + " literal", line_, col());
        ++pos_;
      } else {
        break;
      }
    }
    return n;
  }

  // CPython accepts a number glued to a few keywords (`1if x else 2`) with a
  // warning; anything else name-like right after a number is an error.
  void verify_end_of_number(const char* kind) {
    const char c = peek();
    // The keyword must end there (`1and` is allowed, `1andx` is not).
    auto ahead = [&](std::string_view w) {
      return src_.substr(pos_, w.size()) == w &&
             !is_name_char(static_cast<unsigned char>(peek(w.size())));
    };
    bool keyword = false;
    switch (c) {
      case 'a': keyword = ahead("and"); break;
      case 'e': keyword = ahead("else"); break;
      case 'f': keyword = ahead("for"); break;
      case 'i': keyword = peek(1) == 'f' || peek(1) == 'n' || peek(1) == 's'; break;
      case 'o': keyword = ahead("or"); break;
      case 'n': keyword = ahead("not"); break;
      default: break;
    }
    if (keyword) return;
    if (is_name_char(static_cast<unsigned char>(c))) {
      fail(std::string("invalid ") + kind + " literal", line_, col());
    }
  }

  // Errors CPython would raise in its parser rather than its tokenizer
  // (undecodable strings) and Spindle's own limits ride on the token, so
  // tokenizing goes on and the parser reports them only if it gets there.
  void attach_error(Token& t, std::string message, int line, int col0) {
    SyntaxErrorInfo info;
    info.message = std::move(message);
    info.line = line;
    info.col = col0 + 1;
    token_errors_.push_back(std::move(info));
    t.error = &token_errors_.back();
  }

  static constexpr const char* kTooLarge = "integer literal too large (Spindle ints are 64-bit)";

  void scan_number() {
    const size_t start = pos_;
    const int l = line_, c = col();
    const char next = peek(1);
    if (peek() == '0' && (next == 'x' || next == 'X' || next == 'o' || next == 'O' ||
                          next == 'b' || next == 'B')) {
      int radix = 16;
      const char* kind = "hexadecimal";
      if (next == 'o' || next == 'O') {
        radix = 8;
        kind = "octal";
      } else if (next == 'b' || next == 'B') {
        radix = 2;
        kind = "binary";
      }
      pos_ += 2;
      auto ok = [radix](char ch) {
        const int v = hex_value(ch);
        return v >= 0 && v < radix;
      };
      if (peek() == '_') ++pos_;  // `0x_ff` is allowed
      const size_t digits_start = pos_;
      const int n = read_digits(ok, kind);
      if (radix != 16 && is_digit(peek())) {
        fail(std::string("invalid digit '") + peek() + "' in " + kind + " literal", line_, col());
      }
      if (n == 0) fail(std::string("invalid ") + kind + " literal", line_, col() - 1);
      verify_end_of_number(kind);
      uint64_t value = 0;
      bool overflow = false;
      for (size_t i = digits_start; i < pos_ && !overflow; ++i) {
        if (src_[i] == '_') continue;
        const auto d = static_cast<uint64_t>(hex_value(src_[i]));
        if (value > (static_cast<uint64_t>(INT64_MAX) - d) / static_cast<uint64_t>(radix)) {
          overflow = true;
        }
        value = value * static_cast<uint64_t>(radix) + d;
      }
      Token& t = emit(Tok::Number, start, l, c);
      t.int_value = static_cast<int64_t>(value);
      if (overflow) attach_error(t, kTooLarge, l, c);
      return;
    }

    bool is_float = false;
    int int_digits = 0;
    if (peek() != '.') int_digits = read_digits(is_digit, "decimal");
    if (peek() == '.') {
      ++pos_;
      is_float = true;
      read_digits(is_digit, "decimal");
    }
    if (peek() == 'e' || peek() == 'E') {
      size_t p = pos_ + 1;
      if (p < src_.size() && (src_[p] == '+' || src_[p] == '-')) ++p;
      if (p < src_.size() && is_digit(src_[p])) {
        pos_ = p;
        read_digits(is_digit, "decimal");
        is_float = true;
      } else if (!(peek() == 'e' && src_.substr(pos_, 4) == "else")) {
        fail("invalid decimal literal", line_, col_of(p - 1));
      }
    }
    if (peek() == 'j' || peek() == 'J') {
      ++pos_;
      verify_end_of_number("imaginary");
      Token& t = emit(Tok::Number, start, l, c);
      t.is_float = true;
      t.float_value = 0;
      attach_error(t, "complex numbers are not supported yet", l, c);
      return;
    }
    const std::string_view text = src_.substr(start, pos_ - start);
    // "0", "00", "0_0" are fine; other leading zeros are an old octal form
    // (checked before the end of the number, as CPython does).
    if (!is_float && int_digits > 1 && text[0] == '0') {
      for (char ch : text) {
        if (ch != '0' && ch != '_') {
          fail("leading zeros in decimal integer literals are not permitted; use an 0o prefix "
               "for octal integers",
               l, c);
        }
      }
    }
    verify_end_of_number("decimal");

    if (!is_float) {
      int64_t value = 0;
      bool overflow = false;
      for (char ch : text) {
        if (ch == '_') continue;
        const int d = ch - '0';
        if (value > (INT64_MAX - d) / 10) {
          overflow = true;
          break;
        }
        value = value * 10 + d;
      }
      Token& t = emit(Tok::Number, start, l, c);
      t.int_value = value;
      if (overflow) attach_error(t, kTooLarge, l, c);
      return;
    }

    std::string clean;
    clean.reserve(text.size());
    for (char ch : text) {
      if (ch != '_') clean += ch;
    }
    double value = 0;
    auto res = std::from_chars(clean.data(), clean.data() + clean.size(), value);
    if (res.ec == std::errc::result_out_of_range) {
      // from_chars leaves the value alone on overflow/underflow; strtod
      // gives Python's answers (inf or 0.0).
      value = std::strtod(clean.c_str(), nullptr);
    }
    Token& t = emit(Tok::Number, start, l, c);
    t.is_float = true;
    t.float_value = value;
  }

  // `start` is where the prefix (if any) begins; pos_ is at the opening quote.
  void scan_string(size_t start, int l, int c, int flags) {
    const char quote = peek();
    const bool triple = peek(1) == quote && peek(2) == quote;
    const size_t quote_len = triple ? 3 : 1;
    pos_ += quote_len;
    const size_t body_start = pos_;
    size_t body_end;
    for (;;) {
      if (at_end()) {
        if (triple) {
          const bool ends_nl = !src_.empty() && src_.back() == '\n';
          fail("unterminated triple-quoted string literal (detected at line " +
                   std::to_string(ends_nl ? line_ - 1 : line_) + ")",
               l, c);
        }
        fail("unterminated string literal (detected at line " + std::to_string(line_) + ")", l, c);
      }
      const char ch = peek();
      if (ch == '\\') {
        if (at_end(1)) {
          ++pos_;
          continue;  // reported as unterminated on the next iteration
        }
        if (peek(1) == '\n') new_line_at(pos_ + 1);
        pos_ += 2;
        continue;
      }
      if (ch == '\n') {
        if (!triple) {
          fail("unterminated string literal (detected at line " + std::to_string(line_) + ")", l,
               c);
        }
        ++pos_;
        new_line_at(pos_ - 1);
        continue;
      }
      if (ch == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
        body_end = pos_;
        pos_ += quote_len;
        break;
      }
      ++pos_;
    }
    const std::string_view body = src_.substr(body_start, body_end - body_start);
    std::string value;
    std::string error;
    bool decoded = true;
    if (!(flags & 2)) {
      if (flags & 1) {
        value.assign(body);
      } else {
        decoded = decode_escapes(body, value, error);
      }
    }
    Token& t = emit(Tok::String, start, l, c);
    t.decoded = nullptr;
    if (flags & 4) {
      attach_error(t, "bytes literals are not supported yet", l, c);
    } else if (!decoded) {
      // CPython points just past the literal.
      attach_error(t, error, t.end_line, t.end_col);
    }
    t.is_raw = (flags & 1) != 0;
    t.is_fstring = (flags & 2) != 0;
    t.prefix_len = static_cast<uint8_t>(body_start - quote_len - start);
    t.quote_len = static_cast<uint8_t>(quote_len);
    if (!t.is_fstring) {
      strings_.push_back(std::move(value));
      t.decoded = &strings_.back();
    }
  }

  void open_paren(char ch) {
    if (parens_.size() >= kMaxParenDepth) fail("too many nested parentheses", line_, col());
    parens_.push_back({ch, line_, col()});
  }

  void close_paren(char ch) {
    if (parens_.empty()) {
      if (expr_mode_) return;  // the f-string splitter has checked balance
      fail(std::string("unmatched '") + ch + "'", line_, col());
    }
    const Open o = parens_.back();
    const char want = o.ch == '(' ? ')' : o.ch == '[' ? ']' : '}';
    if (ch != want) {
      std::string msg = std::string("closing parenthesis '") + ch +
                        "' does not match opening parenthesis '" + o.ch + "'";
      if (o.line != line_) msg += " on line " + std::to_string(o.line);
      fail(msg, line_, col());
    }
    parens_.pop_back();
  }

  void scan_operator() {
    const size_t start = pos_;
    const int l = line_, c = col();
    const char c0 = peek(), c1 = peek(1), c2 = peek(2);
    // Longest match first; the table is ordered by length.
    for (const Operator& op : kOperators) {
      const std::string_view t = op.text;
      if (t[0] != c0 || (t.size() > 1 && t[1] != c1) || (t.size() > 2 && t[2] != c2)) continue;
      switch (op.kind) {
        case Tok::LPar: case Tok::LSqb: case Tok::LBrace: open_paren(op.text[0]); break;
        case Tok::RPar: case Tok::RSqb: case Tok::RBrace: close_paren(op.text[0]); break;
        default: break;
      }
      pos_ += op.text.size();
      emit(op.kind, start, l, c);
      return;
    }
    const auto uc = static_cast<unsigned char>(peek());
    if (uc < 0x20 || uc == 0x7f) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "invalid non-printable character U+%04X", uc);
      fail(buf, l, c);
    }
    // `$`, `?`, `!` and the backtick are not Python tokens, but like CPython
    // we only complain when the parser meets them.
    ++pos_;
    emit(Tok::Unknown, start, l, c);
  }
};

std::string unicode_error(size_t start, size_t end, const char* what) {
  return "(unicode error) 'unicodeescape' codec can't decode bytes in position " +
         std::to_string(start) + "-" + std::to_string(end) + ": " + what;
}

}  // namespace

const std::string& Token::value() const {
  static const std::string empty;
  return kind == Tok::String && !is_fstring && decoded ? *decoded : empty;
}

void append_utf8(std::string& out, uint32_t cp) { utf8::encode(cp, out); }

bool decode_escapes(std::string_view s, std::string& out, std::string& error) {
  out.reserve(out.size() + s.size());
  size_t i = 0;
  while (i < s.size()) {
    const size_t bs = s.find('\\', i);
    if (bs == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, bs - i));
    if (bs + 1 >= s.size()) {  // cannot happen for a well-formed literal
      out += '\\';
      break;
    }
    const char e = s[bs + 1];
    i = bs + 2;
    switch (e) {
      case '\n': break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        uint32_t v = static_cast<uint32_t>(e - '0');
        for (int k = 0; k < 2 && i < s.size() && s[i] >= '0' && s[i] <= '7'; ++k, ++i) {
          v = v * 8 + static_cast<uint32_t>(s[i] - '0');
        }
        append_utf8(out, v);
        break;
      }
      case 'x': case 'u': case 'U': {
        const int want = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        uint32_t v = 0;
        int got = 0;
        while (got < want && i < s.size() && hex_value(s[i]) >= 0) {
          v = v * 16 + static_cast<uint32_t>(hex_value(s[i]));
          ++got;
          ++i;
        }
        if (got < want) {
          const char* what = e == 'x'   ? "truncated \\xXX escape"
                             : e == 'u' ? "truncated \\uXXXX escape"
                                        : "truncated \\UXXXXXXXX escape";
          error = unicode_error(bs, bs + 1 + static_cast<size_t>(got), what);
          return false;
        }
        if (v > 0x10FFFF) {
          error = unicode_error(bs, bs + 9, "illegal Unicode character");
          return false;
        }
        append_utf8(out, v);
        break;
      }
      case 'N':
        error = "\\N{...} escapes are not supported yet";
        return false;
      default:
        // Unknown escapes keep their backslash (CPython only warns).
        out += '\\';
        out += e;
        break;
    }
  }
  return true;
}

NormalizedSource normalize_source(std::string_view source) {
  NormalizedSource result;
  if (source.substr(0, 3) == "\xEF\xBB\xBF") source.remove_prefix(3);
  std::string& out = result.text;
  out.reserve(source.size() + 1);
  int line = 1;
  size_t line_start = 0;  // in `out`
  for (size_t i = 0; i < source.size();) {
    const auto c = static_cast<unsigned char>(source[i]);
    if (c == '\r') {
      out += '\n';
      i += (i + 1 < source.size() && source[i + 1] == '\n') ? 2 : 1;
      ++line;
      line_start = out.size();
      continue;
    }
    if (c == '\n') {
      out += '\n';
      ++i;
      ++line;
      line_start = out.size();
      continue;
    }
    if (c == 0) {
      SyntaxErrorInfo e;
      e.message = "source code cannot contain null bytes";
      e.line = line;
      e.col = static_cast<int>(out.size() - line_start) + 1;
      result.error = std::move(e);
      return result;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    // Validate one UTF-8 sequence (no overlongs, no values past U+10FFFF).
    size_t len = 0;
    uint32_t min = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      min = 0x10000;
    }
    bool ok = len != 0 && i + len <= source.size();
    uint32_t cp = ok ? (c & (0x7F >> len)) : 0;
    for (size_t k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(source[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok && (cp < min || cp > 0x10FFFF)) ok = false;
    if (!ok) {
      char buf[160];
      std::snprintf(buf, sizeof buf,
                    "Non-UTF-8 code starting with '\\x%02x' on line %d, but no encoding declared; "
                    "see https://peps.python.org/pep-0263/ for details",
                    c, line);
      SyntaxErrorInfo e;
      e.message = buf;
      e.line = line;
      e.col = static_cast<int>(out.size() - line_start) + 1;
      result.error = std::move(e);
      return result;
    }
    out.append(source.substr(i, len));
    i += len;
  }
  return result;
}

LexResult tokenize(std::string_view source) { return Lexer(source, 1, 0, false).run(); }

LexResult tokenize_fstring_expr(std::string_view text, int line, int col) {
  return Lexer(text, line, col, true).run();
}

std::string_view token_kind_name(Tok kind) {
  switch (kind) {
    case Tok::EndMarker: return "end of file";
    case Tok::Newline: return "NEWLINE";
    case Tok::Indent: return "INDENT";
    case Tok::Dedent: return "DEDENT";
    case Tok::Name: return "NAME";
    case Tok::Number: return "NUMBER";
    case Tok::String: return "STRING";
    case Tok::Error: return "error";
    case Tok::Unknown: return "unknown character";
    case Tok::LPar: return "'('";
    case Tok::RPar: return "')'";
    case Tok::LSqb: return "'['";
    case Tok::RSqb: return "']'";
    case Tok::LBrace: return "'{'";
    case Tok::RBrace: return "'}'";
    case Tok::Colon: return "':'";
    case Tok::Comma: return "','";
    case Tok::Semi: return "';'";
    case Tok::Dot: return "'.'";
    case Tok::Ellipsis: return "'...'";
    case Tok::Plus: return "'+'";
    case Tok::Minus: return "'-'";
    case Tok::Star: return "'*'";
    case Tok::Slash: return "'/'";
    case Tok::DoubleSlash: return "'//'";
    case Tok::Percent: return "'%'";
    case Tok::At: return "'@'";
    case Tok::DoubleStar: return "'**'";
    case Tok::VBar: return "'|'";
    case Tok::Amper: return "'&'";
    case Tok::Circumflex: return "'^'";
    case Tok::Tilde: return "'~'";
    case Tok::LeftShift: return "'<<'";
    case Tok::RightShift: return "'>>'";
    case Tok::Less: return "'<'";
    case Tok::Greater: return "'>'";
    case Tok::EqEqual: return "'=='";
    case Tok::NotEqual: return "'!='";
    case Tok::LessEqual: return "'<='";
    case Tok::GreaterEqual: return "'>='";
    case Tok::Equal: return "'='";
    case Tok::ColonEqual: return "':='";
    case Tok::RArrow: return "'->'";
    case Tok::PlusEqual: return "'+='";
    case Tok::MinEqual: return "'-='";
    case Tok::StarEqual: return "'*='";
    case Tok::SlashEqual: return "'/='";
    case Tok::DoubleSlashEqual: return "'//='";
    case Tok::PercentEqual: return "'%='";
    case Tok::AtEqual: return "'@='";
    case Tok::DoubleStarEqual: return "'**='";
    case Tok::AmperEqual: return "'&='";
    case Tok::VBarEqual: return "'|='";
    case Tok::CircumflexEqual: return "'^='";
    case Tok::LeftShiftEqual: return "'<<='";
    case Tok::RightShiftEqual: return "'>>='";
    default: break;
  }
  for (const Keyword& k : kKeywords) {
    if (k.kind == kind) return k.word;
  }
  return "?";
}

}  // namespace spindle
