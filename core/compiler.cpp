// The compiler: one pass over the AST per code object, emitting 32-bit
// instruction words (code.hpp). Exception handling follows CPython 3.11:
// every instruction is labelled with its innermost handler, and `finally`
// bodies are emitted inline on each exit path (return, break, continue), so
// no block stack exists at run time.
#include "core/compiler.hpp"

#include <cmath>
#include <cstring>
#include <unordered_map>

#include "core/ops.hpp"
#include "core/scope.hpp"
#include "core/vm.hpp"

namespace spindle {

namespace {

using namespace ast;

struct CompileError {
  Pos pos;
  std::string message;
};

// A statically known piece of the control structure that a jump out of
// (return, break, continue) must clean up, innermost last.
struct FBlock {
  enum Kind { WhileLoop, ForLoop, TryFinally, FinallyBody, HandlerBody, With } kind;
  int continue_label = -1;
  int break_label = -1;
  const StmtList* finalbody = nullptr;  // TryFinally
  std::string handler_name;             // HandlerBody with `as name`
  int outer_handler = -1;               // the handler in force outside this block
  // HandlerBody/FinallyBody: the handler outside the exception-cleanup
  // region. A `return` moves its value below the saved exception (SWAP 2)
  // before POP_EXCEPT; the cleanup handler must not cover that, or an
  // exception thrown there (a bomb at a preempted boundary) would restore
  // the return value as the handled exception. CPython ends the region
  // with POP_BLOCK at the same place.
  int outside_cleanup = -1;
};

struct HandlerDef {
  int label;
  int depth;
};

struct Unit {
  Scope* scope = nullptr;
  Ref<Code> code;
  std::vector<uint32_t> instrs;
  std::vector<int> instr_lines;
  std::vector<int> instr_handlers;
  std::vector<int> label_pos;
  std::vector<int> label_depth;
  std::vector<HandlerDef> handler_defs;
  int current_handler = -1;
  int depth = 0;
  int max_depth = 0;
  bool reachable = true;
  int line = 1;
  std::unordered_map<std::string, int> names, locals, cells, consts_str;
  std::vector<FBlock> fblocks;
};

class Compiler {
 public:
  Compiler(Vm& vm, ScopeTable& scopes, std::string_view filename) : vm_(vm), scopes_(scopes), filename_(filename) {}

  Ref<Code> module(const ast::Module& m) {
    Unit u;
    begin_unit(u, scopes_.module.get(), "<module>", "<module>", 1);
    u.code->flags |= kModuleBody;
    compile_body(m.body);
    emit_const_none();
    emit(Op::RETURN_VALUE);
    return finish_unit();
  }

 private:
  // ---- units ----------------------------------------------------------------
  void begin_unit(Unit& u, Scope* scope, const std::string& name, const std::string& qualname, int line) {
    u.scope = scope;
    u.code = make<Code>();
    u.code->name = name;
    u.code->qualname = qualname;
    u.code->filename = std::string(filename_);
    u.code->firstlineno = line;
    u.line = line;
    for (auto& v : scope->varnames) {
      u.locals[v] = static_cast<int>(u.code->varnames.size());
      u.code->varnames.push_back(vm_.intern_ref(v));
    }
    int ci = 0;
    for (auto& c : scope->cellvars) {
      u.cells[c] = ci++;
      u.code->cellvars.push_back(vm_.intern_ref(c));
      auto it = u.locals.find(c);
      u.code->cell_param.push_back(it != u.locals.end() && it->second < static_cast<int>(scope->params.size())
                                       ? it->second
                                       : -1);
    }
    for (auto& f : scope->freevars) {
      u.cells[f] = ci++;
      u.code->freevars.push_back(vm_.intern_ref(f));
    }
    if (scope->is_generator) u.code->flags |= kGenerator;
    units_.push_back(&u);
  }

  Unit& u() { return *units_.back(); }

