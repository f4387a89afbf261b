#include "core/scope.hpp"

#include <algorithm>
#include <unordered_set>

namespace spindle {

SymKind Scope::lookup(const std::string& name) const {
  auto it = symbols.find(name);
  if (it != symbols.end()) return it->second;
  return kind == Kind::Function || kind == Kind::Comprehension ? SymKind::GlobalImplicit
         : kind == Kind::Class                                 ? SymKind::GlobalImplicit
                                                               : SymKind::Name;
}

void Scope::note(const std::string& name, uint32_t flag) {
  auto [it, inserted] = flags.try_emplace(name, 0);
  if (inserted) order.push_back(name);
  it->second |= flag;
}

namespace {

using namespace ast;

class Collector {
 public:
  Collector(ScopeTable& table, std::string_view filename) : table_(table), filename_(filename) {}

  void module(const Module& m) {
    table_.module = std::make_unique<Scope>();
    table_.module->kind = Scope::Kind::Module;
    table_.module->name = "<module>";
    for (auto& s : m.body) stmt(table_.module.get(), *s);
  }

  bool failed() const { return table_.error.has_value(); }

  void fail(Pos pos, std::string message) {
    if (table_.error) return;
    SyntaxErrorInfo e;
    e.message = std::move(message);
    e.filename = std::string(filename_);
    e.line = pos.line;
    e.col = pos.col + 1;
    table_.error = std::move(e);
  }

 private:
  Scope* child(Scope* parent, Scope::Kind kind, std::string name, const void* node) {
    auto s = std::make_unique<Scope>();
    s->kind = kind;
    s->name = std::move(name);
    s->parent = parent;
    Scope* raw = s.get();
    parent->children.push_back(std::move(s));
    table_.by_node[node] = raw;
    return raw;
  }

  void bind(Scope* s, const std::string& name) { s->note(name, Scope::kBound); }

  void arguments(Scope* s, const Arguments& a) {
    auto param = [&](const Arg& arg) {
      if (s->flags.count(arg.name) && (s->flags[arg.name] & Scope::kParam))
        fail(arg.pos, "duplicate argument '" + arg.name + "' in function definition");
      s->note(arg.name, Scope::kParam | Scope::kBound);
      s->params.push_back(arg.name);
    };
    for (auto& p : a.posonlyargs) param(p);
    for (auto& p : a.args) param(p);
    for (auto& p : a.kwonlyargs) param(p);
    if (a.vararg) param(*a.vararg);
    if (a.kwarg) param(*a.kwarg);
  }

  void defaults(Scope* s, const Arguments& a) {
    for (auto& d : a.defaults) expr(s, *d);
    for (auto& d : a.kw_defaults)
      if (d) expr(s, *d);
  }

  void target(Scope* s, const Expr& e) {
    switch (e.kind) {
      case ExprKind::Name:
        bind(s, static_cast<const Name&>(e).id);
        break;
      case ExprKind::Tuple:
      case ExprKind::List:
        for (auto& el : static_cast<const Sequence&>(e).elts) target(s, *el);
        break;
      case ExprKind::Starred:
        target(s, *static_cast<const Starred&>(e).value);
        break;
      default:
        expr(s, e);  // attribute / subscript: evaluates sub-expressions
    }
  }

  void body(Scope* s, const StmtList& list) {
    for (auto& st : list) stmt(s, *st);
  }

