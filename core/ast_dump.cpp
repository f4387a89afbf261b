// CPython-`ast.dump`-like printing of Spindle's AST; see ast_dump.hpp.
#include "core/ast_dump.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace spindle::ast {

namespace {

const char* binop_name(BinOpKind op) {
  switch (op) {
    case BinOpKind::Add: return "Add()";
    case BinOpKind::Sub: return "Sub()";
    case BinOpKind::Mult: return "Mult()";
    case BinOpKind::Div: return "Div()";
    case BinOpKind::FloorDiv: return "FloorDiv()";
    case BinOpKind::Mod: return "Mod()";
    case BinOpKind::Pow: return "Pow()";
    case BinOpKind::LShift: return "LShift()";
    case BinOpKind::RShift: return "RShift()";
    case BinOpKind::BitOr: return "BitOr()";
    case BinOpKind::BitXor: return "BitXor()";
    case BinOpKind::BitAnd: return "BitAnd()";
    case BinOpKind::MatMult: return "MatMult()";
  }
  return "?";
}

const char* unaryop_name(UnaryOpKind op) {
  switch (op) {
    case UnaryOpKind::Invert: return "Invert()";
    case UnaryOpKind::Not: return "Not()";
    case UnaryOpKind::UAdd: return "UAdd()";
    case UnaryOpKind::USub: return "USub()";
  }
  return "?";
}

const char* cmpop_name(CmpOpKind op) {
  switch (op) {
    case CmpOpKind::Eq: return "Eq()";
    case CmpOpKind::NotEq: return "NotEq()";
    case CmpOpKind::Lt: return "Lt()";
    case CmpOpKind::LtE: return "LtE()";
    case CmpOpKind::Gt: return "Gt()";
    case CmpOpKind::GtE: return "GtE()";
    case CmpOpKind::Is: return "Is()";
    case CmpOpKind::IsNot: return "IsNot()";
    case CmpOpKind::In: return "In()";
    case CmpOpKind::NotIn: return "NotIn()";
  }
  return "?";
}

// Decodes one UTF-8 sequence at s[i]; returns the code point, or the byte
// value | 0x80000000 for a malformed byte.
uint32_t next_code_point(const std::string& s, size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return c | 0x80000000u;
  }
  uint32_t cp = len == 1 ? c : (c & (0x7F >> len));
  for (size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return c | 0x80000000u;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += len;
  return cp;
}

// An approximation of str.isprintable() for non-ASCII code points: the
// control, format, separator and surrogate ranges that matter in practice.
bool printable(uint32_t cp) {
  if (cp < 0xA1) return false;
  if (cp == 0xAD || cp == 0x061C || cp == 0x1680 || cp == 0x180E || cp == 0xFEFF) return false;
  if (cp >= 0x2000 && cp <= 0x200F) return false;
  if (cp >= 0x2028 && cp <= 0x202F) return false;
  if (cp >= 0x205F && cp <= 0x206F) return false;
  if (cp == 0x3000) return false;
  if (cp >= 0xD800 && cp <= 0xF8FF) return false;  // surrogates, private use
  if (cp >= 0xFFF9 && cp <= 0xFFFB) return false;
  if (cp == 0xFFFE || cp == 0xFFFF) return false;
  if (cp >= 0xF0000) return false;
  return true;
}

class Dumper {
 public:
  explicit Dumper(bool positions) : positions_(positions) {}
  std::string out;

  void module(const Module& m) {
    out += "Module(body=";
    stmts(m.body);
    out += ')';
  }

  void stmts(const StmtList& list) {
    out += '[';
    for (size_t i = 0; i < list.size(); ++i) {
      if (i) out += ", ";
      stmt(*list[i]);
    }
    out += ']';
  }

  void exprs(const ExprList& list) {
    out += '[';
    for (size_t i = 0; i < list.size(); ++i) {
      if (i) out += ", ";
      if (list[i]) {
        expr(*list[i]);
      } else {
        out += "None";
      }
    }
    out += ']';
  }

