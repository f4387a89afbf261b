// Recursive descent parser for Spindle's Python subset.
//
// The grammar is CPython 3.11's (Grammar/python.gram), hand-written as one
// function per rule, with operator-precedence climbing for the binary
// arithmetic and bitwise levels so that each nested parenthesis costs only a
// handful of C++ frames. A few places need more than one token of lookahead
// (keyword arguments, walrus, the `match` soft keyword, parenthesized `with`
// items); the last two backtrack by catching the internal ParseFail.
//
// After a successful parse, a Checker walks the tree for the errors CPython
// only reports at compile time ('return' outside function, 'break' outside
// loop, starred misuse, ...), so that a real syntax error later in the file
// is still reported first, as CPython does.
#include <algorithm>
#include <cstdio>
#include <utility>

#include "core/lexer.hpp"
#include "core/parser.hpp"

namespace spindle {

namespace {

using namespace ast;

// Bound on the parser's nesting counter (recursion plus long operator and
// trailer chains, which make equally deep trees). The compiler and the node
// destructors recurse over the tree too, so this protects them as well.
constexpr int kMaxExprDepth = 1000;
constexpr int kMaxBlockDepth = 100;

struct ParseFail {
  SyntaxErrorInfo info;
  // "unexpected indent/unindent" found by running into an INDENT/DEDENT
  // token: CPython reports these without looking for tokenizer errors later
  // in the file.
  bool bare_indentation = false;
};

Pos pos_of(const Token& t) { return {t.line, t.col}; }

// CPython's _PyPegen_get_expr_name: how error messages name an expression.
const char* expr_name(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Attribute: return "attribute";
    case ExprKind::Subscript: return "subscript";
    case ExprKind::Starred: return "starred";
    case ExprKind::Name: return "name";
    case ExprKind::List: return "list";
    case ExprKind::Tuple: return "tuple";
    case ExprKind::Lambda: return "lambda";
    case ExprKind::Call: return "function call";
    case ExprKind::BoolOp:
    case ExprKind::BinOp:
    case ExprKind::UnaryOp: return "expression";
    case ExprKind::GeneratorExp: return "generator expression";
    case ExprKind::Yield:
    case ExprKind::YieldFrom: return "yield expression";
    case ExprKind::ListComp: return "list comprehension";
    case ExprKind::SetComp: return "set comprehension";
    case ExprKind::DictComp: return "dict comprehension";
    case ExprKind::Dict: return "dict literal";
    case ExprKind::Set: return "set display";
    case ExprKind::JoinedStr:
    case ExprKind::FormattedValue: return "f-string expression";
    case ExprKind::Compare: return "comparison";
    case ExprKind::IfExp: return "conditional expression";
    case ExprKind::NamedExpr: return "named expression";
    case ExprKind::Slice: return "slice";
    case ExprKind::Constant:
      switch (static_cast<const Constant&>(e).type) {
        case Constant::Type::None: return "None";
        case Constant::Type::True: return "True";
        case Constant::Type::False: return "False";
        case Constant::Type::Ellipsis: return "ellipsis";
        default: return "literal";
      }
  }
  return "expression";
}

bool is_true_false_none(const Expr& e) {
  if (e.kind != ExprKind::Constant) return false;
  const auto t = static_cast<const Constant&>(e).type;
  return t == Constant::Type::True || t == Constant::Type::False || t == Constant::Type::None;
}

// Kinds that cannot come out of CPython's `bitwise_or` rule without
// parentheses; used to pick between CPython's two "cannot assign" wordings.
bool is_above_bitwise_or(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Compare:
    case ExprKind::BoolOp:
    case ExprKind::IfExp:
    case ExprKind::Lambda:
    case ExprKind::NamedExpr:
    case ExprKind::Starred:
    case ExprKind::Yield:
    case ExprKind::YieldFrom: return true;
    case ExprKind::UnaryOp: return static_cast<const UnaryOp&>(e).op == UnaryOpKind::Not;
    default: return false;
  }
}

bool is_augassign(Tok k, BinOpKind& op) {
  switch (k) {
    case Tok::PlusEqual: op = BinOpKind::Add; return true;
    case Tok::MinEqual: op = BinOpKind::Sub; return true;
    case Tok::StarEqual: op = BinOpKind::Mult; return true;
    case Tok::SlashEqual: op = BinOpKind::Div; return true;
    case Tok::DoubleSlashEqual: op = BinOpKind::FloorDiv; return true;
    case Tok::PercentEqual: op = BinOpKind::Mod; return true;
    case Tok::AtEqual: op = BinOpKind::MatMult; return true;
    case Tok::DoubleStarEqual: op = BinOpKind::Pow; return true;
    case Tok::AmperEqual: op = BinOpKind::BitAnd; return true;
    case Tok::VBarEqual: op = BinOpKind::BitOr; return true;
    case Tok::CircumflexEqual: op = BinOpKind::BitXor; return true;
    case Tok::LeftShiftEqual: op = BinOpKind::LShift; return true;
    case Tok::RightShiftEqual: op = BinOpKind::RShift; return true;
    default: return false;
  }
}

// Binary operators handled by precedence climbing: | ^ & shifts +- and the
// multiplicative ones, from loosest (1) to tightest (6).
bool binop_info(Tok k, int& prec, BinOpKind& op) {
  switch (k) {
    case Tok::VBar: prec = 1; op = BinOpKind::BitOr; return true;
    case Tok::Circumflex: prec = 2; op = BinOpKind::BitXor; return true;
    case Tok::Amper: prec = 3; op = BinOpKind::BitAnd; return true;
    case Tok::LeftShift: prec = 4; op = BinOpKind::LShift; return true;
    case Tok::RightShift: prec = 4; op = BinOpKind::RShift; return true;
    case Tok::Plus: prec = 5; op = BinOpKind::Add; return true;
    case Tok::Minus: prec = 5; op = BinOpKind::Sub; return true;
    case Tok::Star: prec = 6; op = BinOpKind::Mult; return true;
    case Tok::Slash: prec = 6; op = BinOpKind::Div; return true;
    case Tok::DoubleSlash: prec = 6; op = BinOpKind::FloorDiv; return true;
    case Tok::Percent: prec = 6; op = BinOpKind::Mod; return true;
    case Tok::At: prec = 6; op = BinOpKind::MatMult; return true;
    default: return false;
  }
}

// Tokens that can begin an expression (used to end tuples with a trailing
// comma and to decide whether `return`/`yield` have a value).
bool starts_expression(Tok k) {
  switch (k) {
    case Tok::Name: case Tok::Number: case Tok::String: case Tok::LPar: case Tok::LSqb:
    case Tok::LBrace: case Tok::Minus: case Tok::Plus: case Tok::Tilde: case Tok::KwNot:
    case Tok::KwLambda: case Tok::KwAwait: case Tok::KwNone: case Tok::KwTrue:
    case Tok::KwFalse: case Tok::Ellipsis: case Tok::Star:
      return true;
    default:
      return false;
  }
}

class Parser {
 public:
  explicit Parser(const LexResult& lex) : lex_(lex), toks_(&lex.tokens) {}

  std::unique_ptr<Module> parse_file() {
    auto m = std::make_unique<Module>();
    while (!at(Tok::EndMarker)) parse_statement(m->body);
    return m;
  }

  // Whether the parser stopped on the token where the lexer gave up.
  bool on_error_token() const { return toks_ == &lex_.tokens && cur().kind == Tok::Error; }

 private:
  const LexResult& lex_;
  const std::vector<Token>* toks_;
  size_t p_ = 0;
  Pos last_end_;  // end of the last consumed token
  int depth_ = 0;
  int block_depth_ = 0;
  int fstring_depth_ = 0;

  // ---- token access --------------------------------------------------------

  const Token& cur() const { return (*toks_)[p_]; }
  const Token& peek(size_t n) const {
    const size_t i = std::min(p_ + n, toks_->size() - 1);
    return (*toks_)[i];
  }
  Tok kind() const { return cur().kind; }
  bool at(Tok k) const { return cur().kind == k; }
  const Token& advance() {
    const Token& t = cur();
    if (t.kind != Tok::EndMarker && t.kind != Tok::Error) ++p_;
    last_end_ = {t.end_line, t.end_col};
    return t;
  }
  bool accept(Tok k) {
    if (!at(k)) return false;
    advance();
    return true;
  }
  const Token& expect(Tok k) {
    if (!at(k)) syntax_error();
    return advance();
  }
  std::string name_text(const Token& t) const { return std::string(t.text); }

  template <typename T>
  void finish(T& node) {
    node.end = last_end_;
  }

  // ---- errors --------------------------------------------------------------

  [[noreturn]] void fail_at(int line, int col1, std::string message,
                            const char* type = "SyntaxError") {
    ParseFail f;
    f.info.type = type;
    if (fstring_depth_ > 0 && message.rfind("f-string", 0) != 0) message = "f-string: " + message;
    f.info.message = std::move(message);
    f.info.line = line;
    f.info.col = col1;
    throw f;
  }
  [[noreturn]] void fail_at(Pos p, std::string message) {
    fail_at(p.line, p.col + 1, std::move(message));
  }
  [[noreturn]] void fail_at(const Token& t, std::string message) {
    fail_at(t.line, t.col + 1, std::move(message));
  }
  [[noreturn]] void fail_at(const Expr& e, std::string message) {
    fail_at(e.pos, std::move(message));
  }

  // "invalid syntax" at the current token, unless the lexer stopped there or
  // the token says something more specific.
  [[noreturn]] void syntax_error() {
    const Token& t = cur();
    if (t.kind == Tok::Error) {
      ParseFail f;
      f.info = *lex_.error;
      throw f;
    }
    if (t.kind == Tok::Indent || t.kind == Tok::Dedent) {
      ParseFail f;
      f.info.type = "IndentationError";
      f.info.message = t.kind == Tok::Indent ? "unexpected indent" : "unexpected unindent";
      f.info.line = t.line;
      f.info.col = t.kind == Tok::Indent ? t.end_col : t.col + 1;
      f.bare_indentation = true;
      throw f;
    }
    fail_at(t, "invalid syntax");
  }

  [[noreturn]] void fail_token_error(const Token& t) {
    ParseFail f;
    f.info = *t.error;
    throw f;
  }

