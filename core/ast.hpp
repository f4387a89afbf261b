// The abstract syntax tree the parser produces and the compiler consumes.
//
// It follows CPython's `ast` module (Python 3.11) node for node, restricted to
// the subset Spindle runs, so that CPython's documentation is the reference for
// what each field means. Nodes own their children through unique_ptr; the tree
// is built once, compiled once and dropped.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace spindle::ast {

// 1-based line and 0-based column, as CPython's `lineno`/`col_offset`.
struct Pos {
  int line = 0;
  int col = 0;
};

enum class ExprKind : uint8_t {
  Name, Constant, JoinedStr, FormattedValue, BinOp, UnaryOp, BoolOp, Compare,
  IfExp, Lambda, Call, Attribute, Subscript, Slice, Starred, List, Tuple, Dict,
  Set, ListComp, SetComp, DictComp, GeneratorExp, Yield, YieldFrom, NamedExpr,
};

enum class StmtKind : uint8_t {
  FunctionDef, ClassDef, Return, Delete, Assign, AugAssign, AnnAssign, For,
  While, If, With, Raise, Try, Assert, Import, ImportFrom, Global, Nonlocal,
  ExprStmt, Pass, Break, Continue,
};

enum class BinOpKind : uint8_t {
  Add, Sub, Mult, Div, FloorDiv, Mod, Pow, LShift, RShift, BitOr, BitXor,
  BitAnd, MatMult,
};
enum class UnaryOpKind : uint8_t { Invert, Not, UAdd, USub };
enum class BoolOpKind : uint8_t { And, Or };
enum class CmpOpKind : uint8_t { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };

struct Expr {
  explicit Expr(ExprKind k, Pos p) : kind(k), pos(p) {}
  virtual ~Expr() = default;
  ExprKind kind;
  Pos pos;
  Pos end;  // position just past the node, where known (0 if not)
};
using ExprPtr = std::unique_ptr<Expr>;
using ExprList = std::vector<ExprPtr>;

struct Stmt {
  explicit Stmt(StmtKind k, Pos p) : kind(k), pos(p) {}
  virtual ~Stmt() = default;
  StmtKind kind;
  Pos pos;
};
using StmtPtr = std::unique_ptr<Stmt>;
using StmtList = std::vector<StmtPtr>;

// ---- expressions -----------------------------------------------------------

struct Name : Expr {
  Name(Pos p, std::string i) : Expr(ExprKind::Name, p), id(std::move(i)) {}
  std::string id;
};

struct Constant : Expr {
  enum class Type : uint8_t { None, True, False, Int, Float, Str, Ellipsis };
  Constant(Pos p, Type t) : Expr(ExprKind::Constant, p), type(t) {}
  Type type;
  int64_t int_value = 0;
  double float_value = 0;
  std::string str_value;  // UTF-8, escapes already decoded
};

// An f-string: `values` are Constant(Str) and FormattedValue nodes in order.
struct JoinedStr : Expr {
  explicit JoinedStr(Pos p) : Expr(ExprKind::JoinedStr, p) {}
  ExprList values;
};

struct FormattedValue : Expr {
  explicit FormattedValue(Pos p) : Expr(ExprKind::FormattedValue, p) {}
  ExprPtr value;
  char conversion = 0;  // 0, 's', 'r' or 'a'
  ExprPtr format_spec;  // a JoinedStr, or null
};

struct BinOp : Expr {
  BinOp(Pos p, BinOpKind o, ExprPtr l, ExprPtr r)
      : Expr(ExprKind::BinOp, p), op(o), left(std::move(l)), right(std::move(r)) {}
  BinOpKind op;
  ExprPtr left, right;
};

struct UnaryOp : Expr {
  UnaryOp(Pos p, UnaryOpKind o, ExprPtr e)
      : Expr(ExprKind::UnaryOp, p), op(o), operand(std::move(e)) {}
  UnaryOpKind op;
  ExprPtr operand;
};