  void field(const char* name) {
    if (out.back() != '(') out += ", ";
    out += name;
    out += '=';
  }
  void field_expr(const char* name, const ExprPtr& e) {
    if (!e) return;
    field(name);
    expr(*e);
  }
  void field_exprs(const char* name, const ExprList& list) {
    field(name);
    exprs(list);
  }
  void field_stmts(const char* name, const StmtList& list) {
    field(name);
    stmts(list);
  }
  void field_str(const char* name, const std::string& s) {
    field(name);
    out += python_str_repr(s);
  }

  void stmt_pos(const Stmt& s) {
    if (!positions_) return;
    field("lineno");
    out += std::to_string(s.pos.line);
    field("col_offset");
    out += std::to_string(s.pos.col);
  }
  void expr_pos(const Expr& e) {
    if (!positions_) return;
    field("lineno");
    out += std::to_string(e.pos.line);
    field("col_offset");
    out += std::to_string(e.pos.col);
    if (e.end.line > 0) {
      field("end_lineno");
      out += std::to_string(e.end.line);
      field("end_col_offset");
      out += std::to_string(e.end.col);
    }
  }
  void pos_only(Pos p) {
    if (!positions_) return;
    field("lineno");
    out += std::to_string(p.line);
    field("col_offset");
    out += std::to_string(p.col);
  }

  void arg(const Arg& a) {
    out += "arg(arg=";
    out += python_str_repr(a.name);
    pos_only(a.pos);
    out += ')';
  }
  void args_list(const char* name, const std::vector<Arg>& list) {
    field(name);
    out += '[';
    for (size_t i = 0; i < list.size(); ++i) {
      if (i) out += ", ";
      arg(list[i]);
    }
    out += ']';
  }
  void arguments(const Arguments& a) {
    out += "arguments(";
    args_list("posonlyargs", a.posonlyargs);
    args_list("args", a.args);
    if (a.vararg) {
      field("vararg");
      arg(*a.vararg);
    }
    args_list("kwonlyargs", a.kwonlyargs);
    field_exprs("kw_defaults", a.kw_defaults);
    if (a.kwarg) {
      field("kwarg");
      arg(*a.kwarg);
    }
    field_exprs("defaults", a.defaults);
    out += ')';
  }
  void keywords(const std::vector<Keyword>& list) {
    field("keywords");
    out += '[';
    for (size_t i = 0; i < list.size(); ++i) {
      if (i) out += ", ";
      out += "keyword(";
      if (!list[i].arg.empty()) field_str("arg", list[i].arg);
      field_expr("value", list[i].value);
      pos_only(list[i].pos);
      out += ')';
    }
    out += ']';
  }
  void aliases(const std::vector<Alias>& list) {
    field("names");
    out += '[';
    for (size_t i = 0; i < list.size(); ++i) {
      if (i) out += ", ";
      out += "alias(";
      field_str("name", list[i].name);
      if (!list[i].asname.empty()) field_str("asname", list[i].asname);
      pos_only(list[i].pos);
      out += ')';
    }
    out += ']';
  }
  void generators(const std::vector<Comprehension>& gens) {
    field("generators");
    out += '[';
    for (size_t i = 0; i < gens.size(); ++i) {
      if (i) out += ", ";
      out += "comprehension(";
      field_expr("target", gens[i].target);
      field_expr("iter", gens[i].iter);
      field_exprs("ifs", gens[i].ifs);
      out += ')';
    }
    out += ']';
  }