  Ref<Code> finish_unit() {
    Unit& unit = u();
    Code& code = *unit.code;
    // Resolve jumps.
    for (size_t i = 0; i < unit.instrs.size(); ++i) {
      Op op = decode_op(unit.instrs[i]);
      if (kOpInfo[static_cast<int>(op)].flags & kHasJump) {
        int label = static_cast<int>(decode_arg(unit.instrs[i]));
        unit.instrs[i] = encode(op, static_cast<uint32_t>(unit.label_pos[label]));
      }
    }
    code.code = std::move(unit.instrs);
    // Line table: runs of equal lines.
    for (size_t i = 0; i < code.code.size(); ++i) {
      if (code.lines.empty() || code.lines.back().line != unit.instr_lines[i])
        code.lines.push_back({static_cast<uint32_t>(i), unit.instr_lines[i]});
    }
    // Handler table: runs of equal handler labels.
    for (size_t i = 0; i < code.code.size();) {
      int h = unit.instr_handlers[i];
      size_t j = i;
      while (j < code.code.size() && unit.instr_handlers[j] == h) ++j;
      if (h >= 0) {
        const HandlerDef& def = unit.handler_defs[h];
        code.handlers.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j),
                                 static_cast<uint32_t>(unit.label_pos[def.label]), static_cast<uint32_t>(def.depth)});
      }
      i = j;
    }
    code.max_stack = unit.max_depth + 1;
    Ref<Code> result = std::move(unit.code);
    units_.pop_back();
    return result;
  }

  [[noreturn]] void error(Pos pos, std::string message) { throw CompileError{pos, std::move(message)}; }

  // ---- emission -------------------------------------------------------------
  int new_label() {
    u().label_pos.push_back(-1);
    u().label_depth.push_back(-1);
    return static_cast<int>(u().label_pos.size()) - 1;
  }

  void bind(int label) {
    Unit& unit = u();
    unit.label_pos[label] = static_cast<int>(unit.instrs.size());
    if (!unit.reachable && unit.label_depth[label] >= 0) unit.depth = unit.label_depth[label];
    unit.reachable = true;
  }

  void set_depth(int d) {
    u().depth = d;
    if (d > u().max_depth) u().max_depth = d;
  }

  void emit(Op op, uint32_t arg = 0) {
    Unit& unit = u();
    if (arg > kMaxOperand) error({unit.line, 0}, "too many constants or names in one function");
    unit.instrs.push_back(encode(op, arg));
    unit.instr_lines.push_back(unit.line);
    unit.instr_handlers.push_back(unit.current_handler);
    uint32_t flags = kOpInfo[static_cast<int>(op)].flags;
    if (flags & kHasJump) {
      int target_depth = unit.depth + stack_effect(op, 0, true);
      if (op == Op::SEND) target_depth = unit.depth - 1;
      int label = static_cast<int>(arg);
      if (unit.label_depth[label] < 0) unit.label_depth[label] = target_depth;
    }
    if (!(flags & kHasJump) || op != Op::JUMP) {
      int effect = (flags & kHasJump) ? stack_effect(op, arg, false) : stack_effect(op, arg, false);
      set_depth(unit.depth + effect);
    }
    if (op == Op::JUMP || op == Op::RETURN_VALUE || op == Op::RERAISE || op == Op::RAISE_VARARGS)
      unit.reachable = false;
  }

  void emit_jump(Op op, int label) { emit(op, static_cast<uint32_t>(label)); }

  uint32_t add_const(Value v) {
    auto& consts = u().code->consts;
    // Deduplicate simple constants; `is` identity of immediates is by value.
    std::string key;
    switch (v.tag()) {
      case Tag::None: key = "N"; break;
      case Tag::Bool: key = v.as_bool() ? "T" : "F"; break;
      case Tag::Int: key = "i" + std::to_string(v.as_int()); break;
      case Tag::Float: {
        double d = v.as_float();
        char buf[sizeof(double)];
        std::memcpy(buf, &d, sizeof d);
        key = "f" + std::string(buf, sizeof buf);
        break;
      }
      default:
        if (v.is_kind(ObjKind::Str)) key = "s" + v.as<Str>()->str();
    }
    if (!key.empty()) {
      auto it = u().consts_str.find(key);
      if (it != u().consts_str.end()) return static_cast<uint32_t>(it->second);
      u().consts_str[key] = static_cast<int>(consts.size());
    }
    consts.push_back(std::move(v));
    return static_cast<uint32_t>(consts.size() - 1);
  }

  void emit_const(Value v) { emit(Op::LOAD_CONST, add_const(std::move(v))); }
  void emit_const_none() { emit_const(Value::none()); }
  void emit_const_str(const std::string& s) { emit_const(Value(vm_.intern_ref(s))); }

  uint32_t name_index(const std::string& name) {
    auto& m = u().names;
    auto it = m.find(name);
    if (it != m.end()) return static_cast<uint32_t>(it->second);
    int idx = static_cast<int>(u().code->names.size());
    u().code->names.push_back(vm_.intern_ref(name));
    m[name] = idx;
    return static_cast<uint32_t>(idx);
  }

  // Handler regions. The returned id labels instructions emitted until the
  // region ends.
  int push_handler(int label, int depth) {
    Unit& unit = u();
    unit.handler_defs.push_back({label, depth});
    int id = static_cast<int>(unit.handler_defs.size()) - 1;
    unit.current_handler = id;
    return id;
  }
  // The handler in force outside the region `id` (its enclosing one).
  std::vector<int> handler_stack_;

  // `below` counts the values on top of the stack that the handler drops
  // (e.g. the exception a cleanup handler replaces).
  void enter_region(int label, int below = 0) {
    handler_stack_.push_back(u().current_handler);
    push_handler(label, u().depth - below);
  }
  void leave_region() {
    u().current_handler = handler_stack_.back();
    handler_stack_.pop_back();
  }
  // Binds a handler label: the stack holds the region's depth plus the
  // exception.
  void bind_handler(int label, int handler_id) {
    bind(label);
    set_depth(u().handler_defs[handler_id].depth + 1);
  }

  // ---- names ----------------------------------------------------------------
  enum class Ctx { Load, Store, Del };

  void name_op(const std::string& name, Ctx ctx, Pos pos) {
    Unit& unit = u();
    Scope* s = unit.scope;
    SymKind k = s->lookup(name);
    if (s->kind == Scope::Kind::Module) {
      Op op = ctx == Ctx::Load ? Op::LOAD_GLOBAL : ctx == Ctx::Store ? Op::STORE_GLOBAL : Op::DELETE_GLOBAL;
      emit(op, name_index(name));
      return;
    }
    switch (k) {
      case SymKind::Local: {
        uint32_t idx = static_cast<uint32_t>(unit.locals.at(name));
        emit(ctx == Ctx::Load ? Op::LOAD_FAST : ctx == Ctx::Store ? Op::STORE_FAST : Op::DELETE_FAST, idx);
        return;
      }
      case SymKind::Cell:
      case SymKind::Free: {
        uint32_t idx = static_cast<uint32_t>(unit.cells.at(name));
        if (s->kind == Scope::Kind::Class && ctx == Ctx::Load) {
          emit(Op::LOAD_CLASSDEREF, idx);
          return;
        }
        emit(ctx == Ctx::Load ? Op::LOAD_DEREF : ctx == Ctx::Store ? Op::STORE_DEREF : Op::DELETE_DEREF, idx);
        return;
      }
      case SymKind::GlobalExplicit:
        emit(ctx == Ctx::Load ? Op::LOAD_GLOBAL : ctx == Ctx::Store ? Op::STORE_GLOBAL : Op::DELETE_GLOBAL,
             name_index(name));
        return;
      case SymKind::GlobalImplicit:
        if (s->kind == Scope::Kind::Class) {
          emit(ctx == Ctx::Load ? Op::LOAD_NAME : ctx == Ctx::Store ? Op::STORE_NAME : Op::DELETE_NAME,
               name_index(name));
        } else {
          emit(ctx == Ctx::Load ? Op::LOAD_GLOBAL : ctx == Ctx::Store ? Op::STORE_GLOBAL : Op::DELETE_GLOBAL,
               name_index(name));
        }
        return;
      case SymKind::Name:
        emit(ctx == Ctx::Load ? Op::LOAD_NAME : ctx == Ctx::Store ? Op::STORE_NAME : Op::DELETE_NAME,
             name_index(name));
        return;
    }
    (void)pos;
  }

  // ---- statements -----------------------------------------------------------
  void compile_body(const StmtList& body) {
    for (auto& s : body) stmt(*s);
  }

  void set_line(Pos p) {
    if (p.line > 0) u().line = p.line;
  }

  void stmt(const Stmt& s) {
    set_line(s.pos);
    switch (s.kind) {
      case StmtKind::FunctionDef:
        function_def(static_cast<const FunctionDef&>(s));
        break;
      case StmtKind::ClassDef:
        class_def(static_cast<const ClassDef&>(s));
        break;
      case StmtKind::Return: {
        auto& r = static_cast<const Return&>(s);
        if (u().scope->kind != Scope::Kind::Function) error(s.pos, "'return' outside function");
        if (r.value) {
          expr(*r.value);
        } else {
          emit_const_none();
        }
        int handler = unwind_for_return();
        set_line(s.pos);
        emit(Op::RETURN_VALUE);
        // Code after the return (reached by other paths) is still inside
        // every try/with around it.
        u().current_handler = handler;
        break;
      }
      case StmtKind::Delete:
        for (auto& t : static_cast<const Delete&>(s).targets) delete_target(*t);
        break;
      case StmtKind::Assign: {
        auto& a = static_cast<const Assign&>(s);
        expr(*a.value);
        for (size_t i = 0; i < a.targets.size(); ++i) {
          if (i + 1 < a.targets.size()) emit(Op::COPY, 1);
          store_target(*a.targets[i]);
        }
        break;
      }
      case StmtKind::AugAssign:
        aug_assign(static_cast<const AugAssign&>(s));
        break;
      case StmtKind::AnnAssign: {
        auto& a = static_cast<const AnnAssign&>(s);
        if (a.value) {
          expr(*a.value);
          store_target(*a.target);
        }
        break;
      }
      case StmtKind::For:
        for_stmt(static_cast<const For&>(s));
        break;
      case StmtKind::While:
        while_stmt(static_cast<const While&>(s));
        break;
      case StmtKind::If: {
        auto& i = static_cast<const If&>(s);
        int else_label = new_label(), end = new_label();
        jump_if(*i.test, else_label, false);
        compile_body(i.body);
        if (!i.orelse.empty()) {
          emit_jump(Op::JUMP, end);
          bind(else_label);
          compile_body(i.orelse);
        } else {
          bind(else_label);
        }
        bind(end);
        break;
      }
      case StmtKind::With:
        with_stmt(static_cast<const With&>(s), 0);
        break;
      case StmtKind::Raise: {
        auto& r = static_cast<const Raise&>(s);
        uint32_t n = 0;
        if (r.exc) {
          expr(*r.exc);
          ++n;
          if (r.cause) {
            expr(*r.cause);
            ++n;
          }
        }
        emit(Op::RAISE_VARARGS, n);
        break;
      }
      case StmtKind::Try: {
        auto& t = static_cast<const Try&>(s);
        if (!t.finalbody.empty())
          try_finally(t);
        else
          try_except(t);
        break;
      }
      case StmtKind::Assert: {
        auto& a = static_cast<const Assert&>(s);
        int end = new_label();
        jump_if(*a.test, end, true);
        if (a.msg) {
          emit(Op::PUSH_NULL);
          emit(Op::LOAD_ASSERTION_ERROR);
          expr(*a.msg);
          emit(Op::CALL, 1);
        } else {
          emit(Op::LOAD_ASSERTION_ERROR);
        }
        emit(Op::RAISE_VARARGS, 1);
        bind(end);
        break;
      }
      case StmtKind::Import:
        for (auto& a : static_cast<const Import&>(s).names) {
          emit_const(Value::integer(0));
          emit_const_none();
          emit(Op::IMPORT_NAME, name_index(a.name));
          if (!a.asname.empty()) {
            // `import a.b as c` binds the submodule itself.
            size_t dot = 0;
            std::string rest = a.name;
            while ((dot = rest.find('.')) != std::string::npos) {
              rest = rest.substr(dot + 1);
              emit(Op::IMPORT_FROM, name_index(rest.substr(0, rest.find('.'))));
              emit(Op::SWAP, 2);
              emit(Op::POP_TOP);
            }
            name_op(a.asname, Ctx::Store, a.pos);
          } else {
            name_op(a.name.substr(0, a.name.find('.')), Ctx::Store, a.pos);
          }
        }
        break;
      case StmtKind::ImportFrom: {
        auto& f = static_cast<const ImportFrom&>(s);
        std::vector<Value> fromlist;
        for (auto& a : f.names) fromlist.push_back(Value(vm_.intern_ref(a.name)));
        emit_const(Value::integer(f.level));
        emit_const(Value(make_tuple(std::move(fromlist))));
        emit(Op::IMPORT_NAME, name_index(f.module));
        if (f.names.size() == 1 && f.names[0].name == "*") {
          emit(Op::IMPORT_STAR);
          break;
        }
        for (auto& a : f.names) {
          emit(Op::IMPORT_FROM, name_index(a.name));
          name_op(a.asname.empty() ? a.name : a.asname, Ctx::Store, a.pos);
        }
        emit(Op::POP_TOP);
        break;
      }
      case StmtKind::Global:
      case StmtKind::Nonlocal:
      case StmtKind::Pass:
        break;
      case StmtKind::ExprStmt: {
        auto& e = static_cast<const ExprStmt&>(s);
        if (e.value->kind == ExprKind::Constant) break;  // docstrings and bare literals
        expr(*e.value);
        emit(Op::POP_TOP);
        break;
      }
      case StmtKind::Break:
        break_continue(s.pos, true);
        break;
      case StmtKind::Continue:
        break_continue(s.pos, false);
        break;
    }
  }

  // Emits the cleanup of one fblock on a jump out of it. `preserve_tos`: a
  // return value sits on top of the stack and must survive.
  void unwind_fblock(const FBlock& b, bool preserve_tos) {
    Unit& unit = u();
    int saved_handler = unit.current_handler;
    bool exc_state_below_result = b.kind == FBlock::HandlerBody || b.kind == FBlock::FinallyBody;
    unit.current_handler = preserve_tos && exc_state_below_result ? b.outside_cleanup : b.outer_handler;
    switch (b.kind) {
      case FBlock::WhileLoop:
        break;
      case FBlock::ForLoop:
        if (preserve_tos) emit(Op::SWAP, 2);
        emit(Op::POP_TOP);  // the iterator
        break;
      case FBlock::TryFinally: {
        // The finally body runs inline; it must not see this fblock again
        // (a `return` inside it unwinds only the blocks outside).
        FBlock copy = b;
        unit.fblocks.pop_back();
        compile_body(*b.finalbody);
        unit.fblocks.push_back(copy);
        break;
      }
      case FBlock::FinallyBody:
        // Leaving a finally body that runs because of an exception: the
        // saved exception state and the exception are on the stack.
        if (preserve_tos) emit(Op::SWAP, 2);
        emit(Op::POP_TOP);  // exception
        if (preserve_tos) emit(Op::SWAP, 2);
        emit(Op::POP_EXCEPT);
        break;
      case FBlock::HandlerBody:
        if (preserve_tos) emit(Op::SWAP, 2);
        emit(Op::POP_EXCEPT);
        if (!b.handler_name.empty()) {
          emit_const_none();
          name_op(b.handler_name, Ctx::Store, {});
          name_op(b.handler_name, Ctx::Del, {});
        }
        break;
      case FBlock::With:
        if (preserve_tos) emit(Op::SWAP, 2);
        emit_const_none();
        emit_const_none();
        emit_const_none();
        emit(Op::CALL, 2);
        emit(Op::POP_TOP);
        break;
    }
    unit.current_handler = saved_handler;
  }

  // Emits the cleanups a `return` runs and leaves the handler set for the
  // RETURN_VALUE; returns the handler in force before, for the caller to
  // restore after it.
  int unwind_for_return() {
    Unit& unit = u();
    int saved_handler = unit.current_handler;
    std::vector<FBlock> saved = unit.fblocks;
    while (!unit.fblocks.empty()) {
      FBlock b = unit.fblocks.back();
      unwind_fblock(b, true);
      unit.fblocks.pop_back();
      unit.current_handler = b.outer_handler;
    }
    unit.fblocks = std::move(saved);
    // RETURN_VALUE itself runs outside every region.
    unit.current_handler = -1;
    return saved_handler;
  }

  void break_continue(Pos pos, bool is_break) {
    Unit& unit = u();
    int saved_handler = unit.current_handler;
    std::vector<FBlock> saved = unit.fblocks;
    bool found = false;
    while (!unit.fblocks.empty()) {
      FBlock b = unit.fblocks.back();
      if (b.kind == FBlock::WhileLoop || b.kind == FBlock::ForLoop) {
        if (is_break) unwind_fblock(b, false);
        unit.current_handler = is_break ? b.outer_handler : unit.current_handler;
        emit_jump(Op::JUMP, is_break ? b.break_label : b.continue_label);
        found = true;
        break;
      }
      unwind_fblock(b, false);
      unit.fblocks.pop_back();
      unit.current_handler = b.outer_handler;
    }
    unit.fblocks = std::move(saved);
    unit.current_handler = saved_handler;
    if (!found) error(pos, is_break ? "'break' outside loop" : "'continue' not properly in loop");
  }

  FBlock& push_fblock(FBlock::Kind kind) {
    FBlock b;
    b.kind = kind;
    b.outer_handler = u().current_handler;
    u().fblocks.push_back(b);
    return u().fblocks.back();
  }

  void while_stmt(const While& w) {
    int top = new_label(), else_label = new_label(), end = new_label();
    bind(top);
    jump_if(*w.test, else_label, false);
    FBlock& b = push_fblock(FBlock::WhileLoop);
    b.continue_label = top;
    b.break_label = end;
    compile_body(w.body);
    u().fblocks.pop_back();
    emit_jump(Op::JUMP, top);
    bind(else_label);
    compile_body(w.orelse);
    bind(end);
  }

  void for_stmt(const For& f) {
    int top = new_label(), else_label = new_label(), end = new_label();
    expr(*f.iter);
    emit(Op::GET_ITER);
    bind(top);
    set_line(f.pos);
    emit_jump(Op::FOR_ITER, else_label);
    FBlock& b = push_fblock(FBlock::ForLoop);
    b.continue_label = top;
    b.break_label = end;
    store_target(*f.target);
    compile_body(f.body);
    u().fblocks.pop_back();
    emit_jump(Op::JUMP, top);
    bind(else_label);
    compile_body(f.orelse);
    bind(end);
  }

  void try_except(const Try& t) {
    int handler = new_label(), cleanup = new_label(), end = new_label(), orelse = new_label();
    enter_region(handler);
    int handler_id = u().current_handler;
    compile_body(t.body);
    leave_region();
    emit_jump(Op::JUMP, orelse);

    // An exception is on the stack.
    bind_handler(handler, handler_id);
    int outer = u().current_handler;
    emit(Op::PUSH_EXC_INFO);  // ... prev exc
    enter_region(cleanup, 1);  // unwinds to ... prev
    int cleanup_id = u().current_handler;
    for (auto& h : t.handlers) {
      set_line(h.pos);
      int next = new_label();
      if (h.type) {
        expr(*h.type);
        emit(Op::CHECK_EXC_MATCH);
        emit_jump(Op::POP_JUMP_IF_FALSE, next);
      } else if (&h != &t.handlers.back()) {
        error(h.pos, "default 'except:' must be last");
      }
      // ... prev exc
      if (!h.name.empty()) {
        name_op(h.name, Ctx::Store, h.pos);
        // Inside a named handler, an exception must still clear the name.
        int named_cleanup = new_label();
        enter_region(named_cleanup);
        int named_id = u().current_handler;
        FBlock& b = push_fblock(FBlock::HandlerBody);
        b.handler_name = h.name;
        b.outer_handler = cleanup_id;
        b.outside_cleanup = outer;
        compile_body(h.body);
        u().fblocks.pop_back();
        leave_region();
        emit(Op::POP_EXCEPT);
        emit_const_none();
        name_op(h.name, Ctx::Store, h.pos);
        name_op(h.name, Ctx::Del, h.pos);
        emit_jump(Op::JUMP, end);
        // ... prev exc2: clear the name, then re-raise through `cleanup`.
        bind_handler(named_cleanup, named_id);
        emit_const_none();
        name_op(h.name, Ctx::Store, h.pos);
        name_op(h.name, Ctx::Del, h.pos);
        emit(Op::RERAISE);
      } else {
        emit(Op::POP_TOP);
        FBlock& b = push_fblock(FBlock::HandlerBody);
        b.outer_handler = cleanup_id;
        b.outside_cleanup = outer;
        compile_body(h.body);
        u().fblocks.pop_back();
        emit(Op::POP_EXCEPT);
        emit_jump(Op::JUMP, end);
      }
      bind(next);
      if (!h.type) break;
    }
    if (t.handlers.empty() || t.handlers.back().type) emit(Op::RERAISE);  // nothing matched
    leave_region();
    // ... prev exc2: restore the exception state, then propagate.
    bind_handler(cleanup, cleanup_id);
    emit(Op::SWAP, 2);
    emit(Op::POP_EXCEPT);
    emit(Op::RERAISE);

    bind(orelse);
    compile_body(t.orelse);
    bind(end);
  }

  void try_finally(const Try& t) {
    int handler = new_label(), cleanup = new_label(), end = new_label();
    {
      FBlock& b = push_fblock(FBlock::TryFinally);
      b.finalbody = &t.finalbody;
    }
    enter_region(handler);
    int handler_id = u().current_handler;
    if (!t.handlers.empty()) {
      try_except(t);  // the except/else part, nested in the finally region
    } else {
      compile_body(t.body);
    }
    leave_region();
    u().fblocks.pop_back();
    compile_body(t.finalbody);  // normal exit
    emit_jump(Op::JUMP, end);

    // Exceptional exit: run the finally body with the exception saved.
    bind_handler(handler, handler_id);
    int outer = u().current_handler;
    emit(Op::PUSH_EXC_INFO);  // ... prev exc
    enter_region(cleanup, 1);  // unwinds to ... prev
    int cleanup_id = u().current_handler;
    {
      FBlock& b = push_fblock(FBlock::FinallyBody);
      b.outer_handler = cleanup_id;
      b.outside_cleanup = outer;
    }
    compile_body(t.finalbody);
    u().fblocks.pop_back();
    emit(Op::RERAISE);
    leave_region();
    bind_handler(cleanup, cleanup_id);
    emit(Op::SWAP, 2);
    emit(Op::POP_EXCEPT);
    emit(Op::RERAISE);
    bind(end);
  }

  void with_stmt(const With& w, size_t item) {
    const WithItem& it = w.items[item];
    int handler = new_label(), cleanup = new_label(), suppress = new_label(), end = new_label();
    expr(*it.context_expr);
    set_line(w.pos);
    emit(Op::BEFORE_WITH);  // exit entered
    enter_region(handler, 1);  // unwinds to ... exit
    int handler_id = u().current_handler;
    // Binding the target is inside the region, as in CPython.
    if (it.optional_vars)
      store_target(*it.optional_vars);
    else
      emit(Op::POP_TOP);
    {
      FBlock& b = push_fblock(FBlock::With);
      b.outer_handler = handler_stack_.back();
    }
    if (item + 1 < w.items.size())
      with_stmt(w, item + 1);
    else
      compile_body(w.body);
    u().fblocks.pop_back();
    leave_region();
    set_line(w.pos);
    // exit(None, None, None): CALL treats `exit` as the callable and the
    // first None as its first argument.
    emit_const_none();
    emit_const_none();
    emit_const_none();
    emit(Op::CALL, 2);
    emit(Op::POP_TOP);
    emit_jump(Op::JUMP, end);

    // exit exc
    bind_handler(handler, handler_id);
    emit(Op::PUSH_EXC_INFO);  // exit prev exc
    enter_region(cleanup, 1);  // unwinds to ... exit prev
    int cleanup_id = u().current_handler;
    emit(Op::WITH_EXCEPT_START);  // exit prev exc result
    emit_jump(Op::POP_JUMP_IF_TRUE, suppress);
    emit(Op::RERAISE);
    leave_region();
    bind(suppress);  // exit prev exc
    emit(Op::POP_TOP);
    emit(Op::POP_EXCEPT);
    emit(Op::POP_TOP);
    emit_jump(Op::JUMP, end);
    bind_handler(cleanup, cleanup_id);  // exit prev exc2
    emit(Op::SWAP, 2);
    emit(Op::POP_EXCEPT);
    emit(Op::RERAISE);
    bind(end);
  }

  void aug_assign(const AugAssign& a) {
    uint32_t op = static_cast<uint32_t>(a.op) + 16;
    switch (a.target->kind) {
      case ExprKind::Name: {
        auto& n = static_cast<const Name&>(*a.target);
        name_op(n.id, Ctx::Load, n.pos);
        expr(*a.value);
        emit(Op::BINARY_OP, op);
        name_op(n.id, Ctx::Store, n.pos);
        break;
      }
      case ExprKind::Attribute: {
        auto& at = static_cast<const Attribute&>(*a.target);
        expr(*at.value);
        emit(Op::COPY, 1);
        emit(Op::LOAD_ATTR, name_index(at.attr));
        expr(*a.value);
        emit(Op::BINARY_OP, op);
        emit(Op::SWAP, 2);
        emit(Op::STORE_ATTR, name_index(at.attr));
        break;
      }
      case ExprKind::Subscript: {
        auto& s = static_cast<const Subscript&>(*a.target);
        expr(*s.value);
        subscript_key(*s.slice);
        emit(Op::COPY, 2);
        emit(Op::COPY, 2);
        emit(Op::BINARY_SUBSCR);
        expr(*a.value);
        emit(Op::BINARY_OP, op);
        emit(Op::SWAP, 3);
        emit(Op::SWAP, 2);
        emit(Op::STORE_SUBSCR);
        break;
      }
      default:
        error(a.target->pos, "'" + expr_description(*a.target) + "' is an illegal expression for augmented assignment");
    }
  }

  void store_target(const Expr& t) {
    switch (t.kind) {
      case ExprKind::Name:
        name_op(static_cast<const Name&>(t).id, Ctx::Store, t.pos);
        break;
      case ExprKind::Attribute: {
        auto& a = static_cast<const Attribute&>(t);
        expr(*a.value);
        emit(Op::STORE_ATTR, name_index(a.attr));
        break;
      }
      case ExprKind::Subscript: {
        auto& s = static_cast<const Subscript&>(t);
        expr(*s.value);
        subscript_key(*s.slice);
        emit(Op::STORE_SUBSCR);
        break;
      }
      case ExprKind::Tuple:
      case ExprKind::List: {
        auto& seq = static_cast<const Sequence&>(t);
        int star = -1;
        for (size_t i = 0; i < seq.elts.size(); ++i) {
          if (seq.elts[i]->kind == ExprKind::Starred) {
            if (star >= 0) error(seq.elts[i]->pos, "multiple starred expressions in assignment");
            star = static_cast<int>(i);
          }
        }
        if (star < 0) {
          emit(Op::UNPACK_SEQUENCE, static_cast<uint32_t>(seq.elts.size()));
        } else {
          uint32_t before = static_cast<uint32_t>(star);
          uint32_t after = static_cast<uint32_t>(seq.elts.size() - star - 1);
          if (before > 255 || after > 255) error(t.pos, "too many expressions in star-unpacking assignment");
          emit(Op::UNPACK_EX, before | (after << 8));
        }
        for (auto& e : seq.elts) {
          if (e->kind == ExprKind::Starred)
            store_target(*static_cast<const Starred&>(*e).value);
          else
            store_target(*e);
        }
        break;
      }
      case ExprKind::Starred:
        error(t.pos, "starred assignment target must be in a list or tuple");
      default:
        error(t.pos, "cannot assign to " + expr_description(t));
    }
  }

  void delete_target(const Expr& t) {
    switch (t.kind) {
      case ExprKind::Name:
        name_op(static_cast<const Name&>(t).id, Ctx::Del, t.pos);
        break;
      case ExprKind::Attribute: {
        auto& a = static_cast<const Attribute&>(t);
        expr(*a.value);
        emit(Op::DELETE_ATTR, name_index(a.attr));
        break;
      }
      case ExprKind::Subscript: {
        auto& s = static_cast<const Subscript&>(t);
        expr(*s.value);
        subscript_key(*s.slice);
        emit(Op::DELETE_SUBSCR);
        break;
      }
      case ExprKind::Tuple:
      case ExprKind::List:
        for (auto& e : static_cast<const Sequence&>(t).elts) delete_target(*e);
        break;
      default:
        error(t.pos, "cannot delete " + expr_description(t));
    }
  }

  static std::string expr_description(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Call: return "function call";
      case ExprKind::Constant: return "literal";
      case ExprKind::BinOp:
      case ExprKind::UnaryOp: return "expression";
      case ExprKind::BoolOp: return "expression";
      case ExprKind::Compare: return "comparison";
      case ExprKind::Lambda: return "lambda";
      case ExprKind::IfExp: return "conditional expression";
      case ExprKind::JoinedStr: return "f-string expression";
      case ExprKind::ListComp: return "list comprehension";
      case ExprKind::DictComp: return "dict comprehension";
      case ExprKind::SetComp: return "set comprehension";
      case ExprKind::GeneratorExp: return "generator expression";
      case ExprKind::Yield:
      case ExprKind::YieldFrom: return "yield expression";
      case ExprKind::Dict: return "dict literal";
      case ExprKind::Set: return "set display";
      case ExprKind::NamedExpr: return "named expression";
      default: return "expression";
    }
  }

  // ---- functions and classes ------------------------------------------------
  std::string qualname_for(const std::string& name) {
    Unit& parent = u();
    if (parent.scope->kind == Scope::Kind::Module) return name;
    std::string base = parent.code->qualname;
    if (parent.scope->kind == Scope::Kind::Function || parent.scope->kind == Scope::Kind::Comprehension)
      return base + ".<locals>." + name;
    return base + "." + name;
  }

  // Pushes the closure tuple for a child code object; returns whether any.
  bool emit_closure(const Code& child) {
    if (child.freevars.empty()) return false;
    for (auto& fv : child.freevars) {
      auto it = u().cells.find(fv->str());
      if (it == u().cells.end()) error({u().line, 0}, "internal error: no cell for free variable '" + fv->str() + "'");
      emit(Op::LOAD_CLOSURE, static_cast<uint32_t>(it->second));
    }
    emit(Op::BUILD_TUPLE, static_cast<uint32_t>(child.freevars.size()));
    return true;
  }

  // Evaluates defaults, builds the function object. Leaves it on the stack.
  void make_function(const Arguments& args, Ref<Code> code) {
    uint32_t flags = 0;
    if (!args.defaults.empty()) {
      for (auto& d : args.defaults) expr(*d);
      emit(Op::BUILD_TUPLE, static_cast<uint32_t>(args.defaults.size()));
      flags |= 1;
    }
    uint32_t nkw = 0;
    for (size_t i = 0; i < args.kwonlyargs.size(); ++i) {
      if (args.kw_defaults.size() > i && args.kw_defaults[i]) {
        emit_const_str(args.kwonlyargs[i].name);
        expr(*args.kw_defaults[i]);
        ++nkw;
      }
    }
    if (nkw) {
      emit(Op::BUILD_MAP, nkw);
      flags |= 2;
    }
    if (emit_closure(*code)) flags |= 8;
    emit_const(Value(std::move(code)));
    emit(Op::MAKE_FUNCTION, flags);
  }

  void set_params(Code& code, const Arguments& a) {
    code.posonlyargcount = static_cast<int>(a.posonlyargs.size());
    code.argcount = static_cast<int>(a.posonlyargs.size() + a.args.size());
    code.kwonlyargcount = static_cast<int>(a.kwonlyargs.size());
    if (a.vararg) code.flags |= kVarArgs;
    if (a.kwarg) code.flags |= kVarKeywords;
  }

  void function_def(const FunctionDef& f) {
    for (auto& d : f.decorators) {
      set_line(d->pos);
      emit(Op::PUSH_NULL);
      expr(*d);
    }
    set_line(f.pos);
    Scope* scope = scopes_.by_node.at(&f);
    std::string qualname = qualname_for(f.name);
    Unit child;
    begin_unit(child, scope, f.name, qualname, f.pos.line);
    set_params(*child.code, f.args);
    // A docstring becomes the first constant, as in CPython.
    if (!f.body.empty() && f.body[0]->kind == StmtKind::ExprStmt) {
      auto& e = static_cast<const ExprStmt&>(*f.body[0]);
      if (e.value->kind == ExprKind::Constant &&
          static_cast<const Constant&>(*e.value).type == Constant::Type::Str)
        add_const(Value(vm_.str(static_cast<const Constant&>(*e.value).str_value)));
    }
    compile_body(f.body);
    if (u().reachable) {
      emit_const_none();
      emit(Op::RETURN_VALUE);
    }
    Ref<Code> code = finish_unit();
    set_line(f.pos);
    make_function(f.args, std::move(code));
    for (size_t i = 0; i < f.decorators.size(); ++i) emit(Op::CALL, 1);
    name_op(f.name, Ctx::Store, f.pos);
  }

  void lambda(const Lambda& l) {
    Scope* scope = scopes_.by_node.at(&l);
    Unit child;
    begin_unit(child, scope, "<lambda>", qualname_for("<lambda>"), l.pos.line);
    set_params(*child.code, l.args);
    expr(*l.body);
    emit(Op::RETURN_VALUE);
    Ref<Code> code = finish_unit();
    make_function(l.args, std::move(code));
  }

  void class_def(const ClassDef& c) {
    for (auto& d : c.decorators) {
      set_line(d->pos);
      emit(Op::PUSH_NULL);
      expr(*d);
    }
    set_line(c.pos);
    for (auto& k : c.keywords)
      error(k.pos, "class keyword arguments (metaclass=...) are not supported yet");
    emit_const_str(c.name);
    for (auto& b : c.bases) {
      if (b->kind == ExprKind::Starred) error(b->pos, "starred base classes are not supported yet");
      expr(*b);
    }
    emit(Op::BUILD_TUPLE, static_cast<uint32_t>(c.bases.size()));

    Scope* scope = scopes_.by_node.at(&c);
    std::string qualname = qualname_for(c.name);
    Unit child;
    begin_unit(child, scope, c.name, qualname, c.pos.line);
    child.code->flags |= kClassBody;
    if (!c.body.empty() && c.body[0]->kind == StmtKind::ExprStmt) {
      auto& e = static_cast<const ExprStmt&>(*c.body[0]);
      if (e.value->kind == ExprKind::Constant &&
          static_cast<const Constant&>(*e.value).type == Constant::Type::Str) {
        expr(*e.value);
        emit(Op::STORE_NAME, name_index("__doc__"));
      }
    }
    compile_body(c.body);
    if (scope->needs_class_cell) {
      emit(Op::LOAD_CLOSURE, static_cast<uint32_t>(u().cells.at("__class__")));
      emit(Op::STORE_NAME, name_index("__classcell__"));
    }
    emit(Op::LOAD_LOCALS);
    emit(Op::RETURN_VALUE);
    Ref<Code> code = finish_unit();
    uint32_t flags = emit_closure(*code) ? 8 : 0;
    emit_const(Value(std::move(code)));
    emit(Op::MAKE_FUNCTION, flags);
    emit(Op::CALL_CLASS_BODY);
    emit(Op::BUILD_CLASS, 0);
    for (size_t i = 0; i < c.decorators.size(); ++i) emit(Op::CALL, 1);
    name_op(c.name, Ctx::Store, c.pos);
  }

  void comprehension(const Comp& c) {
    Scope* scope = scopes_.by_node.at(&c);
    emit(Op::PUSH_NULL);
    Unit child;
    begin_unit(child, scope, scope->name, qualname_for(scope->name), c.pos.line);
    child.code->argcount = 1;
    int depth_in_comp = 0;
    if (c.kind == ExprKind::ListComp) emit(Op::BUILD_LIST, 0);
    if (c.kind == ExprKind::SetComp) emit(Op::BUILD_SET, 0);
    if (c.kind == ExprKind::DictComp) emit(Op::BUILD_MAP, 0);
    comprehension_level(c, 0, depth_in_comp);
    if (c.kind == ExprKind::GeneratorExp) emit_const_none();
    emit(Op::RETURN_VALUE);
    Ref<Code> code = finish_unit();
    uint32_t flags = emit_closure(*code) ? 8 : 0;
    emit_const(Value(std::move(code)));
    emit(Op::MAKE_FUNCTION, flags);
    expr(*c.generators[0].iter);
    emit(Op::GET_ITER);
    emit(Op::CALL, 1);
  }

  void comprehension_level(const Comp& c, size_t level, int iter_depth) {
    const Comprehension& g = c.generators[level];
    int top = new_label(), end = new_label();
    if (level == 0) {
      emit(Op::LOAD_FAST, 0);  // .0, already an iterator
    } else {
      expr(*g.iter);
      emit(Op::GET_ITER);
    }
    bind(top);
    emit_jump(Op::FOR_ITER, end);
    store_target(*g.target);
    for (auto& cond : g.ifs) jump_if(*cond, top, false);
    if (level + 1 < c.generators.size()) {
      comprehension_level(c, level + 1, iter_depth + 1);
    } else {
      uint32_t container = static_cast<uint32_t>(iter_depth + 1 + 1);  // iterators + the container itself
      switch (c.kind) {
        case ExprKind::ListComp:
          expr(*c.elt);
          emit(Op::LIST_APPEND, container);
          break;
        case ExprKind::SetComp:
          expr(*c.elt);
          emit(Op::SET_ADD, container);
          break;
        case ExprKind::DictComp:
          expr(*c.key);
          expr(*c.value);
          emit(Op::MAP_ADD, container);
          break;
        default:
          expr(*c.elt);
          emit(Op::YIELD_VALUE);
          emit(Op::POP_TOP);
      }
    }
    emit_jump(Op::JUMP, top);
    bind(end);
  }

  // ---- expressions ----------------------------------------------------------
  // Compiles `e` as a condition: jumps to `label` when its truth equals
  // `when_true`, falls through otherwise.
  void jump_if(const Expr& e, int label, bool when_true) {
    if (e.kind == ExprKind::UnaryOp && static_cast<const UnaryOp&>(e).op == UnaryOpKind::Not) {
      jump_if(*static_cast<const UnaryOp&>(e).operand, label, !when_true);
      return;
    }
    if (e.kind == ExprKind::BoolOp) {
      auto& b = static_cast<const BoolOp&>(e);
      bool is_or = b.op == BoolOpKind::Or;
      if (is_or == when_true) {
        // `a or b` jumping when true: any true operand jumps.
        for (auto& v : b.values) jump_if(*v, label, when_true);
      } else {
        int fallthrough = new_label();
        for (size_t i = 0; i + 1 < b.values.size(); ++i) jump_if(*b.values[i], fallthrough, !when_true);
        jump_if(*b.values.back(), label, when_true);
        bind(fallthrough);
      }
      return;
    }
    expr(e);
    emit_jump(when_true ? Op::POP_JUMP_IF_TRUE : Op::POP_JUMP_IF_FALSE, label);
  }

  void subscript_key(const Expr& slice) {
    if (slice.kind == ExprKind::Slice) {
      auto& s = static_cast<const ast::Slice&>(slice);
      if (s.lower) expr(*s.lower); else emit_const_none();
      if (s.upper) expr(*s.upper); else emit_const_none();
      if (s.step) {
        expr(*s.step);
        emit(Op::BUILD_SLICE, 3);
      } else {
        emit(Op::BUILD_SLICE, 2);
      }
      return;
    }
    expr(slice);
  }

  void sequence(const Sequence& s, ExprKind kind) {
    bool starred = false;
    for (auto& e : s.elts)
      if (e->kind == ExprKind::Starred) starred = true;
    uint32_t n = static_cast<uint32_t>(s.elts.size());
    if (!starred) {
      for (auto& e : s.elts) expr(*e);
      emit(kind == ExprKind::List ? Op::BUILD_LIST : kind == ExprKind::Set ? Op::BUILD_SET : Op::BUILD_TUPLE, n);
      return;
    }
    bool is_set = kind == ExprKind::Set;
    emit(is_set ? Op::BUILD_SET : Op::BUILD_LIST, 0);
    for (auto& e : s.elts) {
      if (e->kind == ExprKind::Starred) {
        expr(*static_cast<const Starred&>(*e).value);
        emit(is_set ? Op::SET_UPDATE : Op::LIST_EXTEND, 1);
      } else {
        expr(*e);
        emit(is_set ? Op::SET_ADD : Op::LIST_APPEND, 1);
      }
    }
    if (kind == ExprKind::Tuple) emit(Op::LIST_TO_TUPLE);
  }

  void call(const Call& c) {
    bool method = false;
    if (c.func->kind == ExprKind::Attribute) {
      bool simple = true;
      for (auto& a : c.args)
        if (a->kind == ExprKind::Starred) simple = false;
      for (auto& k : c.keywords)
        if (k.arg.empty()) simple = false;
      if (simple) {
        auto& a = static_cast<const Attribute&>(*c.func);
        expr(*a.value);
        set_line(c.pos);
        emit(Op::LOAD_METHOD, name_index(a.attr));
        method = true;
      }
    }
    if (!method) {
      emit(Op::PUSH_NULL);
      expr(*c.func);
    }
    bool dynamic = false;
    for (auto& a : c.args)
      if (a->kind == ExprKind::Starred) dynamic = true;
    for (auto& k : c.keywords)
      if (k.arg.empty()) dynamic = true;
    if (!dynamic) {
      for (auto& a : c.args) expr(*a);
      for (auto& k : c.keywords) expr(*k.value);
      uint32_t n = static_cast<uint32_t>(c.args.size() + c.keywords.size());
      set_line(c.pos);
      if (c.keywords.empty()) {
        emit(Op::CALL, n);
      } else {
        if (n > 255) error(c.pos, "too many arguments in call (Spindle's limit is 255)");
        std::vector<Value> names;
        for (auto& k : c.keywords) names.push_back(Value(vm_.intern_ref(k.arg)));
        uint32_t kw = add_const(Value(make_tuple(std::move(names))));
        emit(Op::CALL_KW, pack_call_kw(n, kw));
      }
      return;
    }
    // f(*a, **k): build an argument tuple and a keyword dict.
    emit(Op::BUILD_LIST, 0);
    for (auto& a : c.args) {
      if (a->kind == ExprKind::Starred) {
        expr(*static_cast<const Starred&>(*a).value);
        emit(Op::LIST_EXTEND, 1);
      } else {
        expr(*a);
        emit(Op::LIST_APPEND, 1);
      }
    }
    emit(Op::LIST_TO_TUPLE);
    uint32_t flags = 0;
    if (!c.keywords.empty()) {
      flags = 1;
      emit(Op::BUILD_MAP, 0);
      for (auto& k : c.keywords) {
        if (k.arg.empty()) {
          expr(*k.value);
        } else {
          emit_const_str(k.arg);
          expr(*k.value);
          emit(Op::BUILD_MAP, 1);
        }
        emit(Op::DICT_MERGE, 1);
      }
    }
    set_line(c.pos);
    emit(Op::CALL_EX, flags);
  }

  void expr(const Expr& e) {
    int saved_line = u().line;
    if (e.pos.line > 0) u().line = e.pos.line;
    expr_inner(e);
    u().line = saved_line;
  }

  void expr_inner(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Name:
        name_op(static_cast<const Name&>(e).id, Ctx::Load, e.pos);
        break;
      case ExprKind::Constant: {
        auto& c = static_cast<const Constant&>(e);
        switch (c.type) {
          case Constant::Type::None: emit_const_none(); break;
          case Constant::Type::True: emit_const(Value::boolean(true)); break;
          case Constant::Type::False: emit_const(Value::boolean(false)); break;
          case Constant::Type::Int: emit_const(Value::integer(c.int_value)); break;
          case Constant::Type::Float: emit_const(Value::number(c.float_value)); break;
          case Constant::Type::Str: emit_const(Value(vm_.str(c.str_value))); break;
          case Constant::Type::Ellipsis: emit_const(vm_.ellipsis); break;
        }
        break;
      }
      case ExprKind::JoinedStr: {
        auto& j = static_cast<const JoinedStr&>(e);
        if (j.values.empty()) {
          emit_const_str("");
          break;
        }
        for (auto& v : j.values) expr(*v);
        if (j.values.size() > 1 || j.values[0]->kind != ExprKind::Constant)
          emit(Op::BUILD_STRING, static_cast<uint32_t>(j.values.size()));
        break;
      }
      case ExprKind::FormattedValue: {
        auto& f = static_cast<const FormattedValue&>(e);
        expr(*f.value);
        uint32_t flags = f.conversion == 's' ? 1 : f.conversion == 'r' ? 2 : f.conversion == 'a' ? 3 : 0;
        if (f.format_spec) {
          expr(*f.format_spec);
          flags |= 4;
        }
        emit(Op::FORMAT_VALUE, flags);
        break;
      }
      case ExprKind::BinOp: {
        auto& b = static_cast<const BinOp&>(e);
        if (b.op == BinOpKind::MatMult) error(e.pos, "the '@' operator is not supported yet");
        expr(*b.left);
        expr(*b.right);
        set_line(e.pos);
        emit(Op::BINARY_OP, static_cast<uint32_t>(b.op));
        break;
      }
      case ExprKind::UnaryOp: {
        auto& un = static_cast<const UnaryOp&>(e);
        expr(*un.operand);
        switch (un.op) {
          case UnaryOpKind::Not: emit(Op::UNARY_NOT); break;
          case UnaryOpKind::USub: emit(Op::UNARY_NEGATIVE); break;
          case UnaryOpKind::UAdd: emit(Op::UNARY_POSITIVE); break;
          case UnaryOpKind::Invert: emit(Op::UNARY_INVERT); break;
        }
        break;
      }
      case ExprKind::BoolOp: {
        auto& b = static_cast<const BoolOp&>(e);
        int end = new_label();
        Op jump = b.op == BoolOpKind::And ? Op::JUMP_IF_FALSE_OR_POP : Op::JUMP_IF_TRUE_OR_POP;
        for (size_t i = 0; i + 1 < b.values.size(); ++i) {
          expr(*b.values[i]);
          emit_jump(jump, end);
        }
        expr(*b.values.back());
        bind(end);
        break;
      }
      case ExprKind::Compare: {
        auto& c = static_cast<const Compare&>(e);
        expr(*c.left);
        if (c.ops.size() == 1) {
          expr(*c.comparators[0]);
          compare_op(c.ops[0]);
          break;
        }
        int cleanup = new_label(), end = new_label();
        for (size_t i = 0; i < c.ops.size(); ++i) {
          expr(*c.comparators[i]);
          if (i + 1 < c.ops.size()) {
            emit(Op::SWAP, 2);
            emit(Op::COPY, 2);
            compare_op(c.ops[i]);
            emit_jump(Op::JUMP_IF_FALSE_OR_POP, cleanup);
          } else {
            compare_op(c.ops[i]);
          }
        }
        emit_jump(Op::JUMP, end);
        bind(cleanup);
        emit(Op::SWAP, 2);
        emit(Op::POP_TOP);
        bind(end);
        break;
      }
      case ExprKind::IfExp: {
        auto& i = static_cast<const IfExp&>(e);
        int else_label = new_label(), end = new_label();
        jump_if(*i.test, else_label, false);
        expr(*i.body);
        emit_jump(Op::JUMP, end);
        bind(else_label);
        expr(*i.orelse);
        bind(end);
        break;
      }
      case ExprKind::Lambda:
        lambda(static_cast<const Lambda&>(e));
        break;
      case ExprKind::Call:
        call(static_cast<const Call&>(e));
        break;
      case ExprKind::Attribute: {
        auto& a = static_cast<const Attribute&>(e);
        expr(*a.value);
        set_line(e.pos);
        emit(Op::LOAD_ATTR, name_index(a.attr));
        break;
      }
      case ExprKind::Subscript: {
        auto& s = static_cast<const Subscript&>(e);
        expr(*s.value);
        subscript_key(*s.slice);
        emit(Op::BINARY_SUBSCR);
        break;
      }
      case ExprKind::Slice: {
        // A slice inside a tuple subscript: a[1:2, 3].
        auto& s = static_cast<const ast::Slice&>(e);
        if (s.lower) expr(*s.lower); else emit_const_none();
        if (s.upper) expr(*s.upper); else emit_const_none();
        if (s.step) expr(*s.step); else emit_const_none();
        emit(Op::BUILD_SLICE, 3);
        break;
      }
      case ExprKind::Starred:
        error(e.pos, "can't use starred expression here");
      case ExprKind::List:
      case ExprKind::Tuple:
      case ExprKind::Set:
        sequence(static_cast<const Sequence&>(e), e.kind);
        break;
      case ExprKind::Dict: {
        auto& d = static_cast<const ast::Dict&>(e);
        bool has_unpack = false;
        for (auto& k : d.keys)
          if (!k) has_unpack = true;
        if (!has_unpack) {
          for (size_t i = 0; i < d.keys.size(); ++i) {
            expr(*d.keys[i]);
            expr(*d.values[i]);
          }
          emit(Op::BUILD_MAP, static_cast<uint32_t>(d.keys.size()));
          break;
        }
        emit(Op::BUILD_MAP, 0);
        for (size_t i = 0; i < d.keys.size(); ++i) {
          if (d.keys[i]) {
            expr(*d.keys[i]);
            expr(*d.values[i]);
            emit(Op::BUILD_MAP, 1);
          } else {
            expr(*d.values[i]);
          }
          emit(Op::DICT_UPDATE, 1);
        }
        break;
      }
      case ExprKind::ListComp:
      case ExprKind::SetComp:
      case ExprKind::DictComp:
      case ExprKind::GeneratorExp:
        comprehension(static_cast<const Comp&>(e));
        break;
      case ExprKind::Yield: {
        auto& y = static_cast<const Yield&>(e);
        if (y.value) expr(*y.value); else emit_const_none();
        emit(Op::YIELD_VALUE);
        break;
      }
      case ExprKind::YieldFrom: {
        auto& y = static_cast<const YieldFrom&>(e);
        expr(*y.value);
        emit(Op::GET_YIELD_FROM_ITER);
        emit_const_none();
        int top = new_label(), end = new_label();
        bind(top);
        emit_jump(Op::SEND, end);
        emit(Op::YIELD_VALUE);
        emit_jump(Op::JUMP, top);
        bind(end);
        break;
      }
      case ExprKind::NamedExpr: {
        auto& n = static_cast<const NamedExpr&>(e);
        expr(*n.value);
        emit(Op::COPY, 1);
        store_target(*n.target);
        break;
      }
    }
  }

  void compare_op(CmpOpKind op) {
    switch (op) {
      case CmpOpKind::Is: emit(Op::IS_OP, 0); break;
      case CmpOpKind::IsNot: emit(Op::IS_OP, 1); break;
      case CmpOpKind::In: emit(Op::CONTAINS_OP, 0); break;
      case CmpOpKind::NotIn: emit(Op::CONTAINS_OP, 1); break;
      default: emit(Op::COMPARE_OP, static_cast<uint32_t>(op));
    }
  }

  Vm& vm_;
  ScopeTable& scopes_;
  std::string_view filename_;
  std::vector<Unit*> units_;
};