  void stmt(Scope* s, const Stmt& st) {
    switch (st.kind) {
      case StmtKind::FunctionDef: {
        auto& f = static_cast<const FunctionDef&>(st);
        for (auto& d : f.decorators) expr(s, *d);
        defaults(s, f.args);
        bind(s, f.name);
        Scope* fs = child(s, Scope::Kind::Function, f.name, &f);
        arguments(fs, f.args);
        body(fs, f.body);
        break;
      }
      case StmtKind::ClassDef: {
        auto& c = static_cast<const ClassDef&>(st);
        for (auto& d : c.decorators) expr(s, *d);
        for (auto& b : c.bases) expr(s, *b);
        for (auto& k : c.keywords) expr(s, *k.value);
        bind(s, c.name);
        Scope* cs = child(s, Scope::Kind::Class, c.name, &c);
        body(cs, c.body);
        break;
      }
      case StmtKind::Return: {
        auto& r = static_cast<const Return&>(st);
        if (r.value) expr(s, *r.value);
        break;
      }
      case StmtKind::Delete:
        for (auto& t : static_cast<const Delete&>(st).targets) target(s, *t);
        break;
      case StmtKind::Assign: {
        auto& a = static_cast<const Assign&>(st);
        expr(s, *a.value);
        for (auto& t : a.targets) target(s, *t);
        break;
      }
      case StmtKind::AugAssign: {
        auto& a = static_cast<const AugAssign&>(st);
        expr(s, *a.value);
        if (a.target->kind == ExprKind::Name) {
          auto& n = static_cast<const Name&>(*a.target).id;
          s->note(n, Scope::kBound | Scope::kUsed);
        } else {
          expr(s, *a.target);
        }
        break;
      }
      case StmtKind::AnnAssign: {
        auto& a = static_cast<const AnnAssign&>(st);
        if (a.value) {
          expr(s, *a.value);
          target(s, *a.target);
        } else if (a.target->kind == ExprKind::Name) {
          bind(s, static_cast<const Name&>(*a.target).id);
        }
        break;
      }
      case StmtKind::For: {
        auto& f = static_cast<const For&>(st);
        expr(s, *f.iter);
        target(s, *f.target);
        body(s, f.body);
        body(s, f.orelse);
        break;
      }
      case StmtKind::While: {
        auto& w = static_cast<const While&>(st);
        expr(s, *w.test);
        body(s, w.body);
        body(s, w.orelse);
        break;
      }
      case StmtKind::If: {
        auto& i = static_cast<const If&>(st);
        expr(s, *i.test);
        body(s, i.body);
        body(s, i.orelse);
        break;
      }
      case StmtKind::With: {
        auto& w = static_cast<const With&>(st);
        for (auto& item : w.items) {
          expr(s, *item.context_expr);
          if (item.optional_vars) target(s, *item.optional_vars);
        }
        body(s, w.body);
        break;
      }
      case StmtKind::Raise: {
        auto& r = static_cast<const Raise&>(st);
        if (r.exc) expr(s, *r.exc);
        if (r.cause) expr(s, *r.cause);
        break;
      }
      case StmtKind::Try: {
        auto& t = static_cast<const Try&>(st);
        body(s, t.body);
        for (auto& h : t.handlers) {
          if (h.type) expr(s, *h.type);
          if (!h.name.empty()) bind(s, h.name);
          body(s, h.body);
        }
        body(s, t.orelse);
        body(s, t.finalbody);
        break;
      }
      case StmtKind::Assert: {
        auto& a = static_cast<const Assert&>(st);
        expr(s, *a.test);
        if (a.msg) expr(s, *a.msg);
        break;
      }
      case StmtKind::Import:
        for (auto& a : static_cast<const Import&>(st).names) {
          std::string n = a.asname.empty() ? a.name.substr(0, a.name.find('.')) : a.asname;
          bind(s, n);
        }
        break;
      case StmtKind::ImportFrom:
        for (auto& a : static_cast<const ImportFrom&>(st).names) {
          if (a.name == "*") {
            if (s->kind != Scope::Kind::Module) fail(st.pos, "import * only allowed at module level");
            continue;
          }
          bind(s, a.asname.empty() ? a.name : a.asname);
        }
        break;
      case StmtKind::Global:
      case StmtKind::Nonlocal: {
        auto& n = static_cast<const NameList&>(st);
        bool global = st.kind == StmtKind::Global;
        for (auto& name : n.names) {
          auto it = s->flags.find(name);
          if (it != s->flags.end() && !(it->second & (Scope::kGlobal | Scope::kNonlocal))) {
            const char* what = (it->second & Scope::kParam) ? "parameter" : (it->second & Scope::kBound) ? "assigned to" : "used";
            if (it->second & Scope::kParam)
              fail(st.pos, "name '" + name + "' is parameter and " + (global ? "global" : "nonlocal"));
            else
              fail(st.pos, "name '" + name + "' is " + what + " before " + (global ? "global" : "nonlocal") +
                               " declaration");
          }
          if (!global && s->kind == Scope::Kind::Module) fail(st.pos, "nonlocal declaration not allowed at module level");
          s->note(name, global ? Scope::kGlobal : Scope::kNonlocal);
        }
        break;
      }
      case StmtKind::ExprStmt:
        expr(s, *static_cast<const ExprStmt&>(st).value);
        break;
      case StmtKind::Pass:
      case StmtKind::Break:
      case StmtKind::Continue:
        break;
    }
  }

  void use(Scope* s, const std::string& name) {
    s->note(name, Scope::kUsed);
    if ((name == "super" || name == "__class__") && s->kind != Scope::Kind::Class) {
      // Zero-argument super() needs the class being defined: the nearest
      // enclosing class gets a __class__ cell that its methods close over.
      for (Scope* p = s->parent; p; p = p->parent) {
        if (p->kind == Scope::Kind::Class) {
          p->needs_class_cell = true;
          s->note("__class__", Scope::kUsed);
          break;
        }
      }
    }
  }