  void stmt(const Stmt& s) {
    switch (s.kind) {
      case StmtKind::FunctionDef: {
        const auto& n = static_cast<const FunctionDef&>(s);
        out += "FunctionDef(";
        field_str("name", n.name);
        field("args");
        arguments(n.args);
        field_stmts("body", n.body);
        field_exprs("decorator_list", n.decorators);
        break;
      }
      case StmtKind::ClassDef: {
        const auto& n = static_cast<const ClassDef&>(s);
        out += "ClassDef(";
        field_str("name", n.name);
        field_exprs("bases", n.bases);
        keywords(n.keywords);
        field_stmts("body", n.body);
        field_exprs("decorator_list", n.decorators);
        break;
      }
      case StmtKind::Return:
        out += "Return(";
        field_expr("value", static_cast<const Return&>(s).value);
        break;
      case StmtKind::Delete:
        out += "Delete(";
        field_exprs("targets", static_cast<const Delete&>(s).targets);
        break;
      case StmtKind::Assign: {
        const auto& n = static_cast<const Assign&>(s);
        out += "Assign(";
        field_exprs("targets", n.targets);
        field_expr("value", n.value);
        break;
      }
      case StmtKind::AugAssign: {
        const auto& n = static_cast<const AugAssign&>(s);
        out += "AugAssign(";
        field_expr("target", n.target);
        field("op");
        out += binop_name(n.op);
        field_expr("value", n.value);
        break;
      }
      case StmtKind::AnnAssign: {
        const auto& n = static_cast<const AnnAssign&>(s);
        out += "AnnAssign(";
        field_expr("target", n.target);
        field_expr("value", n.value);
        break;
      }
      case StmtKind::For: {
        const auto& n = static_cast<const For&>(s);
        out += "For(";
        field_expr("target", n.target);
        field_expr("iter", n.iter);
        field_stmts("body", n.body);
        field_stmts("orelse", n.orelse);
        break;
      }
      case StmtKind::While: {
        const auto& n = static_cast<const While&>(s);
        out += "While(";
        field_expr("test", n.test);
        field_stmts("body", n.body);
        field_stmts("orelse", n.orelse);
        break;
      }
      case StmtKind::If: {
        const auto& n = static_cast<const If&>(s);
        out += "If(";
        field_expr("test", n.test);
        field_stmts("body", n.body);
        field_stmts("orelse", n.orelse);
        break;
      }
      case StmtKind::With: {
        const auto& n = static_cast<const With&>(s);
        out += "With(";
        field("items");
        out += '[';
        for (size_t i = 0; i < n.items.size(); ++i) {
          if (i) out += ", ";
          out += "withitem(";
          field_expr("context_expr", n.items[i].context_expr);
          field_expr("optional_vars", n.items[i].optional_vars);
          out += ')';
        }
        out += ']';
        field_stmts("body", n.body);
        break;
      }
      case StmtKind::Raise: {
        const auto& n = static_cast<const Raise&>(s);
        out += "Raise(";
        field_expr("exc", n.exc);
        field_expr("cause", n.cause);
        break;
      }
      case StmtKind::Try: {
        const auto& n = static_cast<const Try&>(s);
        out += "Try(";
        field_stmts("body", n.body);
        field("handlers");
        out += '[';
        for (size_t i = 0; i < n.handlers.size(); ++i) {
          const ExceptHandler& h = n.handlers[i];
          if (i) out += ", ";
          out += "ExceptHandler(";
          field_expr("type", h.type);
          if (!h.name.empty()) field_str("name", h.name);
          field_stmts("body", h.body);
          pos_only(h.pos);
          out += ')';
        }
        out += ']';
        field_stmts("orelse", n.orelse);
        field_stmts("finalbody", n.finalbody);
        break;
      }
      case StmtKind::Assert: {
        const auto& n = static_cast<const Assert&>(s);
        out += "Assert(";
        field_expr("test", n.test);
        field_expr("msg", n.msg);
        break;
      }
      case StmtKind::Import:
        out += "Import(";
        aliases(static_cast<const Import&>(s).names);
        break;
      case StmtKind::ImportFrom: {
        const auto& n = static_cast<const ImportFrom&>(s);
        out += "ImportFrom(";
        if (!n.module.empty()) field_str("module", n.module);
        aliases(n.names);
        field("level");
        out += std::to_string(n.level);
        break;
      }
      case StmtKind::Global:
      case StmtKind::Nonlocal: {
        const auto& n = static_cast<const NameList&>(s);
        out += s.kind == StmtKind::Global ? "Global(" : "Nonlocal(";
        field("names");
        out += '[';
        for (size_t i = 0; i < n.names.size(); ++i) {
          if (i) out += ", ";
          out += python_str_repr(n.names[i]);
        }
        out += ']';
        break;
      }
      case StmtKind::ExprStmt:
        out += "Expr(";
        field_expr("value", static_cast<const ExprStmt&>(s).value);
        break;
      case StmtKind::Pass: out += "Pass("; break;
      case StmtKind::Break: out += "Break("; break;
      case StmtKind::Continue: out += "Continue("; break;
    }
    stmt_pos(s);
    out += ')';
  }