struct BoolOp : Expr {
  BoolOp(Pos p, BoolOpKind o) : Expr(ExprKind::BoolOp, p), op(o) {}
  BoolOpKind op;
  ExprList values;  // two or more
};

struct Compare : Expr {
  explicit Compare(Pos p) : Expr(ExprKind::Compare, p) {}
  ExprPtr left;
  std::vector<CmpOpKind> ops;
  ExprList comparators;  // same length as ops
};

struct IfExp : Expr {
  explicit IfExp(Pos p) : Expr(ExprKind::IfExp, p) {}
  ExprPtr test, body, orelse;
};

struct Arg {
  Pos pos;
  std::string name;
  // annotations are parsed and dropped
};

// CPython's `arguments`: defaults align with the *last* len(defaults) of
// posonlyargs + args; kw_defaults has one entry per kwonlyarg (null = none).
struct Arguments {
  std::vector<Arg> posonlyargs;
  std::vector<Arg> args;
  std::unique_ptr<Arg> vararg;
  std::vector<Arg> kwonlyargs;
  ExprList kw_defaults;
  std::unique_ptr<Arg> kwarg;
  ExprList defaults;
};

struct Lambda : Expr {
  explicit Lambda(Pos p) : Expr(ExprKind::Lambda, p) {}
  Arguments args;
  ExprPtr body;
};

struct Keyword {
  Pos pos;
  std::string arg;  // empty for `**expr`
  ExprPtr value;
};

struct Call : Expr {
  explicit Call(Pos p) : Expr(ExprKind::Call, p) {}
  ExprPtr func;
  ExprList args;  // may contain Starred
  std::vector<Keyword> keywords;
};

struct Attribute : Expr {
  Attribute(Pos p, ExprPtr v, std::string a)
      : Expr(ExprKind::Attribute, p), value(std::move(v)), attr(std::move(a)) {}
  ExprPtr value;
  std::string attr;
};

// `value[slice]`; slice is a Slice node, a Tuple (possibly containing Slices)
// or any expression.
struct Subscript : Expr {
  explicit Subscript(Pos p) : Expr(ExprKind::Subscript, p) {}
  ExprPtr value, slice;
};

struct Slice : Expr {
  explicit Slice(Pos p) : Expr(ExprKind::Slice, p) {}
  ExprPtr lower, upper, step;  // each may be null
};

struct Starred : Expr {
  Starred(Pos p, ExprPtr v) : Expr(ExprKind::Starred, p), value(std::move(v)) {}
  ExprPtr value;
};

// List, Tuple and Set share a shape.
struct Sequence : Expr {
  Sequence(ExprKind k, Pos p) : Expr(k, p) {}
  ExprList elts;
};

struct Dict : Expr {
  explicit Dict(Pos p) : Expr(ExprKind::Dict, p) {}
  ExprList keys;  // a null key means `**values[i]`
  ExprList values;
};

struct Comprehension {
  ExprPtr target, iter;
  ExprList ifs;
};

// ListComp, SetComp, GeneratorExp (elt) and DictComp (key + value).
struct Comp : Expr {
  Comp(ExprKind k, Pos p) : Expr(k, p) {}
  ExprPtr elt;    // ListComp, SetComp, GeneratorExp
  ExprPtr key, value;  // DictComp
  std::vector<Comprehension> generators;
};

struct Yield : Expr {
  explicit Yield(Pos p) : Expr(ExprKind::Yield, p) {}
  ExprPtr value;  // may be null
};

struct YieldFrom : Expr {
  explicit YieldFrom(Pos p) : Expr(ExprKind::YieldFrom, p) {}
  ExprPtr value;
};

// `target := value`; target is a Name.
struct NamedExpr : Expr {
  explicit NamedExpr(Pos p) : Expr(ExprKind::NamedExpr, p) {}
  ExprPtr target, value;
};

// ---- statements ------------------------------------------------------------

struct FunctionDef : Stmt {
  explicit FunctionDef(Pos p) : Stmt(StmtKind::FunctionDef, p) {}
  std::string name;
  Arguments args;
  StmtList body;
  ExprList decorators;
};