  void comprehension(Scope* s, const Comp& c) {
    // The first iterable is evaluated in the enclosing scope and passed in
    // as the argument `.0`, as CPython does.
    expr(s, *c.generators[0].iter);
    Scope* cs = child(s, Scope::Kind::Comprehension,
                      c.kind == ExprKind::ListComp  ? "<listcomp>"
                      : c.kind == ExprKind::SetComp ? "<setcomp>"
                      : c.kind == ExprKind::DictComp ? "<dictcomp>"
                                                     : "<genexpr>",
                      &c);
    cs->note(".0", Scope::kParam | Scope::kBound);
    cs->params.push_back(".0");
    cs->is_generator = c.kind == ExprKind::GeneratorExp;
    for (size_t i = 0; i < c.generators.size(); ++i) {
      auto& g = c.generators[i];
      if (i > 0) expr(cs, *g.iter);
      target(cs, *g.target);
      for (auto& cond : g.ifs) expr(cs, *cond);
    }
    if (c.elt) expr(cs, *c.elt);
    if (c.key) expr(cs, *c.key);
    if (c.value) expr(cs, *c.value);
  }

  void expr(Scope* s, const Expr& e) {
    switch (e.kind) {
      case ExprKind::Name:
        use(s, static_cast<const Name&>(e).id);
        break;
      case ExprKind::Constant:
        break;
      case ExprKind::JoinedStr:
        for (auto& v : static_cast<const JoinedStr&>(e).values) expr(s, *v);
        break;
      case ExprKind::FormattedValue: {
        auto& f = static_cast<const FormattedValue&>(e);
        expr(s, *f.value);
        if (f.format_spec) expr(s, *f.format_spec);
        break;
      }
      case ExprKind::BinOp: {
        auto& b = static_cast<const BinOp&>(e);
        expr(s, *b.left);
        expr(s, *b.right);
        break;
      }
      case ExprKind::UnaryOp:
        expr(s, *static_cast<const UnaryOp&>(e).operand);
        break;
      case ExprKind::BoolOp:
        for (auto& v : static_cast<const BoolOp&>(e).values) expr(s, *v);
        break;
      case ExprKind::Compare: {
        auto& c = static_cast<const Compare&>(e);
        expr(s, *c.left);
        for (auto& v : c.comparators) expr(s, *v);
        break;
      }
      case ExprKind::IfExp: {
        auto& i = static_cast<const IfExp&>(e);
        expr(s, *i.test);
        expr(s, *i.body);
        expr(s, *i.orelse);
        break;
      }
      case ExprKind::Lambda: {
        auto& l = static_cast<const Lambda&>(e);
        defaults(s, l.args);
        Scope* ls = child(s, Scope::Kind::Function, "<lambda>", &l);
        arguments(ls, l.args);
        expr(ls, *l.body);
        break;
      }
      case ExprKind::Call: {
        auto& c = static_cast<const Call&>(e);
        expr(s, *c.func);
        for (auto& a : c.args) expr(s, *a);
        for (auto& k : c.keywords) expr(s, *k.value);
        break;
      }
      case ExprKind::Attribute:
        expr(s, *static_cast<const Attribute&>(e).value);
        break;
      case ExprKind::Subscript: {
        auto& sub = static_cast<const Subscript&>(e);
        expr(s, *sub.value);
        expr(s, *sub.slice);
        break;
      }
      case ExprKind::Slice: {
        auto& sl = static_cast<const Slice&>(e);
        if (sl.lower) expr(s, *sl.lower);
        if (sl.upper) expr(s, *sl.upper);
        if (sl.step) expr(s, *sl.step);
        break;
      }
      case ExprKind::Starred:
        expr(s, *static_cast<const Starred&>(e).value);
        break;
      case ExprKind::List:
      case ExprKind::Tuple:
      case ExprKind::Set:
        for (auto& el : static_cast<const Sequence&>(e).elts) expr(s, *el);
        break;
      case ExprKind::Dict: {
        auto& d = static_cast<const Dict&>(e);
        for (auto& k : d.keys)
          if (k) expr(s, *k);
        for (auto& v : d.values) expr(s, *v);
        break;
      }
      case ExprKind::ListComp:
      case ExprKind::SetComp:
      case ExprKind::DictComp:
      case ExprKind::GeneratorExp:
        comprehension(s, static_cast<const Comp&>(e));
        break;
      case ExprKind::Yield: {
        auto& y = static_cast<const Yield&>(e);
        mark_generator(s, e.pos);
        if (y.value) expr(s, *y.value);
        break;
      }
      case ExprKind::YieldFrom:
        mark_generator(s, e.pos);
        expr(s, *static_cast<const YieldFrom&>(e).value);
        break;
      case ExprKind::NamedExpr: {
        auto& n = static_cast<const NamedExpr&>(e);
        expr(s, *n.value);
        const std::string& name = static_cast<const Name&>(*n.target).id;
        if (s->kind == Scope::Kind::Comprehension) {
          // PEP 572: the target binds in the enclosing non-comprehension scope.
          Scope* outer = s;
          while (outer->kind == Scope::Kind::Comprehension) outer = outer->parent;
          if (outer->kind == Scope::Kind::Class) {
            fail(e.pos, "assignment expression within a comprehension cannot be used in a class body");
            break;
          }
          bind(outer, name);
          for (Scope* c = s; c != outer; c = c->parent)
            c->note(name, outer->kind == Scope::Kind::Module ? Scope::kGlobal : Scope::kNonlocal);
        } else {
          bind(s, name);
        }
        break;
      }
    }
  }