  // CPython's "Perhaps you forgot a comma?" for two expressions side by side
  // inside brackets; otherwise a plain syntax error.
  [[noreturn]] void missing_comma_or_syntax_error(const Expr* prev) {
    if (prev) {
      bool next_starts = false;
      switch (kind()) {
        case Tok::Name: case Tok::Number: case Tok::String: case Tok::LBrace:
        case Tok::KwNone: case Tok::KwTrue: case Tok::KwFalse: case Tok::Ellipsis:
        case Tok::KwLambda: case Tok::KwNot: case Tok::Tilde:
          next_starts = true;
          break;
        default:
          break;
      }
      bool excluded = false;
      if (prev->kind == ExprKind::Name) {
        const std::string& id = static_cast<const Name*>(prev)->id;
        excluded = id == "print" || id == "exec" || id == "match" || id == "case" || id == "_" ||
                   at(Tok::String);
      }
      if (next_starts && !excluded) fail_at(*prev, "invalid syntax. Perhaps you forgot a comma?");
    }
    syntax_error();
  }

  // Guards recursion depth; also used to account for long left-deep chains.
  class DepthGuard {
   public:
    explicit DepthGuard(Parser& p, int amount = 1) : p_(p) { add(amount); }
    ~DepthGuard() { p_.depth_ -= n_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    void add(int amount) {
      if (p_.depth_ + amount > kMaxExprDepth) p_.fail_at(p_.cur(), "expression too deeply nested");
      p_.depth_ += amount;
      n_ += amount;
    }

   private:
    Parser& p_;
    int n_ = 0;
  };

  // ---- statements ----------------------------------------------------------

  void parse_statement(StmtList& out) {
    switch (kind()) {
      case Tok::KwDef: out.push_back(parse_funcdef(ExprList{})); return;
      case Tok::KwClass: out.push_back(parse_classdef(ExprList{})); return;
      case Tok::At: out.push_back(parse_decorated()); return;
      case Tok::KwIf: out.push_back(parse_if()); return;
      case Tok::KwWhile: out.push_back(parse_while()); return;
      case Tok::KwFor: out.push_back(parse_for()); return;
      case Tok::KwTry: out.push_back(parse_try()); return;
      case Tok::KwWith: out.push_back(parse_with()); return;
      case Tok::KwAsync: fail_at(cur(), "'async' is not supported yet");
      case Tok::Name:
        if (cur().text == "match" && looks_like_match_statement()) {
          fail_at(cur(), "the match statement is not supported yet");
        }
        break;
      default:
        break;
    }
    parse_simple_statements(out);
  }

  void parse_simple_statements(StmtList& out) {
    for (;;) {
      out.push_back(parse_simple_statement());
      if (!accept(Tok::Semi)) break;
      if (at(Tok::Newline)) break;
    }
    if (!at(Tok::Newline)) {
      const Stmt& last = *out.back();
      if (last.kind == StmtKind::ExprStmt) {
        const Expr& v = *static_cast<const ExprStmt&>(last).value;
        if (v.kind == ExprKind::Name && starts_expression(kind()) && !at(Tok::LPar) &&
            !at(Tok::LSqb)) {
          const std::string& id = static_cast<const Name&>(v).id;
          if (id == "print" || id == "exec") {
            fail_at(v, "Missing parentheses in call to '" + id + "'. Did you mean " + id +
                           "(...)?");
          }
        }
      }
      syntax_error();
    }
    advance();
  }

  StmtPtr parse_simple_statement() {
    const Token& t = cur();
    const Pos p = pos_of(t);
    switch (t.kind) {
      case Tok::KwPass: advance(); return std::make_unique<Simple>(StmtKind::Pass, p);
      case Tok::KwBreak: advance(); return std::make_unique<Simple>(StmtKind::Break, p);
      case Tok::KwContinue: advance(); return std::make_unique<Simple>(StmtKind::Continue, p);
      case Tok::KwReturn: {
        advance();
        auto r = std::make_unique<Return>(p);
        if (!at(Tok::Newline) && !at(Tok::Semi)) r->value = parse_star_expressions();
        return r;
      }
      case Tok::KwRaise: {
        advance();
        auto r = std::make_unique<Raise>(p);
        if (!at(Tok::Newline) && !at(Tok::Semi)) {
          r->exc = parse_expression();
          if (accept(Tok::KwFrom)) r->cause = parse_expression();
        }
        return r;
      }
      case Tok::KwGlobal:
      case Tok::KwNonlocal: {
        advance();
        auto n = std::make_unique<NameList>(
            t.kind == Tok::KwGlobal ? StmtKind::Global : StmtKind::Nonlocal, p);
        do {
          n->names.push_back(name_text(expect(Tok::Name)));
        } while (accept(Tok::Comma));
        return n;
      }
      case Tok::KwDel: return parse_del();
      case Tok::KwAssert: {
        advance();
        auto a = std::make_unique<Assert>(p);
        a->test = parse_expression();
        if (accept(Tok::Comma)) a->msg = parse_expression();
        return a;
      }
      case Tok::KwImport: return parse_import();
      case Tok::KwFrom: return parse_from_import();
      default: return parse_expression_statement();
    }
  }

  StmtPtr parse_del() {
    const Pos p = pos_of(advance());
    auto d = std::make_unique<Delete>(p);
    for (;;) {
      ExprPtr e = parse_bitwise_or();
      check_target(*e, /*del=*/true, false);
      d->targets.push_back(std::move(e));
      if (!accept(Tok::Comma)) break;
      if (at(Tok::Newline) || at(Tok::Semi)) break;
    }
    return d;
  }

  std::string parse_dotted_name() {
    std::string name = name_text(expect(Tok::Name));
    while (at(Tok::Dot)) {
      advance();
      name += '.';
      name += name_text(expect(Tok::Name));
    }
    return name;
  }

  StmtPtr parse_import() {
    const Pos p = pos_of(advance());
    auto imp = std::make_unique<Import>(p);
    do {
      Alias a;
      a.pos = pos_of(cur());
      a.name = parse_dotted_name();
      if (accept(Tok::KwAs)) a.asname = name_text(expect(Tok::Name));
      imp->names.push_back(std::move(a));
    } while (accept(Tok::Comma));
    return imp;
  }

  StmtPtr parse_from_import() {
    const Pos p = pos_of(advance());
    auto imp = std::make_unique<ImportFrom>(p);
    for (;;) {
      if (accept(Tok::Dot)) {
        imp->level += 1;
      } else if (accept(Tok::Ellipsis)) {
        imp->level += 3;
      } else {
        break;
      }
    }
    if (at(Tok::Name) || imp->level == 0) imp->module = parse_dotted_name();
    expect(Tok::KwImport);
    if (at(Tok::Star)) {
      Alias a;
      a.pos = pos_of(advance());
      a.name = "*";
      imp->names.push_back(std::move(a));
      return imp;
    }
    const bool parens = accept(Tok::LPar);
    for (;;) {
      Alias a;
      a.pos = pos_of(cur());
      a.name = name_text(expect(Tok::Name));
      if (accept(Tok::KwAs)) a.asname = name_text(expect(Tok::Name));
      imp->names.push_back(std::move(a));
      if (!at(Tok::Comma)) break;
      const Token& comma = advance();
      if (parens && at(Tok::RPar)) break;
      if (!parens && (at(Tok::Newline) || at(Tok::Semi))) {
        fail_at(comma.line, comma.end_col + 1,
                "trailing comma not allowed without surrounding parentheses");
      }
    }
    if (parens) expect(Tok::RPar);
    return imp;
  }

  ExprPtr parse_assignment_value() {
    if (at(Tok::KwYield)) return parse_yield_expression();
    return parse_star_expressions();
  }

  StmtPtr parse_expression_statement() {
    const size_t start = p_;
    const Pos p = pos_of(cur());
    ExprPtr first = parse_assignment_value();

    if (at(Tok::ColonEqual) && first->kind != ExprKind::Name) {
      fail_at(*first, std::string("cannot use assignment expressions with ") + expr_name(*first));
    }
    if (at(Tok::Colon)) {
      // Annotated assignment; the annotation is parsed (first, as CPython
      // does before judging the target) and dropped.
      advance();
      parse_expression();
      switch (first->kind) {
        case ExprKind::Name:
        case ExprKind::Attribute:
        case ExprKind::Subscript: break;
        case ExprKind::Tuple: fail_at(*first, "only single target (not tuple) can be annotated");
        case ExprKind::List: fail_at(*first, "only single target (not list) can be annotated");
        default: fail_at(*first, "illegal target for annotation");
      }
      auto a = std::make_unique<AnnAssign>(p);
      a->target = std::move(first);
      if (accept(Tok::Equal)) a->value = parse_assignment_value();
      return a;
    }

    BinOpKind op;
    if (is_augassign(kind(), op)) {
      switch (first->kind) {
        case ExprKind::Name:
        case ExprKind::Attribute:
        case ExprKind::Subscript: break;
        default:
          fail_at(*first, std::string("'") + expr_name(*first) +
                              "' is an illegal expression for augmented assignment");
      }
      advance();
      auto a = std::make_unique<AugAssign>(p);
      a->target = std::move(first);
      a->op = op;
      a->value = parse_assignment_value();
      return a;
    }

    if (at(Tok::Equal)) {
      auto a = std::make_unique<Assign>(p);
      // Each target is checked on reaching its '=', before the value is
      // parsed, so a bad target wins over a bad value as in CPython.
      check_first_assign_target(*first, start);
      a->targets.push_back(std::move(first));
      for (;;) {
        advance();  // '='
        ExprPtr rhs = parse_assignment_value();
        if (!at(Tok::Equal)) {
          a->value = std::move(rhs);
          break;
        }
        check_target(*rhs, false, false);
        a->targets.push_back(std::move(rhs));
      }
      return a;
    }

    return std::make_unique<ExprStmt>(p, std::move(first));
  }

  // The first target of `t = ...`; p_ is at the '=' and `start` indexes the
  // statement's first token. CPython words the error as a suggestion to use
  // '==' when the statement looks like a mistyped comparison: one '=' and a
  // target that is a plain (or parenthesized) operand.
  void check_first_assign_target(const Expr& t, size_t start) {
    const Expr* bad = invalid_target(t, false);
    if (!bad) return;
    bool suggest = bad == &t && t.kind != ExprKind::Tuple && t.kind != ExprKind::List &&
                   t.kind != ExprKind::GeneratorExp && !is_true_false_none(t);
    if (suggest && is_above_bitwise_or(t)) {
      // Allowed only if the whole target is in parentheses.
      const size_t eq = p_;
      suggest = (*toks_)[start].kind == Tok::LPar && (*toks_)[eq - 1].kind == Tok::RPar;
      int level = 0;
      for (size_t i = start; suggest && i < eq; ++i) {
        const Tok k = (*toks_)[i].kind;
        if (k == Tok::LPar || k == Tok::LSqb || k == Tok::LBrace) ++level;
        if (k == Tok::RPar || k == Tok::RSqb || k == Tok::RBrace) --level;
        if (level == 0 && i + 1 < eq) suggest = false;
      }
    }
    if (suggest) {
      // ... and only when a single value follows.
      const size_t save = p_;
      const Pos save_end = last_end_;
      try {
        advance();
        parse_assignment_value();
        suggest = !at(Tok::Equal);
      } catch (ParseFail&) {
        suggest = false;
      }
      p_ = save;
      last_end_ = save_end;
    }
    check_target(t, false, suggest);
  }