struct ClassDef : Stmt {
  explicit ClassDef(Pos p) : Stmt(StmtKind::ClassDef, p) {}
  std::string name;
  ExprList bases;
  std::vector<Keyword> keywords;
  StmtList body;
  ExprList decorators;
};

struct Return : Stmt {
  explicit Return(Pos p) : Stmt(StmtKind::Return, p) {}
  ExprPtr value;  // may be null
};

struct Delete : Stmt {
  explicit Delete(Pos p) : Stmt(StmtKind::Delete, p) {}
  ExprList targets;
};

// `a = b = value`: targets holds a and b.
struct Assign : Stmt {
  explicit Assign(Pos p) : Stmt(StmtKind::Assign, p) {}
  ExprList targets;
  ExprPtr value;
};

struct AugAssign : Stmt {
  explicit AugAssign(Pos p) : Stmt(StmtKind::AugAssign, p) {}
  ExprPtr target;
  BinOpKind op;
  ExprPtr value;
};

// `target: annotation [= value]`; the annotation is parsed and dropped.
struct AnnAssign : Stmt {
  explicit AnnAssign(Pos p) : Stmt(StmtKind::AnnAssign, p) {}
  ExprPtr target;
  ExprPtr value;  // may be null
};

struct For : Stmt {
  explicit For(Pos p) : Stmt(StmtKind::For, p) {}
  ExprPtr target, iter;
  StmtList body, orelse;
};

struct While : Stmt {
  explicit While(Pos p) : Stmt(StmtKind::While, p) {}
  ExprPtr test;
  StmtList body, orelse;
};

struct If : Stmt {
  explicit If(Pos p) : Stmt(StmtKind::If, p) {}
  ExprPtr test;
  StmtList body, orelse;  // elif is an If alone in orelse
};

struct WithItem {
  ExprPtr context_expr;
  ExprPtr optional_vars;  // may be null
};

struct With : Stmt {
  explicit With(Pos p) : Stmt(StmtKind::With, p) {}
  std::vector<WithItem> items;
  StmtList body;
};

struct Raise : Stmt {
  explicit Raise(Pos p) : Stmt(StmtKind::Raise, p) {}
  ExprPtr exc, cause;  // each may be null
};

struct ExceptHandler {
  Pos pos;
  ExprPtr type;      // may be null (bare except)
  std::string name;  // empty if no `as`
  StmtList body;
};

struct Try : Stmt {
  explicit Try(Pos p) : Stmt(StmtKind::Try, p) {}
  StmtList body;
  std::vector<ExceptHandler> handlers;
  StmtList orelse, finalbody;
};

struct Assert : Stmt {
  explicit Assert(Pos p) : Stmt(StmtKind::Assert, p) {}
  ExprPtr test, msg;  // msg may be null
};

struct Alias {
  Pos pos;
  std::string name;    // dotted for `import a.b`, `*` for `from m import *`
  std::string asname;  // empty if none
};

struct Import : Stmt {
  explicit Import(Pos p) : Stmt(StmtKind::Import, p) {}
  std::vector<Alias> names;
};

struct ImportFrom : Stmt {
  explicit ImportFrom(Pos p) : Stmt(StmtKind::ImportFrom, p) {}
  std::string module;  // may be empty with level > 0
  std::vector<Alias> names;
  int level = 0;
};

// Global and Nonlocal.
struct NameList : Stmt {
  NameList(StmtKind k, Pos p) : Stmt(k, p) {}
  std::vector<std::string> names;
};

struct ExprStmt : Stmt {
  ExprStmt(Pos p, ExprPtr v) : Stmt(StmtKind::ExprStmt, p), value(std::move(v)) {}
  ExprPtr value;
};

// Pass, Break, Continue.
struct Simple : Stmt {
  Simple(StmtKind k, Pos p) : Stmt(k, p) {}
};

struct Module {
  StmtList body;
};

}  // namespace spindle::ast