  void expr(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Name:
        out += "Name(";
        field_str("id", static_cast<const Name&>(e).id);
        break;
      case ExprKind::Constant: {
        const auto& n = static_cast<const Constant&>(e);
        out += "Constant(value=";
        switch (n.type) {
          case Constant::Type::None: out += "None"; break;
          case Constant::Type::True: out += "True"; break;
          case Constant::Type::False: out += "False"; break;
          case Constant::Type::Ellipsis: out += "Ellipsis"; break;
          case Constant::Type::Int: out += std::to_string(n.int_value); break;
          case Constant::Type::Float: out += python_float_repr(n.float_value); break;
          case Constant::Type::Str: out += python_str_repr(n.str_value); break;
        }
        break;
      }
      case ExprKind::JoinedStr:
        out += "JoinedStr(";
        field_exprs("values", static_cast<const JoinedStr&>(e).values);
        break;
      case ExprKind::FormattedValue: {
        const auto& n = static_cast<const FormattedValue&>(e);
        out += "FormattedValue(";
        field_expr("value", n.value);
        field("conversion");
        out += std::to_string(n.conversion ? static_cast<int>(n.conversion) : -1);
        field_expr("format_spec", n.format_spec);
        break;
      }
      case ExprKind::BinOp: {
        const auto& n = static_cast<const BinOp&>(e);
        out += "BinOp(";
        field_expr("left", n.left);
        field("op");
        out += binop_name(n.op);
        field_expr("right", n.right);
        break;
      }
      case ExprKind::UnaryOp: {
        const auto& n = static_cast<const UnaryOp&>(e);
        out += "UnaryOp(";
        field("op");
        out += unaryop_name(n.op);
        field_expr("operand", n.operand);
        break;
      }
      case ExprKind::BoolOp: {
        const auto& n = static_cast<const BoolOp&>(e);
        out += "BoolOp(";
        field("op");
        out += n.op == BoolOpKind::And ? "And()" : "Or()";
        field_exprs("values", n.values);
        break;
      }
      case ExprKind::Compare: {
        const auto& n = static_cast<const Compare&>(e);
        out += "Compare(";
        field_expr("left", n.left);
        field("ops");
        out += '[';
        for (size_t i = 0; i < n.ops.size(); ++i) {
          if (i) out += ", ";
          out += cmpop_name(n.ops[i]);
        }
        out += ']';
        field_exprs("comparators", n.comparators);
        break;
      }
      case ExprKind::IfExp: {
        const auto& n = static_cast<const IfExp&>(e);
        out += "IfExp(";
        field_expr("test", n.test);
        field_expr("body", n.body);
        field_expr("orelse", n.orelse);
        break;
      }
      case ExprKind::Lambda: {
        const auto& n = static_cast<const Lambda&>(e);
        out += "Lambda(";
        field("args");
        arguments(n.args);
        field_expr("body", n.body);
        break;
      }
      case ExprKind::Call: {
        const auto& n = static_cast<const Call&>(e);
        out += "Call(";
        field_expr("func", n.func);
        field_exprs("args", n.args);
        keywords(n.keywords);
        break;
      }
      case ExprKind::Attribute: {
        const auto& n = static_cast<const Attribute&>(e);
        out += "Attribute(";
        field_expr("value", n.value);
        field_str("attr", n.attr);
        break;
      }
      case ExprKind::Subscript: {
        const auto& n = static_cast<const Subscript&>(e);
        out += "Subscript(";
        field_expr("value", n.value);
        field_expr("slice", n.slice);
        break;
      }
      case ExprKind::Slice: {
        const auto& n = static_cast<const Slice&>(e);
        out += "Slice(";
        field_expr("lower", n.lower);
        field_expr("upper", n.upper);
        field_expr("step", n.step);
        break;
      }
      case ExprKind::Starred:
        out += "Starred(";
        field_expr("value", static_cast<const Starred&>(e).value);
        break;
      case ExprKind::List:
      case ExprKind::Tuple:
      case ExprKind::Set:
        out += e.kind == ExprKind::List ? "List(" : e.kind == ExprKind::Tuple ? "Tuple(" : "Set(";
        field_exprs("elts", static_cast<const Sequence&>(e).elts);
        break;
      case ExprKind::Dict: {
        const auto& n = static_cast<const Dict&>(e);
        out += "Dict(";
        field_exprs("keys", n.keys);
        field_exprs("values", n.values);
        break;
      }
      case ExprKind::ListComp:
      case ExprKind::SetComp:
      case ExprKind::GeneratorExp: {
        const auto& n = static_cast<const Comp&>(e);
        out += e.kind == ExprKind::ListComp  ? "ListComp("
               : e.kind == ExprKind::SetComp ? "SetComp("
                                             : "GeneratorExp(";
        field_expr("elt", n.elt);
        generators(n.generators);
        break;
      }
      case ExprKind::DictComp: {
        const auto& n = static_cast<const Comp&>(e);
        out += "DictComp(";
        field_expr("key", n.key);
        field_expr("value", n.value);
        generators(n.generators);
        break;
      }
      case ExprKind::Yield:
        out += "Yield(";
        field_expr("value", static_cast<const Yield&>(e).value);
        break;
      case ExprKind::YieldFrom:
        out += "YieldFrom(";
        field_expr("value", static_cast<const YieldFrom&>(e).value);
        break;
      case ExprKind::NamedExpr: {
        const auto& n = static_cast<const NamedExpr&>(e);
        out += "NamedExpr(";
        field_expr("target", n.target);
        field_expr("value", n.value);
        break;
      }
    }
    expr_pos(e);
    out += ')';
  }