  // Reports the first part of `e` that cannot be assigned to (or deleted).
  void check_target(const Expr& e, bool del, bool suggest_eq) {
    const Expr* bad = invalid_target(e, del);
    if (!bad) return;
    std::string msg = std::string(del ? "cannot delete " : "cannot assign to ") + expr_name(*bad);
    if (suggest_eq && bad == &e) msg += " here. Maybe you meant '==' instead of '='?";
    fail_at(*bad, msg);
  }

  static const Expr* invalid_target(const Expr& e, bool del) {
    switch (e.kind) {
      case ExprKind::Name:
      case ExprKind::Attribute:
      case ExprKind::Subscript: return nullptr;
      case ExprKind::Tuple:
      case ExprKind::List:
        for (const ExprPtr& elt : static_cast<const Sequence&>(e).elts) {
          if (const Expr* bad = invalid_target(*elt, del)) return bad;
        }
        return nullptr;
      case ExprKind::Starred:
        if (del) return &e;
        return invalid_target(*static_cast<const Starred&>(e).value, del);
      default: return &e;
    }
  }

  // ---- compound statements -------------------------------------------------

  // The ':' ending a compound statement header. CPython insists on it after
  // `try`, `else`, `finally` and a def's signature (`forced`); elsewhere
  // only a newline in its place gets the specific message.
  void expect_colon(bool forced = false) {
    if (accept(Tok::Colon)) return;
    if (at(Tok::Error)) syntax_error();
    if (forced) fail_at(cur(), "expected ':'");
    if (at(Tok::Newline)) fail_at(last_end_.line, last_end_.col + 1, "expected ':'");
    syntax_error();
  }

  // The body after a compound statement header's ':'.
  StmtList parse_block(const std::string& what, int header_line) {
    StmtList body;
    if (accept(Tok::Newline)) {
      if (!at(Tok::Indent)) {
        if (at(Tok::Error)) syntax_error();
        const std::string msg =
            "expected an indented block after " + what + " on line " + std::to_string(header_line);
        const Token& t = at(Tok::EndMarker) ? peek_back() : cur();
        fail_at(t.line, t.col + 1, msg, "IndentationError");
      }
      advance();
      if (block_depth_ >= kMaxBlockDepth) fail_at(cur(), "too many statically nested blocks");
      ++block_depth_;
      struct Restore {
        int& d;
        ~Restore() { --d; }
      } restore{block_depth_};
      while (!at(Tok::Dedent) && !at(Tok::EndMarker)) parse_statement(body);
      expect(Tok::Dedent);
      return body;
    }
    switch (kind()) {
      case Tok::KwIf: case Tok::KwWhile: case Tok::KwFor: case Tok::KwTry: case Tok::KwWith:
      case Tok::KwDef: case Tok::KwClass: case Tok::At:
        syntax_error();
      default:
        break;
    }
    parse_simple_statements(body);
    return body;
  }

  // The token before the current one (for errors reported at end of file).
  const Token& peek_back() const { return p_ > 0 ? (*toks_)[p_ - 1] : cur(); }

  StmtPtr parse_if() {
    const Token& kw = advance();
    const bool elif = kw.kind == Tok::KwElif;
    auto s = std::make_unique<If>(pos_of(kw));
    s->test = parse_named_expression();
    expect_colon();
    s->body = parse_block(elif ? "'elif' statement" : "'if' statement", kw.line);
    if (at(Tok::KwElif)) {
      s->orelse.push_back(parse_if());
    } else if (at(Tok::KwElse)) {
      const Token& e = advance();
      expect_colon(true);
      s->orelse = parse_block("'else' statement", e.line);
    }
    return s;
  }

  StmtPtr parse_while() {
    const Token& kw = advance();
    auto s = std::make_unique<While>(pos_of(kw));
    s->test = parse_named_expression();
    expect_colon();
    s->body = parse_block("'while' statement", kw.line);
    if (at(Tok::KwElse)) {
      const Token& e = advance();
      expect_colon(true);
      s->orelse = parse_block("'else' statement", e.line);
    }
    return s;
  }

  StmtPtr parse_for() {
    const Token& kw = advance();
    auto s = std::make_unique<For>(pos_of(kw));
    s->target = parse_target_list();
    check_target(*s->target, false, false);
    expect(Tok::KwIn);
    s->iter = parse_star_expressions();
    expect_colon();
    s->body = parse_block("'for' statement", kw.line);
    if (at(Tok::KwElse)) {
      const Token& e = advance();
      expect_colon(true);
      s->orelse = parse_block("'else' statement", e.line);
    }
    return s;
  }

  StmtPtr parse_try() {
    const Token& kw = advance();
    auto s = std::make_unique<Try>(pos_of(kw));
    expect_colon(true);
    s->body = parse_block("'try' statement", kw.line);
    while (at(Tok::KwExcept)) {
      const Token& ex = advance();
      if (at(Tok::Star)) fail_at(cur(), "'except*' is not supported yet");
      ExceptHandler h;
      h.pos = pos_of(ex);
      if (!at(Tok::Colon)) {
        h.type = parse_expression();
        if (at(Tok::Comma)) fail_at(*h.type, "multiple exception types must be parenthesized");
        if (accept(Tok::KwAs)) h.name = name_text(expect(Tok::Name));
      }
      expect_colon();
      h.body = parse_block("'except' statement", ex.line);
      s->handlers.push_back(std::move(h));
    }
    if (at(Tok::KwElse)) {
      if (s->handlers.empty()) syntax_error();
      const Token& e = advance();
      expect_colon(true);
      s->orelse = parse_block("'else' statement", e.line);
    }
    if (at(Tok::KwFinally)) {
      const Token& f = advance();
      expect_colon(true);
      s->finalbody = parse_block("'finally' statement", f.line);
    }
    if (s->handlers.empty() && s->finalbody.empty()) {
      if (at(Tok::Error)) syntax_error();
      fail_at(cur(), "expected 'except' or 'finally' block");
    }
    return s;
  }

  WithItem parse_with_item() {
    WithItem item;
    item.context_expr = parse_expression();
    if (accept(Tok::KwAs)) {
      item.optional_vars = parse_star_target();
      check_target(*item.optional_vars, false, false);
    }
    return item;
  }

  StmtPtr parse_with() {
    const Token& kw = advance();
    auto s = std::make_unique<With>(pos_of(kw));
    if (at(Tok::LPar)) {
      // `with (a as b, c as d):` -- try the parenthesized item list first and
      // fall back to a parenthesized expression, as CPython's PEG rules do.
      const size_t save = p_;
      const Pos save_end = last_end_;
      try {
        advance();
        std::vector<WithItem> items;
        for (;;) {
          items.push_back(parse_with_item());
          if (!accept(Tok::Comma)) break;
          if (at(Tok::RPar)) break;
        }
        expect(Tok::RPar);
        if (!at(Tok::Colon)) throw ParseFail{};
        s->items = std::move(items);
      } catch (ParseFail&) {
        p_ = save;
        last_end_ = save_end;
      }
    }
    if (s->items.empty()) {
      do {
        s->items.push_back(parse_with_item());
      } while (accept(Tok::Comma));
    }
    expect_colon();
    s->body = parse_block("'with' statement", kw.line);
    return s;
  }

  ExprList parse_decorators() {
    ExprList decorators;
    while (at(Tok::At)) {
      advance();
      decorators.push_back(parse_named_expression());
      expect(Tok::Newline);
    }
    return decorators;
  }

  StmtPtr parse_decorated() {
    ExprList decorators = parse_decorators();
    if (at(Tok::KwDef)) return parse_funcdef(std::move(decorators));
    if (at(Tok::KwClass)) return parse_classdef(std::move(decorators));
    if (at(Tok::KwAsync)) fail_at(cur(), "'async' is not supported yet");
    syntax_error();
  }

  StmtPtr parse_funcdef(ExprList decorators) {
    const Token& kw = advance();
    auto f = std::make_unique<FunctionDef>(pos_of(kw));
    f->decorators = std::move(decorators);
    f->name = name_text(expect(Tok::Name));
    if (!at(Tok::LPar)) {
      if (at(Tok::Error)) syntax_error();
      fail_at(cur(), "expected '('");
    }
    advance();
    {
      DepthGuard g(*this);
      f->args = parse_parameters(Tok::RPar, true);
    }
    expect(Tok::RPar);
    if (accept(Tok::RArrow)) parse_expression();  // return annotation, dropped
    expect_colon(true);
    f->body = parse_block("function definition", kw.line);
    return f;
  }

  StmtPtr parse_classdef(ExprList decorators) {
    const Token& kw = advance();
    auto c = std::make_unique<ClassDef>(pos_of(kw));
    c->decorators = std::move(decorators);
    c->name = name_text(expect(Tok::Name));
    if (at(Tok::LPar)) parse_call_arguments(c->bases, c->keywords, false);
    expect_colon();
    c->body = parse_block("class definition", kw.line);
    return c;
  }

  // `match` is a soft keyword: it starts a match statement only when followed
  // by a subject expression, ':' and a newline.
  bool looks_like_match_statement() {
    switch (peek(1).kind) {
      case Tok::Newline: case Tok::Equal: case Tok::Dot: case Tok::Comma: case Tok::Colon:
      case Tok::Semi: case Tok::RPar:
        return false;
      default:
        break;
    }
    const size_t save = p_;
    const Pos save_end = last_end_;
    bool result = false;
    try {
      advance();
      parse_star_named_expressions();
      result = at(Tok::Colon) && peek(1).kind == Tok::Newline;
    } catch (ParseFail&) {
      result = false;
    }
    p_ = save;
    last_end_ = save_end;
    return result;
  }

  // ---- parameters ----------------------------------------------------------

  Arg parse_parameter_name(bool annotations, bool star) {
    const Token& t = expect(Tok::Name);
    Arg a;
    a.pos = pos_of(t);
    a.name = name_text(t);
    if (annotations && accept(Tok::Colon)) {
      if (star && accept(Tok::Star)) {
        parse_bitwise_or();  // `*args: *Ts`
      } else {
        parse_expression();
      }
    }
    return a;
  }