std::string source_line(std::string_view source, int line) {
  int current = 1;
  size_t start = 0;
  for (size_t i = 0; i < source.size() && current < line; ++i) {
    if (source[i] == '\n') {
      ++current;
      start = i + 1;
    }
  }
  if (current != line) return "";
  size_t end = source.find('\n', start);
  std::string text(source.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

}  // namespace

CompileResult compile_module(Vm& vm, const ast::Module& module, std::string_view filename, std::string_view source) {
  CompileResult result;
  ScopeTable scopes = analyze_scopes(module, filename);
  if (scopes.error) {
    result.error = scopes.error;
    if (result.error->line > 0) result.error->line_text = source_line(source, result.error->line);
    return result;
  }
  Compiler compiler(vm, scopes, filename);
  try {
    result.code = compiler.module(module);
  } catch (const CompileError& e) {
    SyntaxErrorInfo info;
    info.message = e.message;
    info.filename = std::string(filename);
    info.line = e.pos.line;
    info.col = e.pos.col + 1;
    info.line_text = source_line(source, e.pos.line);
    result.error = std::move(info);
  }
  return result;
}

CompileResult compile_source(Vm& vm, std::string_view source, std::string_view filename) {
  ParseResult parsed = parse_module(source, filename);
  if (parsed.error) {
    CompileResult r;
    r.error = std::move(parsed.error);
    return r;
  }
  CompileResult r = compile_module(vm, *parsed.module, filename, source);
  if (r.code) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a, 64 bits
    for (unsigned char c : source) {
      h ^= c;
      h *= 1099511628211ull;
    }
    std::string hash = fmt::format("fnv1a64:{:016x}", h);
    std::vector<Code*> todo{r.code.get()};
    while (!todo.empty()) {
      Code* c = todo.back();
      todo.pop_back();
      c->source_hash = hash;
      for (const Value& k : c->consts)
        if (k.is_kind(ObjKind::Code)) todo.push_back(k.as<Code>());
    }
  }
  return r;
}

}  // namespace spindle