  void mark_generator(Scope* s, Pos pos) {
    if (s->kind == Scope::Kind::Function)
      s->is_generator = true;
    else if (s->kind == Scope::Kind::Comprehension)
      fail(pos, "'yield' inside list comprehension");
    else
      fail(pos, "'yield' outside function");
  }

  ScopeTable& table_;
  std::string_view filename_;
};

class Resolver {
 public:
  explicit Resolver(ScopeTable& t) : table_(t) {}

  void resolve(Scope* s, const std::unordered_set<std::string>& enclosing) {
    bool function = s->is_function_like();
    for (const std::string& name : s->order) {
      uint32_t f = s->flags[name];
      SymKind k;
      if (f & Scope::kGlobal) {
        k = SymKind::GlobalExplicit;
      } else if (f & Scope::kNonlocal) {
        if (!enclosing.count(name)) {
          fail("no binding for nonlocal '" + name + "' found");
          return;
        }
        k = SymKind::Free;
      } else if (f & (Scope::kBound | Scope::kParam)) {
        k = function ? SymKind::Local : SymKind::Name;
      } else if (enclosing.count(name)) {
        k = SymKind::Free;
      } else {
        k = SymKind::GlobalImplicit;
      }
      s->symbols[name] = k;
    }

    std::unordered_set<std::string> inner = enclosing;
    if (function) {
      for (auto& [name, k] : s->symbols)
        if (k == SymKind::Local || k == SymKind::Free) inner.insert(name);
    } else if (s->kind == Scope::Kind::Class && s->needs_class_cell) {
      inner.insert("__class__");
    }
    for (auto& c : s->children) resolve(c.get(), inner);

    // Names our children capture become cells here, or pass through us.
    std::vector<std::string> pass_through;
    for (auto& c : s->children) {
      for (const std::string& fv : c->freevars) {
        if (s->kind == Scope::Kind::Class && fv == "__class__" && s->needs_class_cell) continue;
        auto it = s->symbols.find(fv);
        if (function && it != s->symbols.end() && (it->second == SymKind::Local || it->second == SymKind::Cell)) {
          it->second = SymKind::Cell;
        } else if (function && it != s->symbols.end() && it->second == SymKind::Free) {
          // already free here
        } else if (function) {
          s->symbols[fv] = SymKind::Free;
          s->order.push_back(fv);
        } else if (std::find(pass_through.begin(), pass_through.end(), fv) == pass_through.end()) {
          pass_through.push_back(fv);  // a class body forwards captures
        }
      }
    }

    for (const std::string& p : s->params) s->varnames.push_back(p);
    for (const std::string& name : s->order) {
      SymKind k = s->symbols[name];
      bool is_param = std::find(s->params.begin(), s->params.end(), name) != s->params.end();
      if (k == SymKind::Local && !is_param) s->varnames.push_back(name);
      if (k == SymKind::Cell) s->cellvars.push_back(name);
      if (k == SymKind::Free && std::find(s->freevars.begin(), s->freevars.end(), name) == s->freevars.end())
        s->freevars.push_back(name);
    }
    if (s->kind == Scope::Kind::Class) {
      if (s->needs_class_cell) s->cellvars.push_back("__class__");
      for (auto& fv : pass_through)
        if (std::find(s->freevars.begin(), s->freevars.end(), fv) == s->freevars.end()) s->freevars.push_back(fv);
    }
  }

 private:
  void fail(std::string message) {
    if (table_.error) return;
    SyntaxErrorInfo e;
    e.message = std::move(message);
    table_.error = std::move(e);
  }
  ScopeTable& table_;
};

}  // namespace

ScopeTable analyze_scopes(const ast::Module& module, std::string_view filename) {
  ScopeTable table;
  Collector collector(table, filename);
  collector.module(module);
  if (table.error) return table;
  Resolver resolver(table);
  resolver.resolve(table.module.get(), {});
  if (table.error && table.error->filename.empty()) table.error->filename = std::string(filename);
  return table;
}

}  // namespace spindle