  // Parameters of a def (`end` = ')') or lambda (`end` = ':').
  Arguments parse_parameters(Tok end, bool annotations) {
    Arguments a;
    bool seen_default = false, seen_star = false, seen_slash = false;
    while (!at(end)) {
      const Token& t = cur();
      if (t.kind == Tok::Slash) {
        if (seen_slash) fail_at(t, "/ may appear only once");
        if (seen_star) fail_at(t, "/ must be ahead of *");
        if (a.args.empty()) syntax_error();
        advance();
        seen_slash = true;
        a.posonlyargs = std::move(a.args);
        a.args.clear();
      } else if (t.kind == Tok::Star) {
        advance();
        if (seen_star) fail_at(t, "* argument may appear only once");
        seen_star = true;
        if (at(Tok::Name)) {
          a.vararg = std::make_unique<Arg>(parse_parameter_name(annotations, true));
          if (at(Tok::Equal)) fail_at(cur(), "var-positional argument cannot have default value");
        } else {
          // A bare '*' must be followed by keyword-only parameters.
          if (at(end) || (at(Tok::Comma) && (peek(1).kind == end ||
                                             peek(1).kind == Tok::DoubleStar))) {
            // CPython points at the '*' of a def but past it in a lambda.
            fail_at(end == Tok::Colon ? cur() : t, "named arguments must follow bare *");
          }
          if (!at(Tok::Comma)) syntax_error();
        }
      } else if (t.kind == Tok::DoubleStar) {
        advance();
        a.kwarg = std::make_unique<Arg>(parse_parameter_name(annotations, false));
        if (at(Tok::Equal)) fail_at(cur(), "var-keyword argument cannot have default value");
        if (accept(Tok::Comma) && !at(end)) {
          if (at(Tok::Name) || at(Tok::Star) || at(Tok::DoubleStar) || at(Tok::Slash)) {
            fail_at(cur(), "arguments cannot follow var-keyword argument");
          }
          syntax_error();
        }
        break;
      } else if (t.kind == Tok::Name) {
        Arg arg = parse_parameter_name(annotations, false);
        ExprPtr def;
        if (accept(Tok::Equal)) def = parse_expression();
        if (seen_star) {
          a.kwonlyargs.push_back(std::move(arg));
          a.kw_defaults.push_back(std::move(def));
        } else {
          if (def) {
            a.defaults.push_back(std::move(def));
            seen_default = true;
          } else if (seen_default) {
            fail_at(arg.pos, "non-default argument follows default argument");
          }
          a.args.push_back(std::move(arg));
        }
      } else {
        syntax_error();
      }
      if (!accept(Tok::Comma)) break;
    }
    if (!at(end)) syntax_error();
    return a;
  }

  // ---- expressions ---------------------------------------------------------

  // star_expressions: an unparenthesized tuple of (possibly starred)
  // expressions, or a single one.
  ExprPtr parse_star_expressions() {
    const Pos p = pos_of(cur());
    ExprPtr e = parse_star_expression();
    if (!at(Tok::Comma)) return e;
    auto t = std::make_unique<Sequence>(ExprKind::Tuple, p);
    t->elts.push_back(std::move(e));
    while (at(Tok::Comma)) {
      advance();
      if (!starts_expression(kind())) break;
      t->elts.push_back(parse_star_expression());
    }
    finish(*t);
    return t;
  }

  ExprPtr parse_star_expression() {
    if (at(Tok::Star)) {
      const Token& s = advance();
      auto e = std::make_unique<Starred>(pos_of(s), parse_bitwise_or());
      finish(*e);
      return e;
    }
    return parse_expression();
  }

  // star_named_expressions, as in a `match` subject.
  ExprPtr parse_star_named_expressions() {
    const Pos p = pos_of(cur());
    ExprPtr e = parse_star_named_expression();
    if (!at(Tok::Comma)) return e;
    auto t = std::make_unique<Sequence>(ExprKind::Tuple, p);
    t->elts.push_back(std::move(e));
    while (at(Tok::Comma)) {
      advance();
      if (!starts_expression(kind())) break;
      t->elts.push_back(parse_star_named_expression());
    }
    finish(*t);
    return t;
  }

  ExprPtr parse_star_named_expression() {
    if (at(Tok::Star)) {
      const Token& s = advance();
      auto e = std::make_unique<Starred>(pos_of(s), parse_bitwise_or());
      finish(*e);
      return e;
    }
    return parse_named_expression();
  }