 private:
  bool positions_;
};

}  // namespace

std::string python_float_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Shortest round-trip digits, then Python's layout rules for repr():
  // positional for exponents in [-4, 16), scientific otherwise.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  std::string sign;
  if (!sci.empty() && sci[0] == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  const size_t epos = sci.find('e');
  std::string digits;
  for (size_t i = 0; i < epos; ++i) {
    if (sci[i] != '.') digits += sci[i];
  }
  const int exp = std::stoi(sci.substr(epos + 1));
  std::string out = sign;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const auto int_len = static_cast<size_t>(exp) + 1;
      if (digits.size() <= int_len) {
        out += digits + std::string(int_len - digits.size(), '0') + ".0";
      } else {
        out += digits.substr(0, int_len) + "." + digits.substr(int_len);
      }
    } else {
      out += "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  char ebuf[16];
  std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
  out += ebuf;
  return out;
}

std::string python_str_repr(const std::string& s) {
  const bool has_single = s.find('\'') != std::string::npos;
  const bool has_double = s.find('"') != std::string::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  char buf[16];
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const uint32_t cp = next_code_point(s, i);
    if (cp & 0x80000000u) {  // undecodable byte: show it like a surrogate escape
      std::snprintf(buf, sizeof buf, "\\udc%02x", cp & 0xFF);
      out += buf;
      continue;
    }
    if (cp == static_cast<uint32_t>(quote) || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x20 || cp == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\x%02x", cp);
      out += buf;
    } else if (cp < 0x80 || printable(cp)) {
      out.append(s, start, i - start);
    } else if (cp < 0x100) {
      std::snprintf(buf, sizeof buf, "\\x%02x", cp);
      out += buf;
    } else if (cp < 0x10000) {
      std::snprintf(buf, sizeof buf, "\\u%04x", cp);
      out += buf;
    } else {
      std::snprintf(buf, sizeof buf, "\\U%08x", cp);
      out += buf;
    }
  }
  out += quote;
  return out;
}

std::string dump(const Module& module, bool positions) {
  Dumper d(positions);
  d.module(module);
  return std::move(d.out);
}

std::string dump(const Stmt& stmt, bool positions) {
  Dumper d(positions);
  d.stmt(stmt);
  return std::move(d.out);
}

std::string dump(const Expr& expr, bool positions) {
  Dumper d(positions);
  d.expr(expr);
  return std::move(d.out);
}

}  // namespace spindle::ast