  // `equal_hint` is off where a following '=' means something else (call
  // arguments report their own error).
  ExprPtr parse_named_expression(bool equal_hint = true) {
    if (at(Tok::Name) && peek(1).kind == Tok::ColonEqual) {
      const Token& n = advance();
      auto target = std::make_unique<Name>(pos_of(n), name_text(n));
      finish(*target);
      advance();  // ':='
      auto e = std::make_unique<NamedExpr>(pos_of(n));
      e->target = std::move(target);
      DepthGuard g(*this);
      e->value = parse_expression();
      finish(*e);
      return e;
    }
    ExprPtr e = parse_expression();
    if (at(Tok::ColonEqual)) {
      fail_at(*e, std::string("cannot use assignment expressions with ") + expr_name(*e));
    }
    if (equal_hint && at(Tok::Equal) && peek(1).kind != Tok::Star &&
        starts_expression(peek(1).kind)) {
      // `if x = 1:`, `[a.b = 1]`: CPython's hints for a mistyped comparison.
      if (e->kind == ExprKind::Name) {
        fail_at(*e, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
      }
      if (!is_above_bitwise_or(*e) && !is_true_false_none(*e) && e->kind != ExprKind::Tuple &&
          e->kind != ExprKind::List && e->kind != ExprKind::GeneratorExp) {
        fail_at(*e, std::string("cannot assign to ") + expr_name(*e) +
                        " here. Maybe you meant '==' instead of '='?");
      }
    }
    return e;
  }

  ExprPtr parse_expression() {
    if (at(Tok::KwLambda)) return parse_lambda();
    const Pos start = pos_of(cur());
    ExprPtr body = parse_disjunction();
    if (!at(Tok::KwIf)) return body;
    advance();
    auto e = std::make_unique<IfExp>(start);
    e->test = parse_disjunction();
    if (!accept(Tok::KwElse)) {
      if (at(Tok::Error) || at(Tok::Colon)) syntax_error();
      fail_at(*body, "expected 'else' after 'if' expression");
    }
    e->body = std::move(body);
    DepthGuard g(*this);
    e->orelse = parse_expression();
    finish(*e);
    return e;
  }

  ExprPtr parse_lambda() {
    const Token& kw = advance();
    auto l = std::make_unique<Lambda>(pos_of(kw));
    DepthGuard g(*this);
    l->args = parse_parameters(Tok::Colon, false);
    expect(Tok::Colon);
    l->body = parse_expression();
    finish(*l);
    return l;
  }

  ExprPtr parse_disjunction() {
    const Pos start = pos_of(cur());
    ExprPtr first = parse_conjunction();
    if (!at(Tok::KwOr)) return first;
    auto b = std::make_unique<BoolOp>(start, BoolOpKind::Or);
    b->values.push_back(std::move(first));
    while (accept(Tok::KwOr)) b->values.push_back(parse_conjunction());
    finish(*b);
    return b;
  }

  ExprPtr parse_conjunction() {
    const Pos start = pos_of(cur());
    ExprPtr first = parse_inversion();
    if (!at(Tok::KwAnd)) return first;
    auto b = std::make_unique<BoolOp>(start, BoolOpKind::And);
    b->values.push_back(std::move(first));
    while (accept(Tok::KwAnd)) b->values.push_back(parse_inversion());
    finish(*b);
    return b;
  }

  ExprPtr parse_inversion() {
    if (!at(Tok::KwNot)) return parse_comparison();
    std::vector<Pos> nots;
    while (at(Tok::KwNot)) nots.push_back(pos_of(advance()));
    DepthGuard g(*this, static_cast<int>(nots.size()));
    ExprPtr e = parse_comparison();
    for (size_t i = nots.size(); i-- > 0;) {
      auto u = std::make_unique<UnaryOp>(nots[i], UnaryOpKind::Not, std::move(e));
      finish(*u);
      e = std::move(u);
    }
    return e;
  }

  ExprPtr parse_comparison() {
    const Pos start = pos_of(cur());
    ExprPtr left = parse_bitwise_or();
    std::unique_ptr<Compare> c;
    for (;;) {
      CmpOpKind op;
      switch (kind()) {
        case Tok::EqEqual: op = CmpOpKind::Eq; break;
        case Tok::NotEqual: op = CmpOpKind::NotEq; break;
        case Tok::Less: op = CmpOpKind::Lt; break;
        case Tok::LessEqual: op = CmpOpKind::LtE; break;
        case Tok::Greater: op = CmpOpKind::Gt; break;
        case Tok::GreaterEqual: op = CmpOpKind::GtE; break;
        case Tok::KwIn: op = CmpOpKind::In; break;
        case Tok::KwIs:
          op = peek(1).kind == Tok::KwNot ? CmpOpKind::IsNot : CmpOpKind::Is;
          break;
        case Tok::KwNot:
          if (peek(1).kind != Tok::KwIn) goto done;
          op = CmpOpKind::NotIn;
          break;
        default: goto done;
      }
      advance();
      if (op == CmpOpKind::IsNot || op == CmpOpKind::NotIn) advance();
      if (!c) {
        c = std::make_unique<Compare>(start);
        c->left = std::move(left);
      }
      c->ops.push_back(op);
      c->comparators.push_back(parse_bitwise_or());
    }
  done:
    if (!c) return left;
    finish(*c);
    return c;
  }

  ExprPtr parse_bitwise_or() { return parse_binary(1); }

  ExprPtr parse_binary(int min_prec) {
    // Nodes start at the rule's first token, so `(a) + b` starts at '('.
    const Pos start = pos_of(cur());
    ExprPtr left = parse_factor();
    DepthGuard chain(*this, 0);
    for (;;) {
      int prec;
      BinOpKind op;
      if (!binop_info(kind(), prec, op) || prec < min_prec) break;
      advance();
      ExprPtr right = parse_binary(prec + 1);
      auto b = std::make_unique<BinOp>(start, op, std::move(left), std::move(right));
      finish(*b);
      left = std::move(b);
      chain.add(1);  // each step makes the left-deep tree one level deeper
    }
    return left;
  }

  ExprPtr parse_factor() {
    if (!at(Tok::Plus) && !at(Tok::Minus) && !at(Tok::Tilde)) return parse_power();
    std::vector<std::pair<Pos, UnaryOpKind>> ops;
    for (;;) {
      UnaryOpKind op;
      if (at(Tok::Plus)) {
        op = UnaryOpKind::UAdd;
      } else if (at(Tok::Minus)) {
        op = UnaryOpKind::USub;
      } else if (at(Tok::Tilde)) {
        op = UnaryOpKind::Invert;
      } else {
        break;
      }
      ops.emplace_back(pos_of(advance()), op);
    }
    DepthGuard g(*this, static_cast<int>(ops.size()));
    ExprPtr e = parse_power();
    for (size_t i = ops.size(); i-- > 0;) {
      auto u = std::make_unique<UnaryOp>(ops[i].first, ops[i].second, std::move(e));
      finish(*u);
      e = std::move(u);
    }
    return e;
  }

  ExprPtr parse_power() {
    if (at(Tok::KwAwait)) fail_at(cur(), "'await' is not supported yet");
    const Pos start = pos_of(cur());
    ExprPtr base = parse_primary();
    if (!at(Tok::DoubleStar)) return base;
    advance();
    DepthGuard g(*this);
    ExprPtr exp = parse_factor();  // right-assoc, and allows 2**-1
    auto b = std::make_unique<BinOp>(start, BinOpKind::Pow, std::move(base), std::move(exp));
    finish(*b);
    return b;
  }

  ExprPtr parse_primary() {
    const Pos start = pos_of(cur());
    ExprPtr e = parse_atom();
    DepthGuard chain(*this, 0);
    for (;;) {
      if (at(Tok::Dot)) {
        advance();
        const Token& n = expect(Tok::Name);
        auto a = std::make_unique<Attribute>(start, std::move(e), name_text(n));
        finish(*a);
        e = std::move(a);
      } else if (at(Tok::LPar)) {
        auto c = std::make_unique<Call>(start);
        c->func = std::move(e);
        parse_call_arguments(c->args, c->keywords, true);
        finish(*c);
        e = std::move(c);
      } else if (at(Tok::LSqb)) {
        advance();
        DepthGuard g(*this);
        auto s = std::make_unique<Subscript>(start);
        s->value = std::move(e);
        s->slice = parse_slices();
        if (!at(Tok::RSqb)) missing_comma_or_syntax_error(nullptr);
        advance();
        finish(*s);
        e = std::move(s);
      } else {
        break;
      }
      chain.add(1);
    }
    return e;
  }

  // Call arguments (also class bases); the current token is '('.
  void parse_call_arguments(ExprList& args, std::vector<Keyword>& keywords, bool allow_genexp) {
    const Token& open = advance();
    DepthGuard g(*this);
    bool seen_keyword = false, seen_double_star = false;
    const Expr* last = nullptr;
    while (!at(Tok::RPar)) {
      const Token& t = cur();
      last = nullptr;
      if (t.kind == Tok::Star) {
        advance();
        auto s = std::make_unique<Starred>(pos_of(t), parse_expression());
        finish(*s);
        if (seen_double_star) {
          fail_at(t, "iterable argument unpacking follows keyword argument unpacking");
        }
        last = s.get();
        args.push_back(std::move(s));
      } else if (t.kind == Tok::DoubleStar) {
        advance();
        Keyword k;
        k.pos = pos_of(t);
        k.value = parse_expression();
        last = k.value.get();
        keywords.push_back(std::move(k));
        seen_double_star = true;
      } else if (t.kind == Tok::Name && peek(1).kind == Tok::Equal) {
        advance();
        advance();
        Keyword k;
        k.pos = pos_of(t);
        k.arg = name_text(t);
        k.value = parse_expression();
        last = k.value.get();
        keywords.push_back(std::move(k));
        seen_keyword = true;
      } else if ((t.kind == Tok::KwTrue || t.kind == Tok::KwFalse || t.kind == Tok::KwNone) &&
                 peek(1).kind == Tok::Equal) {
        fail_at(t, "cannot assign to " + name_text(t));
      } else {
        ExprPtr e = parse_named_expression(false);
        if (at(Tok::KwFor) || at(Tok::KwAsync)) {
          // A bare generator expression must be the only argument.
          if (!allow_genexp || !args.empty() || !keywords.empty()) {
            fail_at(*e, "Generator expression must be parenthesized");
          }
          auto gen = std::make_unique<Comp>(ExprKind::GeneratorExp, pos_of(open));
          const Pos elt_pos = e->pos;
          gen->elt = std::move(e);
          parse_comprehension_clauses(gen->generators);
          if (!at(Tok::RPar)) fail_at(elt_pos, "Generator expression must be parenthesized");
          gen->end = {cur().end_line, cur().end_col};  // includes the call's ')'
          args.push_back(std::move(gen));
          break;
        }
        if (at(Tok::Equal)) {
          fail_at(*e, "expression cannot contain assignment, perhaps you meant \"==\"?");
        }
        if (seen_double_star) fail_at(*e, "positional argument follows keyword argument unpacking");
        if (seen_keyword) fail_at(*e, "positional argument follows keyword argument");
        last = e.get();
        args.push_back(std::move(e));
      }
      if (!accept(Tok::Comma)) break;
    }
    if (!at(Tok::RPar)) missing_comma_or_syntax_error(last);
    advance();
  }

  ExprPtr parse_slices() {
    const Pos p = pos_of(cur());
    ExprPtr first = parse_slice();
    if (!at(Tok::Comma)) {
      if (first->kind != ExprKind::Starred) return first;
      // `a[*b]` is a one-element tuple, as in CPython 3.11.
      auto t = std::make_unique<Sequence>(ExprKind::Tuple, p);
      t->elts.push_back(std::move(first));
      finish(*t);
      return t;
    }
    auto t = std::make_unique<Sequence>(ExprKind::Tuple, p);
    t->elts.push_back(std::move(first));
    while (accept(Tok::Comma)) {
      if (at(Tok::RSqb)) break;
      t->elts.push_back(parse_slice());
    }
    finish(*t);
    return t;
  }

  ExprPtr parse_slice() {
    if (at(Tok::Star)) {
      const Token& s = advance();
      auto e = std::make_unique<Starred>(pos_of(s), parse_bitwise_or());
      finish(*e);
      return e;
    }
    const Pos p = pos_of(cur());
    ExprPtr lower;
    if (!at(Tok::Colon)) {
      lower = parse_named_expression();
      if (!at(Tok::Colon)) return lower;
    }
    auto s = std::make_unique<Slice>(p);
    s->lower = std::move(lower);
    advance();  // ':'
    if (!at(Tok::Colon) && !at(Tok::Comma) && !at(Tok::RSqb)) s->upper = parse_expression();
    if (accept(Tok::Colon)) {
      if (!at(Tok::Comma) && !at(Tok::RSqb)) s->step = parse_expression();
    }
    finish(*s);
    return s;
  }

  ExprPtr parse_atom() {
    const Token& t = cur();
    switch (t.kind) {
      case Tok::Name: {
        advance();
        auto n = std::make_unique<Name>(pos_of(t), name_text(t));
        finish(*n);
        return n;
      }
      case Tok::KwTrue:
      case Tok::KwFalse:
      case Tok::KwNone:
      case Tok::Ellipsis: {
        advance();
        const Constant::Type type = t.kind == Tok::KwTrue    ? Constant::Type::True
                                    : t.kind == Tok::KwFalse ? Constant::Type::False
                                    : t.kind == Tok::KwNone  ? Constant::Type::None
                                                             : Constant::Type::Ellipsis;
        auto c = std::make_unique<Constant>(pos_of(t), type);
        finish(*c);
        return c;
      }
      case Tok::Number: {
        if (t.error) fail_token_error(t);
        advance();
        auto c = std::make_unique<Constant>(pos_of(t), t.is_float ? Constant::Type::Float
                                                                  : Constant::Type::Int);
        if (t.is_float) {
          c->float_value = t.float_value;
        } else {
          c->int_value = t.int_value;
        }
        finish(*c);
        return c;
      }
      case Tok::String: return parse_strings();
      case Tok::LPar: return parse_paren();
      case Tok::LSqb: return parse_list();
      case Tok::LBrace: return parse_brace();
      default: syntax_error();
    }
  }

  ExprPtr parse_paren() {
    const Token& open = advance();
    DepthGuard g(*this);
    if (at(Tok::RPar)) {
      advance();
      auto t = std::make_unique<Sequence>(ExprKind::Tuple, pos_of(open));
      finish(*t);
      return t;
    }
    if (at(Tok::KwYield)) {
      ExprPtr y = parse_yield_expression();
      expect(Tok::RPar);
      return y;
    }
    ExprPtr first = parse_star_named_expression();
    if (at(Tok::KwFor) || at(Tok::KwAsync)) {
      if (first->kind == ExprKind::Starred) {
        fail_at(*first, "iterable unpacking cannot be used in comprehension");
      }
      auto gen = std::make_unique<Comp>(ExprKind::GeneratorExp, pos_of(open));
      gen->elt = std::move(first);
      parse_comprehension_clauses(gen->generators);
      if (!at(Tok::RPar)) syntax_error();
      advance();
      finish(*gen);
      return gen;
    }
    if (at(Tok::RPar)) {
      if (first->kind == ExprKind::Starred) fail_at(*first, "cannot use starred expression here");
      advance();
      return first;  // a parenthesized expression keeps its own position
    }
    if (!at(Tok::Comma)) missing_comma_or_syntax_error(first.get());
    auto t = std::make_unique<Sequence>(ExprKind::Tuple, pos_of(open));
    t->elts.push_back(std::move(first));
    while (accept(Tok::Comma)) {
      if (at(Tok::RPar)) break;
      t->elts.push_back(parse_star_named_expression());
    }
    if (!at(Tok::RPar)) missing_comma_or_syntax_error(t->elts.back().get());
    advance();
    finish(*t);
    return t;
  }

  ExprPtr parse_list() {
    const Token& open = advance();
    DepthGuard g(*this);
    if (at(Tok::RSqb)) {
      advance();
      auto l = std::make_unique<Sequence>(ExprKind::List, pos_of(open));
      finish(*l);
      return l;
    }
    ExprPtr first = parse_star_named_expression();
    if (at(Tok::KwFor) || at(Tok::KwAsync)) {
      if (first->kind == ExprKind::Starred) {
        fail_at(*first, "iterable unpacking cannot be used in comprehension");
      }
      auto comp = std::make_unique<Comp>(ExprKind::ListComp, pos_of(open));
      comp->elt = std::move(first);
      parse_comprehension_clauses(comp->generators);
      if (!at(Tok::RSqb)) syntax_error();
      advance();
      finish(*comp);
      return comp;
    }
    auto l = std::make_unique<Sequence>(ExprKind::List, pos_of(open));
    l->elts.push_back(std::move(first));
    while (accept(Tok::Comma)) {
      if (at(Tok::RSqb)) break;
      l->elts.push_back(parse_star_named_expression());
    }
    if (!at(Tok::RSqb)) missing_comma_or_syntax_error(l->elts.back().get());
    advance();
    finish(*l);
    return l;
  }

  ExprPtr parse_brace() {
    const Token& open = advance();
    DepthGuard g(*this);
    const Pos p = pos_of(open);
    if (at(Tok::RBrace)) {
      advance();
      auto d = std::make_unique<Dict>(p);
      finish(*d);
      return d;
    }
    if (at(Tok::DoubleStar)) {
      const Token& ds = advance();
      auto d = std::make_unique<Dict>(p);
      d->keys.push_back(nullptr);
      d->values.push_back(parse_bitwise_or());
      if (at(Tok::KwFor) || at(Tok::KwAsync)) {
        fail_at(ds, "dict unpacking cannot be used in dict comprehension");
      }
      return parse_dict_rest(std::move(d));
    }
    ExprPtr first = parse_star_named_expression();
    if (at(Tok::Colon) && first->kind != ExprKind::Starred) {
      advance();
      ExprPtr value = parse_expression();
      if (at(Tok::KwFor) || at(Tok::KwAsync)) {
        auto comp = std::make_unique<Comp>(ExprKind::DictComp, p);
        comp->key = std::move(first);
        comp->value = std::move(value);
        parse_comprehension_clauses(comp->generators);
        if (!at(Tok::RBrace)) syntax_error();
        advance();
        finish(*comp);
        return comp;
      }
      auto d = std::make_unique<Dict>(p);
      d->keys.push_back(std::move(first));
      d->values.push_back(std::move(value));
      return parse_dict_rest(std::move(d));
    }
    if (at(Tok::KwFor) || at(Tok::KwAsync)) {
      if (first->kind == ExprKind::Starred) {
        fail_at(*first, "iterable unpacking cannot be used in comprehension");
      }
      auto comp = std::make_unique<Comp>(ExprKind::SetComp, p);
      comp->elt = std::move(first);
      parse_comprehension_clauses(comp->generators);
      if (!at(Tok::RBrace)) syntax_error();
      advance();
      finish(*comp);
      return comp;
    }
    auto s = std::make_unique<Sequence>(ExprKind::Set, p);
    s->elts.push_back(std::move(first));
    while (accept(Tok::Comma)) {
      if (at(Tok::RBrace)) break;
      s->elts.push_back(parse_star_named_expression());
    }
    if (!at(Tok::RBrace)) missing_comma_or_syntax_error(s->elts.back().get());
    advance();
    finish(*s);
    return s;
  }

  // The entries after the first of a dict display.
  ExprPtr parse_dict_rest(std::unique_ptr<Dict> d) {
    while (accept(Tok::Comma)) {
      if (at(Tok::RBrace)) break;
      if (accept(Tok::DoubleStar)) {
        d->keys.push_back(nullptr);
        d->values.push_back(parse_bitwise_or());
        continue;
      }
      ExprPtr key = parse_expression();
      if (at(Tok::Comma) || at(Tok::RBrace)) fail_at(*key, "':' expected after dictionary key");
      if (!at(Tok::Colon)) missing_comma_or_syntax_error(key.get());
      advance();
      d->keys.push_back(std::move(key));
      d->values.push_back(parse_expression());
    }
    if (!at(Tok::RBrace)) missing_comma_or_syntax_error(d->values.back().get());
    advance();
    finish(*d);
    return d;
  }

  void parse_comprehension_clauses(std::vector<Comprehension>& generators) {
    while (at(Tok::KwFor) || at(Tok::KwAsync)) {
      if (at(Tok::KwAsync)) fail_at(cur(), "'async' is not supported yet");
      advance();
      Comprehension c;
      c.target = parse_target_list();
      check_target(*c.target, false, false);
      expect(Tok::KwIn);
      c.iter = parse_disjunction();
      while (accept(Tok::KwIf)) c.ifs.push_back(parse_disjunction());
      generators.push_back(std::move(c));
    }
  }

  // star_targets of `for` and comprehensions: parsed at bitwise-or level so
  // that `in` is left alone, then validated by check_target.
  ExprPtr parse_target_list() {
    const Pos p = pos_of(cur());
    ExprPtr e = parse_star_target();
    if (!at(Tok::Comma)) return e;
    auto t = std::make_unique<Sequence>(ExprKind::Tuple, p);
    t->elts.push_back(std::move(e));
    while (accept(Tok::Comma)) {
      if (!at(Tok::Name) && !at(Tok::LPar) && !at(Tok::LSqb) && !at(Tok::Star)) break;
      t->elts.push_back(parse_star_target());
    }
    finish(*t);
    return t;
  }

  ExprPtr parse_star_target() {
    if (at(Tok::Star)) {
      const Token& s = advance();
      if (at(Tok::Star)) syntax_error();
      DepthGuard g(*this);
      auto e = std::make_unique<Starred>(pos_of(s), parse_star_target());
      finish(*e);
      return e;
    }
    return parse_bitwise_or();
  }

  ExprPtr parse_yield_expression() {
    const Token& kw = advance();
    if (accept(Tok::KwFrom)) {
      auto y = std::make_unique<YieldFrom>(pos_of(kw));
      y->value = parse_expression();
      finish(*y);
      return y;
    }
    auto y = std::make_unique<Yield>(pos_of(kw));
    if (starts_expression(kind())) y->value = parse_star_expressions();
    finish(*y);
    return y;
  }

  // ---- strings and f-strings -----------------------------------------------

  // Adjacent string literals concatenate; any f-string among them makes the
  // result a JoinedStr whose neighbouring literal pieces are merged.
  ExprPtr parse_strings() {
    const Token& first = cur();
    const Pos p = pos_of(first);
    bool any_f = false;
    for (size_t i = p_; (*toks_)[i].kind == Tok::String; ++i) {
      if ((*toks_)[i].is_fstring) {
        any_f = true;
        break;
      }
    }
    if (!any_f) {
      auto c = std::make_unique<Constant>(p, Constant::Type::Str);
      while (at(Tok::String)) {
        if (cur().error) fail_token_error(cur());
        c->str_value += advance().value();
      }
      finish(*c);
      return c;
    }
    auto js = std::make_unique<JoinedStr>(p);
    std::string literal;
    DepthGuard g(*this);
    while (at(Tok::String)) {
      const Token& t = cur();
      if (t.error) fail_token_error(t);
      if (t.is_fstring) {
        size_t i = 0;
        parse_fstring_part(t, i, 0, js->values, literal);
      } else {
        literal += t.value();
      }
      advance();
    }
    flush_literal(literal, js->values, p);
    finish(*js);
    // CPython 3.11 gives the pieces (and format specs) the whole string's span.
    for (ExprPtr& v : js->values) set_span(*v, p, js->end);
    return js;
  }

  static void set_span(Expr& e, Pos p, Pos end) {
    e.pos = p;
    e.end = end;
    if (e.kind == ExprKind::FormattedValue) {
      // Format specs keep their own token's span, as do their literal
      // pieces; replacement fields inside them get the whole span.
      auto& fv = static_cast<FormattedValue&>(e);
      if (fv.format_spec) {
        for (ExprPtr& v : static_cast<JoinedStr&>(*fv.format_spec).values) {
          if (v->kind == ExprKind::FormattedValue) set_span(*v, p, end);
        }
      }
    }
  }

  static void flush_literal(std::string& literal, ExprList& out, Pos p) {
    if (literal.empty()) return;
    auto c = std::make_unique<Constant>(p, Constant::Type::Str);
    c->str_value = std::move(literal);
    literal.clear();
    out.push_back(std::move(c));
  }

  // Source position of byte `offset` of an f-string token's body.
  static Pos body_pos(const Token& t, size_t offset) {
    const std::string_view body = t.body();
    Pos p{t.body_line(), t.body_col()};
    for (size_t k = 0; k < offset && k < body.size(); ++k) {
      if (body[k] == '\n') {
        ++p.line;
        p.col = 0;
      } else {
        ++p.col;
      }
    }
    return p;
  }

  [[noreturn]] void fstring_error(const Token& t, size_t offset, const std::string& msg) {
    fail_at(body_pos(t, offset), msg.rfind("f-string", 0) == 0 ? msg : "f-string: " + msg);
  }

  // Literal text and replacement fields of an f-string body from `i`, until
  // the end of the body (nest 0) or an unmatched '}' (inside a format spec,
  // nest > 0). Literal text accumulates in `literal` so neighbours merge.
  void parse_fstring_part(const Token& t, size_t& i, int nest, ExprList& out,
                          std::string& literal) {
    const std::string_view body = t.body();
    const size_t n = body.size();
    for (;;) {
      const size_t seg = i;
      while (i < n) {
        const char c = body[i];
        if (c == '\\' && !t.is_raw && i + 1 < n) {
          const char e = body[i + 1];
          if (e == 'N' && i + 2 < n && body[i + 2] == '{') {
            // \N{NAME} keeps its braces; the decoder reports it unsupported.
            const size_t close = body.find('}', i);
            i = close == std::string_view::npos ? n : close + 1;
            continue;
          }
          // A backslash before a brace stays literal; the brace is syntax.
          i += (e == '{' || e == '}') ? 1 : 2;
          continue;
        }
        if (c == '{' || c == '}') break;
        ++i;
      }
      if (i > seg) {
        if (t.is_raw) {
          literal.append(body.substr(seg, i - seg));
        } else {
          std::string error;
          if (!decode_escapes(body.substr(seg, i - seg), literal, error)) {
            fail_at(t.end_line, t.end_col + 1, error);
          }
        }
      }
      if (i >= n) return;
      const char c = body[i];
      if (nest == 0 && i + 1 < n && body[i + 1] == c) {  // {{ or }}
        literal += c;
        i += 2;
        continue;
      }
      if (c == '}') {
        if (nest == 0) fstring_error(t, i, "f-string: single '}' is not allowed");
        return;  // ends a format spec; the caller consumes it
      }
      parse_replacement_field(t, i, nest, out, literal);
    }
  }

  // A `{expr[=][!c][:spec]}` field; `i` is at the '{'.
  void parse_replacement_field(const Token& t, size_t& i, int nest, ExprList& out,
                               std::string& literal) {
    const std::string_view body = t.body();
    const size_t n = body.size();
    if (nest >= 2) fstring_error(t, i, "f-string: expressions nested too deeply");
    ++i;
    const size_t expr_start = i;
    // Find where the expression ends: the first '!', ':', '=' or '}' outside
    // brackets and strings (but not '!=', '==', '<=', '>=').
    std::vector<char> brackets;
    char quote = 0;
    bool triple = false;
    while (i < n) {
      const char c = body[i];
      if (c == '\\') fstring_error(t, i, "f-string expression part cannot include a backslash");
      if (quote) {
        if (c == quote && (!triple || (i + 2 < n && body[i + 1] == c && body[i + 2] == c))) {
          i += triple ? 3 : 1;
          quote = 0;
        } else {
          ++i;
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        triple = i + 2 < n && body[i + 1] == c && body[i + 2] == c;
        quote = c;
        i += triple ? 3 : 1;
        continue;
      }
      if (c == '[' || c == '(' || c == '{') {
        brackets.push_back(c);
        ++i;
        continue;
      }
      if (c == '#') fstring_error(t, i, "f-string expression part cannot include '#'");
      if (brackets.empty() &&
          (c == '!' || c == ':' || c == '}' || c == '=' || c == '<' || c == '>')) {
        if (c != ':' && c != '}' && i + 1 < n && body[i + 1] == '=') {
          i += 2;
          continue;
        }
        if (c == '<' || c == '>') {
          ++i;
          continue;
        }
        break;
      }
      if (c == ']' || c == ')' || c == '}') {
        if (brackets.empty()) fstring_error(t, i, std::string("f-string: unmatched '") + c + "'");
        const char open = brackets.back();
        const char want = open == '(' ? ')' : open == '[' ? ']' : '}';
        if (c != want) {
          fstring_error(t, i,
                        std::string("f-string: closing parenthesis '") + c +
                            "' does not match opening parenthesis '" + open + "'");
        }
        brackets.pop_back();
      }
      ++i;
    }
    if (quote) fstring_error(t, i, "f-string: unterminated string");
    if (i >= n) fstring_error(t, i, "f-string: expecting '}'");
    const std::string_view expr_text = body.substr(expr_start, i - expr_start);
    if (expr_text.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos) {
      fstring_error(t, i, "f-string: empty expression not allowed");
    }
    ExprPtr value = parse_fstring_expression(t, expr_start, expr_text);

    // `{x=}` repeats the expression's text (and any spaces after '=').
    bool debug = false;
    if (body[i] == '=') {
      debug = true;
      ++i;
      while (i < n && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n')) ++i;
      literal.append(body.substr(expr_start, i - expr_start));
    }
    char conversion = 0;
    if (i < n && body[i] == '!') {
      ++i;
      if (i >= n) fstring_error(t, i, "f-string: expecting '}'");
      conversion = body[i];
      if (conversion != 's' && conversion != 'r' && conversion != 'a') {
        fstring_error(t, i,
                      "f-string: invalid conversion character: expected 's', 'r', or 'a'");
      }
      ++i;
    }
    ExprPtr spec;
    if (i < n && body[i] == ':') {
      ++i;
      auto js = std::make_unique<JoinedStr>(pos_of(t));
      js->end = {t.end_line, t.end_col};
      std::string spec_literal;
      parse_fstring_part(t, i, nest + 1, js->values, spec_literal);
      flush_literal(spec_literal, js->values, pos_of(t));
      for (ExprPtr& v : js->values) {
        if (v->kind == ExprKind::Constant) v->end = js->end;
      }
      spec = std::move(js);
    }
    if (i >= n || body[i] != '}') fstring_error(t, i, "f-string: expecting '}'");
    ++i;
    flush_literal(literal, out, pos_of(t));
    auto fv = std::make_unique<FormattedValue>(pos_of(t));
    fv->value = std::move(value);
    fv->conversion = conversion ? conversion : (debug && !spec ? 'r' : 0);
    fv->format_spec = std::move(spec);
    out.push_back(std::move(fv));
  }

  // Parses the text of a replacement field with this parser, on a token
  // stream of its own whose positions point into the original source.
  ExprPtr parse_fstring_expression(const Token& t, size_t offset, std::string_view text) {
    const Pos start = body_pos(t, offset);
    const LexResult sub = tokenize_fstring_expr(text, start.line, start.col);
    if (sub.error) {
      ParseFail f;
      f.info = *sub.error;
      throw f;
    }
    struct Swap {
      Parser& p;
      const std::vector<Token>* toks;
      size_t pos;
      Pos end;
      ~Swap() {
        p.toks_ = toks;
        p.p_ = pos;
        p.last_end_ = end;
        --p.fstring_depth_;
      }
    } swap{*this, toks_, p_, last_end_};
    toks_ = &sub.tokens;
    p_ = 0;
    ++fstring_depth_;
    ExprPtr e = parse_assignment_value();
    if (e->kind == ExprKind::Starred) fail_at(*e, "cannot use starred expression here");
    if (!at(Tok::EndMarker)) missing_comma_or_syntax_error(e.get());
    return e;
  }
};

// ---- compile-time checks ----------------------------------------------------

// The errors CPython raises in its symtable and compiler passes rather than
// in the parser. Walks the finished tree in source order and throws the first.
class Checker {
 public:
  void check(const Module& m) { stmts(m.body); }

 private:
  enum class Scope { Module, Class, Function };
  Scope scope_ = Scope::Module;
  int loops_ = 0;
  const char* comprehension_ = nullptr;  // e.g. "list comprehension" while inside one
  bool in_comp_iter_ = false;
  const Arguments* params_ = nullptr;  // of the innermost function

  [[noreturn]] static void fail(Pos p, std::string message) {
    ParseFail f;
    f.info.message = std::move(message);
    f.info.line = p.line;
    f.info.col = p.col + 1;
    throw f;
  }

  void stmts(const StmtList& list) {
    for (const StmtPtr& s : list) stmt(*s);
  }

  void opt(const ExprPtr& e) {
    if (e) expr(*e);
  }

  void arguments(const Arguments& a, Pos where) {
    for (const ExprPtr& d : a.defaults) expr(*d);
    for (const ExprPtr& d : a.kw_defaults) opt(d);
    std::vector<const Arg*> all;
    for (const Arg& x : a.posonlyargs) all.push_back(&x);
    for (const Arg& x : a.args) all.push_back(&x);
    if (a.vararg) all.push_back(a.vararg.get());
    for (const Arg& x : a.kwonlyargs) all.push_back(&x);
    if (a.kwarg) all.push_back(a.kwarg.get());
    for (size_t i = 0; i < all.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (all[i]->name == all[j]->name) {
          fail(all[i]->pos.line ? all[i]->pos : where,
               "duplicate argument '" + all[i]->name + "' in function definition");
        }
      }
    }
  }

  // Runs `body` in a new function or class scope.
  template <typename F>
  void in_scope(Scope scope, const Arguments* params, F body) {
    const Scope s = scope_;
    const int l = loops_;
    const char* c = comprehension_;
    const bool it = in_comp_iter_;
    const Arguments* pa = params_;
    scope_ = scope;
    loops_ = 0;
    comprehension_ = nullptr;
    in_comp_iter_ = false;
    params_ = params;
    body();
    scope_ = s;
    loops_ = l;
    comprehension_ = c;
    in_comp_iter_ = it;
    params_ = pa;
  }

  bool is_parameter(const std::string& name) const {
    if (!params_) return false;
    auto in = [&](const std::vector<Arg>& v) {
      for (const Arg& a : v) {
        if (a.name == name) return true;
      }
      return false;
    };
    return in(params_->posonlyargs) || in(params_->args) || in(params_->kwonlyargs) ||
           (params_->vararg && params_->vararg->name == name) ||
           (params_->kwarg && params_->kwarg->name == name);
  }

  void stmt(const Stmt& s) {
    switch (s.kind) {
      case StmtKind::FunctionDef: {
        const auto& f = static_cast<const FunctionDef&>(s);
        for (const ExprPtr& d : f.decorators) expr(*d);
        arguments(f.args, s.pos);
        in_scope(Scope::Function, &f.args, [&] { stmts(f.body); });
        break;
      }
      case StmtKind::ClassDef: {
        const auto& c = static_cast<const ClassDef&>(s);
        for (const ExprPtr& d : c.decorators) expr(*d);
        elements(c.bases);
        call_keywords(c.keywords);
        in_scope(Scope::Class, nullptr, [&] { stmts(c.body); });
        break;
      }
      case StmtKind::Return:
        if (scope_ != Scope::Function) fail(s.pos, "'return' outside function");
        opt(static_cast<const Return&>(s).value);
        break;
      case StmtKind::Delete:
        for (const ExprPtr& t : static_cast<const Delete&>(s).targets) target(*t, false);
        break;
      case StmtKind::Assign: {
        const auto& a = static_cast<const Assign&>(s);
        expr(*a.value);
        for (const ExprPtr& t : a.targets) target(*t, true);
        break;
      }
      case StmtKind::AugAssign: {
        const auto& a = static_cast<const AugAssign&>(s);
        target(*a.target, true);
        expr(*a.value);
        break;
      }
      case StmtKind::AnnAssign: {
        const auto& a = static_cast<const AnnAssign&>(s);
        opt(a.value);
        target(*a.target, true);
        break;
      }
      case StmtKind::For: {
        const auto& f = static_cast<const For&>(s);
        expr(*f.iter);
        target(*f.target, true);
        ++loops_;
        stmts(f.body);
        --loops_;
        stmts(f.orelse);
        break;
      }
      case StmtKind::While: {
        const auto& w = static_cast<const While&>(s);
        expr(*w.test);
        ++loops_;
        stmts(w.body);
        --loops_;
        stmts(w.orelse);
        break;
      }
      case StmtKind::If: {
        const auto& i = static_cast<const If&>(s);
        expr(*i.test);
        stmts(i.body);
        stmts(i.orelse);
        break;
      }
      case StmtKind::With: {
        const auto& w = static_cast<const With&>(s);
        for (const WithItem& item : w.items) {
          expr(*item.context_expr);
          if (item.optional_vars) target(*item.optional_vars, true);
        }
        stmts(w.body);
        break;
      }
      case StmtKind::Raise: {
        const auto& r = static_cast<const Raise&>(s);
        opt(r.exc);
        opt(r.cause);
        break;
      }
      case StmtKind::Try: {
        const auto& t = static_cast<const Try&>(s);
        stmts(t.body);
        for (size_t i = 0; i < t.handlers.size(); ++i) {
          const ExceptHandler& h = t.handlers[i];
          if (!h.type && i + 1 < t.handlers.size()) fail(h.pos, "default 'except:' must be last");
          opt(h.type);
          stmts(h.body);
        }
        stmts(t.orelse);
        stmts(t.finalbody);
        break;
      }
      case StmtKind::Assert: {
        const auto& a = static_cast<const Assert&>(s);
        expr(*a.test);
        opt(a.msg);
        break;
      }
      case StmtKind::ImportFrom: {
        const auto& i = static_cast<const ImportFrom&>(s);
        if (scope_ != Scope::Module && !i.names.empty() && i.names[0].name == "*") {
          fail(i.names[0].pos, "import * only allowed at module level");
        }
        break;
      }
      case StmtKind::Nonlocal:
      case StmtKind::Global: {
        const bool nonlocal = s.kind == StmtKind::Nonlocal;
        if (nonlocal && scope_ == Scope::Module) {
          fail(s.pos, "nonlocal declaration not allowed at module level");
        }
        if (scope_ == Scope::Function) {
          for (const std::string& n : static_cast<const NameList&>(s).names) {
            if (is_parameter(n)) {
              fail(s.pos, "name '" + n + "' is parameter and " +
                              (nonlocal ? "nonlocal" : "global"));
            }
          }
        }
        break;
      }
      case StmtKind::ExprStmt: expr(*static_cast<const ExprStmt&>(s).value); break;
      case StmtKind::Break:
        if (loops_ == 0) fail(s.pos, "'break' outside loop");
        break;
      case StmtKind::Continue:
        if (loops_ == 0) fail(s.pos, "'continue' not properly in loop");
        break;
      case StmtKind::Import:
      case StmtKind::Pass: break;
    }
  }

  // Elements of displays, call arguments and class bases, where `*x` is fine.
  void elements(const ExprList& list) {
    for (const ExprPtr& e : list) {
      if (e->kind == ExprKind::Starred) {
        expr(*static_cast<const Starred&>(*e).value);
      } else {
        expr(*e);
      }
    }
  }

  void call_keywords(const std::vector<Keyword>& keywords) {
    for (size_t i = 0; i < keywords.size(); ++i) {
      const Keyword& k = keywords[i];
      if (!k.arg.empty()) {
        for (size_t j = 0; j < i; ++j) {
          if (keywords[j].arg == k.arg) fail(k.pos, "keyword argument repeated: " + k.arg);
        }
      }
      expr(*k.value);
    }
  }

  // An assignment (store=true) or deletion target; the parser has already
  // rejected things that are not targets at all.
  void target(const Expr& e, bool store, bool nested = false) {
    switch (e.kind) {
      case ExprKind::Name: break;
      case ExprKind::Attribute: expr(*static_cast<const Attribute&>(e).value); break;
      case ExprKind::Subscript: {
        const auto& s = static_cast<const Subscript&>(e);
        expr(*s.value);
        slice(*s.slice);
        break;
      }
      case ExprKind::Starred:
        if (!nested) fail(e.pos, "starred assignment target must be in a list or tuple");
        target(*static_cast<const Starred&>(e).value, store, true);
        break;
      case ExprKind::Tuple:
      case ExprKind::List: {
        const auto& seq = static_cast<const Sequence&>(e);
        int starred = 0;
        for (const ExprPtr& elt : seq.elts) starred += elt->kind == ExprKind::Starred;
        if (starred > 1 && store) fail(e.pos, "multiple starred expressions in assignment");
        for (const ExprPtr& elt : seq.elts) target(*elt, store, true);
        break;
      }
      default: expr(e); break;
    }
  }

  void slice(const Expr& e) {
    if (e.kind == ExprKind::Tuple) {
      elements(static_cast<const Sequence&>(e).elts);
    } else {
      expr(e);
    }
  }

  void comprehension(const Comp& c, const char* what) {
    // The first iterable is evaluated in the enclosing scope.
    {
      const bool it = in_comp_iter_;
      in_comp_iter_ = true;
      expr(*c.generators[0].iter);
      in_comp_iter_ = it;
    }
    const char* saved = comprehension_;
    const int l = loops_;
    comprehension_ = what;
    for (size_t i = 0; i < c.generators.size(); ++i) {
      const Comprehension& g = c.generators[i];
      target(*g.target, true);
      if (i > 0) {
        const bool it = in_comp_iter_;
        in_comp_iter_ = true;
        expr(*g.iter);
        in_comp_iter_ = it;
      }
      for (const ExprPtr& cond : g.ifs) expr(*cond);
    }
    if (c.elt) expr(*c.elt);
    if (c.key) expr(*c.key);
    if (c.value) expr(*c.value);
    comprehension_ = saved;
    loops_ = l;
  }

  void expr(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Name:
      case ExprKind::Constant: break;
      case ExprKind::JoinedStr: elements(static_cast<const JoinedStr&>(e).values); break;
      case ExprKind::FormattedValue: {
        const auto& f = static_cast<const FormattedValue&>(e);
        expr(*f.value);
        opt(f.format_spec);
        break;
      }
      case ExprKind::BinOp: {
        const auto& b = static_cast<const BinOp&>(e);
        expr(*b.left);
        expr(*b.right);
        break;
      }
      case ExprKind::UnaryOp: expr(*static_cast<const UnaryOp&>(e).operand); break;
      case ExprKind::BoolOp:
        for (const ExprPtr& v : static_cast<const BoolOp&>(e).values) expr(*v);
        break;
      case ExprKind::Compare: {
        const auto& c = static_cast<const Compare&>(e);
        expr(*c.left);
        for (const ExprPtr& v : c.comparators) expr(*v);
        break;
      }
      case ExprKind::IfExp: {
        const auto& i = static_cast<const IfExp&>(e);
        expr(*i.test);
        expr(*i.body);
        expr(*i.orelse);
        break;
      }
      case ExprKind::Lambda: {
        const auto& l = static_cast<const Lambda&>(e);
        arguments(l.args, e.pos);
        in_scope(Scope::Function, &l.args, [&] { expr(*l.body); });
        break;
      }
      case ExprKind::Call: {
        const auto& c = static_cast<const Call&>(e);
        expr(*c.func);
        elements(c.args);
        call_keywords(c.keywords);
        break;
      }
      case ExprKind::Attribute: expr(*static_cast<const Attribute&>(e).value); break;
      case ExprKind::Subscript: {
        const auto& s = static_cast<const Subscript&>(e);
        expr(*s.value);
        slice(*s.slice);
        break;
      }
      case ExprKind::Slice: {
        const auto& s = static_cast<const Slice&>(e);
        opt(s.lower);
        opt(s.upper);
        opt(s.step);
        break;
      }
      case ExprKind::Starred: fail(e.pos, "can't use starred expression here");
      case ExprKind::List:
      case ExprKind::Tuple:
      case ExprKind::Set: elements(static_cast<const Sequence&>(e).elts); break;
      case ExprKind::Dict: {
        const auto& d = static_cast<const Dict&>(e);
        for (size_t i = 0; i < d.keys.size(); ++i) {
          opt(d.keys[i]);
          expr(*d.values[i]);
        }
        break;
      }
      case ExprKind::ListComp:
        comprehension(static_cast<const Comp&>(e), "list comprehension");
        break;
      case ExprKind::SetComp:
        comprehension(static_cast<const Comp&>(e), "set comprehension");
        break;
      case ExprKind::DictComp:
        comprehension(static_cast<const Comp&>(e), "dict comprehension");
        break;
      case ExprKind::GeneratorExp:
        comprehension(static_cast<const Comp&>(e), "generator expression");
        break;
      case ExprKind::Yield:
      case ExprKind::YieldFrom:
        if (comprehension_) fail(e.pos, std::string("'yield' inside ") + comprehension_);
        if (scope_ != Scope::Function) fail(e.pos, "'yield' outside function");
        if (e.kind == ExprKind::Yield) {
          opt(static_cast<const Yield&>(e).value);
        } else {
          expr(*static_cast<const YieldFrom&>(e).value);
        }
        break;
      case ExprKind::NamedExpr: {
        if (in_comp_iter_) {
          fail(e.pos,
               "assignment expression cannot be used in a comprehension iterable expression");
        }
        expr(*static_cast<const NamedExpr&>(e).value);
        break;
      }
    }
  }
};

// Text of 1-based line `line` of `source`, without its newline.
std::string line_text(std::string_view source, int line) {
  size_t start = 0;
  for (int l = 1; l < line; ++l) {
    const size_t nl = source.find('\n', start);
    if (nl == std::string_view::npos) return "";
    start = nl + 1;
  }
  size_t end = source.find('\n', start);
  if (end == std::string_view::npos) end = source.size();
  return std::string(source.substr(start, end - start));
}

}  // namespace

ParseResult parse_module(std::string_view source, std::string_view filename) {
  ParseResult result;
  NormalizedSource norm = normalize_source(source);
  auto report = [&](SyntaxErrorInfo info) {
    info.filename = std::string(filename);
    info.line_text = line_text(norm.text, info.line);
    if (info.type.empty()) info.type = "SyntaxError";
    result.module.reset();
    result.error = std::move(info);
    return std::move(result);
  };
  if (norm.error) return report(*norm.error);

  const LexResult lex = tokenize(norm.text);
  Parser parser(lex);
  try {
    std::unique_ptr<Module> module = parser.parse_file();
    Checker().check(*module);
    result.module = std::move(module);
    return result;
  } catch (ParseFail& fail) {
    // Which error CPython would report; see LexErrorKind.
    bool lex_wins = false;
    if (lex.error) {
      if (parser.on_error_token()) {
        lex_wins = true;
      } else if (lex.error_kind == LexErrorKind::Immediate) {
        lex_wins = !fail.bare_indentation;
      } else if (lex.error_kind == LexErrorKind::UnclosedAtEof) {
        // The bracket wins over errors on later lines, and over a missing
        // comma inside it (CPython looks ahead to the end of file there).
        const SyntaxErrorInfo& e = *lex.error;
        lex_wins = fail.info.line > e.line ||
                   (fail.info.line == e.line && fail.info.col > e.col &&
                    fail.info.message == "invalid syntax. Perhaps you forgot a comma?");
      }
    }
    return report(lex_wins ? *lex.error : std::move(fail.info));
  }
}

}  // namespace spindle
