// The bytecode verifier (verify.hpp). Every rule below is read off what the
// loop (soft/loop.cpp) does with an instruction; where the loop would accept
// more than the compiler ever emits and the extra freedom buys nothing, the
// verifier refuses it (marked "conservative").
//
// The flow analysis is an abstract interpretation of the value stack: each
// slot holds a set of value kinds (Slot::mask) instead of a value, so that
// the unchecked casts of the loop (`PEEK(n).as<List>()`, `exc.as<
// ExceptionObject>()`, `consts[arg].as<Tuple>()`, ...) are only reached with
// the right kind of object. States are kept at jump and handler targets
// ("leaders") and recomputed in between.
//
// Exception edges. An exception raised at pc p (by the instruction, by a
// callee unwinding into it, by gen.throw() at a YIELD_VALUE, or by a
// watchdog bomb delivered before p runs) unwinds with the stack as the loop
// left it, truncated or padded with Null to the handler's depth, plus the
// exception. So the handler target's state is, for every reachable p in the
// region: slots below p's depth keep their kinds; slots the instruction pops
// before it can raise may be Null or whatever it pushed meanwhile; slots at
// or above p's depth are Null. The compiler relies on the padding: in
// `except E as e:` the instructions after POP_EXCEPT that clear `e` are still
// in the cleanup region, whose depth is one above the stack there, and the
// cleanup's POP_EXCEPT then pops a Null (which the loop treats as "no
// handled exception"). So POP_EXCEPT accepts Null.
//
// Not checked (and why):
//  - The run-time contents of locals, cells, globals and attributes: the loop
//    checks what it reads there (LOAD_FAST raises on Null, cells are created
//    by bind_arguments, closures are checked here at MAKE_FUNCTION).
//  - Function objects, frames and generators built by the loader: a
//    Function over a class-body code (kClassBody) must only ever be called by
//    CALL_CLASS_BODY, which gives its frame the namespace dict LOAD_LOCALS
//    pushes (bytecode cannot do otherwise: such a function is a kind of its
//    own below and only CALL_CLASS_BODY consumes it), and its closure must
//    hold one cell per free variable; a pickled frame needs its locals_dict
//    when its code is a class body, cells that are Cells, and a callee that
//    matches the instruction it is suspended in (CALL_CLASS_BODY's callee must
//    be a class body, whose result BUILD_CLASS takes as a dict). Those are
//    facts about objects, for the loader; verify_suspension/verify_stack
//    cover what depends on the code.
//  - Semantics: names that exist, argument counts that match, keys that are
//    strings in a class namespace built by user code — the loop raises
//    Python exceptions for those.
//  - Code identity: a code object verified once is trusted by pointer
//    (Verifier); it must not be modified afterwards.
#include "pickling/verify.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/ast.hpp"
#include "core/objects.hpp"

namespace spindle::pickling {

namespace {

// ---- abstract values ------------------------------------------------------------------------

// What a stack slot may hold. The kinds are those some instruction depends on.
enum Kind : uint16_t {
  kNullK = 1 << 0,       // Null: PUSH_NULL, LOAD_METHOD's first slot, padding below a handler's depth
  kNoneK = 1 << 1,
  kExcK = 1 << 2,        // an ExceptionObject
  kStrK = 1 << 3,
  kTupleK = 1 << 4,      // a tuple (not known to hold only cells)
  kCellTupleK = 1 << 5,  // a tuple of cells only; aux: its length when known
  kListK = 1 << 6,
  kSetK = 1 << 7,
  kDictK = 1 << 8,
  kCodeK = 1 << 9,       // a Code; aux: the constant it was loaded from when known
  kCellK = 1 << 10,
  kClassBodyFnK = 1 << 11,  // a function over a class-body code: only CALL_CLASS_BODY may take it
  kOtherK = 1 << 12,     // any other value
};
// Any value an operation may produce or receive.
constexpr uint16_t kAnyValue =
    kNoneK | kExcK | kStrK | kTupleK | kCellTupleK | kListK | kSetK | kDictK | kCodeK | kCellK | kOtherK;
constexpr uint16_t kAnyTuple = kTupleK | kCellTupleK;

struct Slot {
  uint16_t mask = 0;
  int32_t aux = -1;  // see kCellTupleK, kCodeK; meaningful only when mask is exactly that kind
};

inline Slot slot(uint16_t mask, int32_t aux = -1) { return Slot{mask, aux}; }

// Joins `s` into `into`; true if `into` changed.
bool join_slot(Slot& into, const Slot& s) {
  uint16_t m = into.mask | s.mask;
  int32_t aux = (into.mask == s.mask && into.aux == s.aux) ? into.aux : -1;
  if (m == into.mask && aux == into.aux) return false;
  into.mask = m;
  into.aux = aux;
  return true;
}

std::string describe(uint16_t mask) {
  if (mask == 0) return "nothing";
  std::vector<std::string> parts;
  uint16_t rest = mask;
  if ((rest & kAnyValue) == kAnyValue) {
    parts.push_back("any value");
    rest &= static_cast<uint16_t>(~kAnyValue);
  }
  static const struct {
    uint16_t bit;
    const char* name;
  } kNames[] = {
      {kNullK, "NULL"},          {kNoneK, "None"},        {kExcK, "an exception"},   {kStrK, "a str"},
      {kTupleK, "a tuple"},      {kCellTupleK, "a tuple of cells"}, {kListK, "a list"}, {kSetK, "a set"},
      {kDictK, "a dict"},        {kCodeK, "a code object"}, {kCellK, "a cell"},
      {kClassBodyFnK, "a class-body function"},           {kOtherK, "another value"},
  };
  for (const auto& n : kNames)
    if (rest & n.bit) parts.push_back(n.name);
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += i + 1 == parts.size() ? " or " : ", ";
    out += parts[i];
  }
  return out;
}

// The kind of a concrete value (a constant, or a pickled frame's stack).
Slot classify(const Value& v) {
  switch (v.tag()) {
    case Tag::Null: return slot(kNullK);
    case Tag::None: return slot(kNoneK);
    case Tag::Bool:
    case Tag::Int:
    case Tag::Float: return slot(kOtherK);
    case Tag::Obj: break;
  }
  switch (v.as_obj()->kind()) {
    case ObjKind::Str: return slot(kStrK);
    case ObjKind::Tuple: {
      const auto& items = v.as<Tuple>()->items;
      for (const Value& item : items)
        if (!item.is_kind(ObjKind::Cell)) return slot(kTupleK);
      return slot(kCellTupleK, static_cast<int32_t>(std::min<size_t>(items.size(), INT32_MAX)));
    }
    case ObjKind::List: return slot(kListK);
    case ObjKind::Set: return slot(kSetK);
    case ObjKind::Dict: return slot(kDictK);
    case ObjKind::Code: return slot(kCodeK);
    case ObjKind::Cell: return slot(kCellK);
    case ObjKind::Exception: return slot(kExcK);
    case ObjKind::Function: {
      // A loader's function shell has no code yet: an ordinary value, which
      // CALL_CLASS_BODY then refuses (conservative).
      const Function* fn = v.as<Function>();
      if (fn->code && (fn->code->flags & kClassBody)) return slot(kClassBodyFnK);
      return slot(kOtherK);
    }
    default: return slot(kOtherK);
  }
}

// ---- opcodes --------------------------------------------------------------------------------

constexpr int kOpCount = static_cast<int>(Op::kCount);

const char* op_name(Op op) {
  int i = static_cast<int>(op);
  return i < kOpCount ? kOpInfo[i].name : "?";
}

bool is_call_like(Op op) {
  switch (op) {
    case Op::CALL:
    case Op::CALL_KW:
    case Op::CALL_EX:
    case Op::BEFORE_WITH:
    case Op::WITH_EXCEPT_START:
    case Op::IMPORT_NAME:
    case Op::CALL_CLASS_BODY: return true;
    default: return false;
  }
}

constexpr uint32_t kKnownFlags = kVarArgs | kVarKeywords | kGenerator | kClassBody | kModuleBody;
// Keeps every count the analysis adds well inside int32/uint32.
constexpr uint64_t kMaxCodeWords = uint64_t{1} << 24;
constexpr int64_t kMaxStack = int64_t{1} << 24;

// ---- one code object ------------------------------------------------------------------------

// The flow facts verify_suspension needs, kept by Verifier per code.
struct Flow {
  std::vector<int32_t> leader;             // per pc: index into states, or -1
  std::vector<std::vector<Slot>> states;   // per leader: the stack on entry
  std::vector<uint8_t> reached;            // per leader
  std::vector<uint8_t> reachable;          // per pc
};

class Analyzer {
 public:
  Analyzer(const Code& code, const VerifyLimits& limits, Flow* flow) : c_(code), limits_(limits), flow_(*flow) {}

  // Header, operands and the flow analysis of this code alone (not its
  // nested code constants).
  bool run(std::string* error) {
    bool ok = check_header() && check_operands() && check_flow();
    if (!ok && error) *error = err_;
    return ok;
  }

  // The stack on entry to the reachable instruction pc (after run()).
  bool state_at(uint32_t pc, std::vector<Slot>* out) {
    if (pc >= c_.code.size() || !flow_.reachable[pc]) return false;
    uint32_t start = pc;
    while (flow_.leader[start] < 0) --start;  // pc 0 is a leader
    *out = flow_.states[flow_.leader[start]];
    for (uint32_t p = start; p < pc; ++p) {
      Step s;
      if (!step(p, *out, &s) || !s.fall) return false;
    }
    return true;
  }

  // The stack a frame suspended at pc holds (see verify.hpp).
  bool suspended_state(uint32_t pc, Suspension kind, std::vector<Slot>* out, std::string* error) {
    cur_pc_ = kNoPc;
    if (kind == Suspension::Boundary) {
      if (pc >= c_.code.size()) return fail_to(error, fmt::format("resume pc {} is past the end of the code ({} instructions)", pc, c_.code.size()));
      if (!state_at(pc, out)) return fail_to(error, fmt::format("resume pc {} is not a reachable instruction", pc));
      return true;
    }
    if (pc == 0) {
      // Only a generator that has not started: resuming it pushes nothing
      // (prepare_resume), whereas every other resumption pushes a value the
      // code at pc 0 does not expect.
      if (kind != Suspension::Yield && kind != Suspension::Any)
        return fail_to(error, "a frame suspended in a call cannot be at pc 0");
      if (!(c_.flags & kGenerator))
        return fail_to(error, "only a generator's frame is suspended before its first instruction");
      out->clear();
      return true;
    }
    if (pc > c_.code.size())
      return fail_to(error, fmt::format("resume pc {} is past the end of the code ({} instructions)", pc, c_.code.size()));
    uint32_t at = pc - 1;
    Op op = decode_op(c_.code[at]);
    bool ok = false;
    switch (kind) {
      case Suspension::Call: ok = is_call_like(op); break;
      case Suspension::IterNext: ok = op == Op::FOR_ITER; break;
      case Suspension::Generator: ok = op == Op::FOR_ITER || op == Op::SEND; break;
      case Suspension::Yield: ok = op == Op::YIELD_VALUE; break;
      case Suspension::Any:
        ok = is_call_like(op) || op == Op::FOR_ITER || op == Op::SEND || op == Op::YIELD_VALUE;
        break;
      case Suspension::Boundary: break;
    }
    if (!ok) {
      static const char* const kWhat[] = {"a call", "FOR_ITER calling __next__", "FOR_ITER or SEND resuming a generator",
                                          "YIELD_VALUE", "", "an instruction that can suspend a frame"};
      return fail_to(error, fmt::format("resume pc {} follows {} (pc {}), not {}", pc, op_name(op), at,
                                        kWhat[static_cast<int>(kind)]));
    }
    std::vector<Slot> st;
    if (!state_at(at, &st)) return fail_to(error, fmt::format("resume pc {} follows an unreachable instruction", pc));
    Step s;
    if (!step(at, st, &s) || !s.fall || st.empty()) return fail_to(error, "internal error: no state after the suspending instruction");
    st.pop_back();  // the value resuming pushes
    *out = std::move(st);
    return true;
  }

  const std::string& error() const { return err_; }

 private:
  static constexpr uint32_t kNoPc = UINT32_MAX;

  struct Step {
    bool fall = false;            // continues at pc + 1 with the updated stack
    bool jump = false;            // also (or only) continues at `target`
    uint32_t target = 0;
    std::vector<Slot> jump_state;
    uint32_t low = 0;             // lowest depth the instruction pops to
    bool raises = false;          // may raise after popping (not only before it runs)
  };

  // ---- errors ----

  std::string where(uint32_t pc) const {
    std::string s = fmt::format("code '{}'", c_.qualname);
    if (pc != kNoPc && pc < c_.code.size()) {
      uint32_t w = c_.code[pc];
      int op = static_cast<int>(decode_op(w));
      s += fmt::format(" at pc {} ({} {})", pc, op < kOpCount ? kOpInfo[op].name : "<bad opcode>", decode_arg(w));
    }
    return s;
  }
  bool fail(std::string msg) {
    if (err_.empty()) err_ = where(cur_pc_) + ": " + msg;
    return false;
  }
  bool fail_to(std::string* error, std::string msg) {
    fail(std::move(msg));
    if (error) *error = err_;
    return false;
  }
  bool charge(uint64_t n) {
    work_ += n;
    if (work_ > limits_.work)
      return fail(fmt::format("too costly to verify (more than {} analysis steps)", limits_.work));
    return true;
  }

  // ---- header ----

  bool check_header() {
    cur_pc_ = kNoPc;
    const Code& c = c_;
    if (c.code.empty()) return fail("empty code (the loop would run off its end)");
    if (c.code.size() > kMaxCodeWords) return fail(fmt::format("{} instructions exceed the limit of {}", c.code.size(), kMaxCodeWords));
    if (c.max_stack < 0 || c.max_stack > kMaxStack) return fail(fmt::format("max_stack {} is out of range", c.max_stack));
    if (c.argcount < 0 || c.posonlyargcount < 0 || c.kwonlyargcount < 0)
      return fail("negative parameter count");
    if (c.posonlyargcount > c.argcount)
      return fail(fmt::format("{} positional-only parameters but only {} positional", c.posonlyargcount, c.argcount));
    if (c.flags & ~kKnownFlags) return fail(fmt::format("unknown flags {:#x}", c.flags & ~kKnownFlags));
    int64_t nlocals = static_cast<int64_t>(c.varnames.size());
    int64_t params = int64_t{c.argcount} + c.kwonlyargcount + ((c.flags & kVarArgs) ? 1 : 0) + ((c.flags & kVarKeywords) ? 1 : 0);
    if (params > nlocals)
      return fail(fmt::format("{} parameters but only {} local variable names", params, nlocals));
    int64_t slots = nlocals + static_cast<int64_t>(c.cellvars.size()) + static_cast<int64_t>(c.freevars.size()) + c.max_stack;
    if (slots > INT32_MAX) return fail("frame too large");
    bool class_body = c.flags & kClassBody, module_body = c.flags & kModuleBody;
    if (class_body || module_body) {
      // Both run with no arguments (CALL_CLASS_BODY binds none; a module
      // frame is made by Frame::create alone). Conservative: the compiler
      // gives them no parameters.
      if (params != 0) return fail("a class or module body takes no parameters");
      if (c.flags & kGenerator)
        return fail("a class or module body cannot be a generator (CALL_CLASS_BODY runs it as a plain frame)");
      if (class_body && module_body) return fail("both a class body and a module body");
      // A module frame is created without bind_arguments, so no cell would
      // exist.
      if (module_body && c.ncells() != 0) return fail("a module body has no cells");
    }
    for (const auto* list : {&c.names, &c.varnames, &c.cellvars, &c.freevars})
      for (const Ref<Str>& s : *list)
        if (!s) return fail("a null name");
    for (size_t i = 0; i < c.consts.size(); ++i)
      if (c.consts[i].is_null()) return fail(fmt::format("constant {} is NULL", i));
    // bind_arguments reads cell_param[i] for every cellvar and moves
    // locals[cell_param[i]] into the cell.
    if (c.cell_param.size() != c.cellvars.size())
      return fail(fmt::format("{} cell_param entries for {} cell variables", c.cell_param.size(), c.cellvars.size()));
    std::unordered_set<int> seen;
    for (size_t i = 0; i < c.cell_param.size(); ++i) {
      int p = c.cell_param[i];
      if (p == -1) continue;
      if (p < 0 || p >= params)
        return fail(fmt::format("cell_param[{}] = {} is not a parameter index ({} parameters)", i, p, params));
      // Conservative: the second cell would get an already emptied local.
      if (!seen.insert(p).second) return fail(fmt::format("parameter {} is in two cells", p));
    }
    // line_at() binary-searches the table.
    for (size_t i = 0; i < c.lines.size(); ++i) {
      if (c.lines[i].pc >= c.code.size())
        return fail(fmt::format("line entry {} starts at pc {}, past the end of the code", i, c.lines[i].pc));
      if (i > 0 && c.lines[i].pc <= c.lines[i - 1].pc)
        return fail(fmt::format("line entry {} (pc {}) is not after the previous one (pc {})", i, c.lines[i].pc,
                                c.lines[i - 1].pc));
    }
    // handler_at() binary-searches the table and needs it sorted and
    // non-overlapping; the loop writes the exception at index depth.
    for (size_t i = 0; i < c.handlers.size(); ++i) {
      const HandlerEntry& h = c.handlers[i];
      if (h.start >= h.end) return fail(fmt::format("handler {} covers no instruction ([{}, {}))", i, h.start, h.end));
      if (h.end > c.code.size())
        return fail(fmt::format("handler {} ends at {}, past the end of the code ({})", i, h.end, c.code.size()));
      if (h.target >= c.code.size())
        return fail(fmt::format("handler {} target {} is past the end of the code ({})", i, h.target, c.code.size()));
      if (static_cast<int64_t>(h.depth) + 1 > c.max_stack)
        return fail(fmt::format("handler {} depth {} leaves no room for the exception (max_stack {})", i, h.depth,
                                c.max_stack));
      if (i > 0 && h.start < c.handlers[i - 1].end)
        return fail(fmt::format("handler {} [{}, {}) is not sorted after or overlaps handler {} [{}, {})", i, h.start,
                                h.end, i - 1, c.handlers[i - 1].start, c.handlers[i - 1].end));
    }
    return true;
  }

  // ---- operands ----

  bool check_operands() {
    const Code& c = c_;
    const uint32_t n = static_cast<uint32_t>(c.code.size());
    for (uint32_t pc = 0; pc < n; ++pc) {
      cur_pc_ = pc;
      uint32_t w = c.code[pc];
      int opi = static_cast<int>(w & 0xff);
      if (opi >= kOpCount) return fail(fmt::format("unknown opcode {}", opi));
      Op op = static_cast<Op>(opi);
      uint32_t arg = decode_arg(w);
      uint32_t flags = kOpInfo[opi].flags;
      if ((flags & kHasJump) && arg >= n)
        return fail(fmt::format("jump target {} is past the end of the code ({} instructions)", arg, n));
      if ((flags & kHasConst) && arg >= c.consts.size())
        return fail(fmt::format("constant index {} out of range ({} constants)", arg, c.consts.size()));
      if ((flags & kHasName) && arg >= c.names.size())
        return fail(fmt::format("name index {} out of range ({} names)", arg, c.names.size()));
      if ((flags & kHasLocal) && arg >= c.varnames.size())
        return fail(fmt::format("local index {} out of range ({} locals)", arg, c.varnames.size()));
      if ((flags & kHasCell) && arg >= static_cast<uint32_t>(c.ncells()))
        return fail(fmt::format("cell index {} out of range ({} cells)", arg, c.ncells()));
      if (!check_operand(op, arg)) return false;
    }
    return true;
  }

  bool check_operand(Op op, uint32_t arg) {
    switch (op) {
      // Operands the table flags cover.
      case Op::LOAD_CONST: case Op::LOAD_FAST: case Op::STORE_FAST: case Op::DELETE_FAST:
      case Op::LOAD_DEREF: case Op::STORE_DEREF: case Op::DELETE_DEREF: case Op::LOAD_CLOSURE:
      case Op::LOAD_CLASSDEREF: case Op::LOAD_GLOBAL: case Op::STORE_GLOBAL: case Op::DELETE_GLOBAL:
      case Op::LOAD_NAME: case Op::STORE_NAME: case Op::DELETE_NAME: case Op::LOAD_ATTR: case Op::STORE_ATTR:
      case Op::DELETE_ATTR: case Op::LOAD_METHOD: case Op::IMPORT_NAME: case Op::IMPORT_FROM:
      case Op::JUMP: case Op::POP_JUMP_IF_FALSE: case Op::POP_JUMP_IF_TRUE: case Op::JUMP_IF_FALSE_OR_POP:
      case Op::JUMP_IF_TRUE_OR_POP: case Op::FOR_ITER: case Op::SEND:
        return true;
      // Counts: the stack analysis checks them against the depth.
      case Op::CALL: case Op::BUILD_TUPLE: case Op::BUILD_LIST: case Op::BUILD_SET: case Op::BUILD_MAP:
      case Op::BUILD_STRING: case Op::UNPACK_SEQUENCE: case Op::UNPACK_EX:
        return true;
      case Op::COPY:
      case Op::SWAP:
      case Op::LIST_APPEND: case Op::SET_ADD: case Op::MAP_ADD: case Op::LIST_EXTEND: case Op::SET_UPDATE:
      case Op::DICT_UPDATE: case Op::DICT_MERGE:
        // PEEK(0) / sp[-0] would be the free slot above the stack.
        if (arg == 0) return fail("the operand must be at least 1");
        return true;
      case Op::CALL_KW: {
        // argc | kwnames_const << 8; bind_arguments and natives read the
        // names with as<Str>(), and npos = argc - len(kwnames) must not be
        // negative.
        uint32_t argc = arg & 0xff, k = arg >> 8;
        if (k >= c_.consts.size())
          return fail(fmt::format("kwnames constant {} out of range ({} constants)", k, c_.consts.size()));
        const Value& names = c_.consts[k];
        if (!names.is_kind(ObjKind::Tuple))
          return fail(fmt::format("kwnames constant {} must be a tuple of str, not {}", k, describe(classify(names).mask)));
        const auto& items = names.as<Tuple>()->items;
        for (size_t i = 0; i < items.size(); ++i)
          if (!items[i].is_kind(ObjKind::Str))
            return fail(fmt::format("kwnames constant {} item {} must be a str, not {}", k, i, describe(classify(items[i]).mask)));
        if (items.size() > argc)
          return fail(fmt::format("{} keyword names for {} arguments", items.size(), argc));
        return true;
      }
      case Op::CALL_EX:
        if (arg > 1) return fail("CALL_EX's operand is 0 or 1 (a keyword dict)");
        return true;
      case Op::BUILD_SLICE:
        // The loop pops 2 or 3 whatever the operand; stack_effect says 1 - arg.
        if (arg != 2 && arg != 3) return fail("BUILD_SLICE takes 2 or 3 values");
        return true;
      case Op::FORMAT_VALUE:
        if (arg > 7) return fail("unknown FORMAT_VALUE flags");
        return true;
      case Op::BINARY_OP:
        // arg & 15 indexes the dunder-name tables (13 entries); +16 in-place.
        if ((arg & 15) > static_cast<uint32_t>(ast::BinOpKind::MatMult) || arg > 31)
          return fail("unknown binary operator");
        return true;
      case Op::COMPARE_OP:
        // Conservative: the fast paths treat anything past Gt as >=; the
        // compiler emits Eq..GtE only (is/in have their own opcodes).
        if (arg > static_cast<uint32_t>(ast::CmpOpKind::GtE)) return fail("unknown comparison");
        return true;
      case Op::IS_OP:
      case Op::CONTAINS_OP:
        if (arg > 1) return fail("the operand must be 0 or 1");  // conservative
        return true;
      case Op::MAKE_FUNCTION:
        // 1 defaults, 2 kwdefaults, 8 closure; stack_effect ignores 4.
        if (arg & ~uint32_t{1 | 2 | 8}) return fail(fmt::format("unknown MAKE_FUNCTION flags {:#x}", arg));
        return true;
      case Op::RAISE_VARARGS:
        // The loop pops at most 2 whatever the operand.
        if (arg > 2) return fail("RAISE_VARARGS takes 0, 1 or 2 values");
        return true;
      case Op::BUILD_CLASS:
        // The loop always pops name, bases and namespace; stack_effect would
        // count a kwargs dict for arg & 1 that it never pops.
        if (arg != 0) return fail("BUILD_CLASS's operand must be 0");
        return true;
      case Op::YIELD_VALUE:
        // The loop reads f->generator, null outside a generator's frame.
        if (!(c_.flags & kGenerator)) return fail("YIELD_VALUE outside a generator");
        return arg == 0 || fail("the operand must be 0");
      case Op::LOAD_LOCALS:
        // Pushes f->locals_dict, which only a class body (run by
        // CALL_CLASS_BODY) has.
        if (!(c_.flags & kClassBody)) return fail("LOAD_LOCALS outside a class body");
        return arg == 0 || fail("the operand must be 0");
      case Op::NOP: case Op::POP_TOP: case Op::PUSH_NULL: case Op::LIST_TO_TUPLE: case Op::UNARY_NEGATIVE:
      case Op::UNARY_POSITIVE: case Op::UNARY_NOT: case Op::UNARY_INVERT: case Op::BINARY_SUBSCR:
      case Op::STORE_SUBSCR: case Op::DELETE_SUBSCR: case Op::GET_ITER: case Op::RETURN_VALUE:
      case Op::GET_YIELD_FROM_ITER: case Op::RERAISE: case Op::PUSH_EXC_INFO: case Op::POP_EXCEPT:
      case Op::CHECK_EXC_MATCH: case Op::BEFORE_WITH: case Op::WITH_EXCEPT_START: case Op::LOAD_ASSERTION_ERROR:
      case Op::IMPORT_STAR: case Op::CALL_CLASS_BODY:
        // Conservative: the loop ignores the operand; the compiler emits 0.
        return arg == 0 || fail("the operand must be 0");
      case Op::kCount: break;
    }
    return fail("unknown opcode");
  }

  // ---- the stack of one instruction ----

  // Helpers over the state being stepped; `st` is the stack, bottom first.
  bool need(const std::vector<Slot>& st, uint64_t n) {
    if (st.size() < n)
      return fail(fmt::format("stack underflow: needs {} values, the stack holds {}", n, st.size()));
    return true;
  }
  bool check_kind(const Slot& s, uint64_t index, uint16_t allowed, const char* role) {
    uint16_t bad = s.mask & static_cast<uint16_t>(~allowed);
    if (bad) {
      return fail(fmt::format("{} (stack slot {}) must be {}, but may be {}", role, index, describe(allowed),
                              describe(bad)));
    }
    return true;
  }
  // Checks the slot `from_top` (1 = TOS) without popping.
  bool peek(const std::vector<Slot>& st, uint64_t from_top, uint16_t allowed, const char* role) {
    if (!need(st, from_top)) return false;
    return check_kind(st[st.size() - from_top], st.size() - from_top, allowed, role);
  }
  bool pop(std::vector<Slot>& st, uint16_t allowed, const char* role, Step* s, Slot* out = nullptr) {
    if (!peek(st, 1, allowed, role)) return false;
    if (out) *out = st.back();
    st.pop_back();
    if (st.size() < s->low) s->low = static_cast<uint32_t>(st.size());
    return charge(1);
  }
  bool pop_n(std::vector<Slot>& st, uint64_t n, uint16_t allowed, const char* role, Step* s) {
    if (!need(st, n)) return false;
    for (uint64_t i = 0; i < n; ++i)
      if (!pop(st, allowed, role, s)) return false;
    return true;
  }
  bool push(std::vector<Slot>& st, Slot v, uint64_t n = 1) {
    if (st.size() + n > static_cast<uint64_t>(c_.max_stack))
      return fail(fmt::format("stack overflow: {} values exceed max_stack {}", st.size() + n, c_.max_stack));
    if (!charge(n)) return false;
    st.insert(st.end(), n, v);
    return true;
  }

  // Applies the instruction at pc to `st` (the stack on entry; on return the
  // stack at pc + 1 if s->fall). Mirrors the op_* bodies of the loop.
  bool step(uint32_t pc, std::vector<Slot>& st, Step* s) {
    cur_pc_ = pc;
    const uint32_t w = c_.code[pc];
    const Op op = decode_op(w);
    const uint32_t arg = decode_arg(w);
    const uint32_t flags = kOpInfo[static_cast<int>(op)].flags;
    const size_t before = st.size();
    s->fall = true;
    s->jump = false;
    s->low = static_cast<uint32_t>(before);
    s->raises = (flags & (kMayRaise | kMaySwitch)) != 0;
    const uint16_t V = kAnyValue;
    switch (op) {
      case Op::NOP:
        break;
      case Op::POP_TOP:
        if (!pop(st, 0xffff, "the value", s)) return false;
        break;
      case Op::PUSH_NULL:
        if (!push(st, slot(kNullK))) return false;
        break;
      case Op::COPY: {
        if (!need(st, arg)) return false;
        Slot v = st[st.size() - arg];
        if (!push(st, v)) return false;
        break;
      }
      case Op::SWAP:
        if (!need(st, arg)) return false;
        std::swap(st[st.size() - 1], st[st.size() - arg]);
        break;
      case Op::LOAD_CONST: {
        Slot v = classify(c_.consts[arg]);
        if (v.mask == kCodeK) v.aux = static_cast<int32_t>(arg);
        if (!push(st, v)) return false;
        break;
      }
      case Op::LOAD_FAST: case Op::LOAD_DEREF: case Op::LOAD_CLASSDEREF: case Op::LOAD_GLOBAL: case Op::LOAD_NAME:
        if (!push(st, slot(V))) return false;
        break;
      case Op::LOAD_CLOSURE:
        if (!push(st, slot(kCellK))) return false;
        break;
      case Op::STORE_FAST: case Op::STORE_DEREF: case Op::STORE_GLOBAL: case Op::STORE_NAME:
        if (!pop(st, V, "the value stored", s)) return false;
        break;
      case Op::DELETE_FAST: case Op::DELETE_DEREF: case Op::DELETE_GLOBAL: case Op::DELETE_NAME:
        break;
      case Op::LOAD_ATTR:
        if (!pop(st, V, "the object", s) || !push(st, slot(V))) return false;
        break;
      case Op::STORE_ATTR:
        if (!pop(st, V, "the object", s) || !pop(st, V, "the value stored", s)) return false;
        break;
      case Op::DELETE_ATTR:
        if (!pop(st, V, "the object", s)) return false;
        break;
      case Op::LOAD_METHOD:
        if (!pop(st, V, "the object", s) || !push(st, slot(V | kNullK)) || !push(st, slot(V))) return false;
        break;
      case Op::CALL:
      case Op::CALL_KW: {
        // [A, B, args...]: B is the callable (A Null) or self (A the method).
        uint64_t n = op == Op::CALL ? arg : (arg & 0xff);
        if (!need(st, n + 2)) return false;
        if (!pop_n(st, n, V, "an argument", s) || !pop(st, V, "the callable or self", s) ||
            !pop(st, V | kNullK, "the method or NULL", s) || !push(st, slot(V)))
          return false;
        break;
      }
      case Op::CALL_EX:
        // [A, f, argtuple, (kwdict)]: the loop reads f, the tuple and the dict
        // with unchecked casts; A is not read.
        if (!need(st, 3 + arg)) return false;
        if (arg && !pop(st, kDictK, "the keyword dict", s)) return false;
        if (!pop(st, kAnyTuple, "the argument tuple", s) || !pop(st, V, "the callable", s) ||
            !pop(st, V | kNullK, "the slot below the callable", s) || !push(st, slot(V)))
          return false;
        break;
      case Op::BUILD_TUPLE: {
        if (!need(st, arg)) return false;
        bool cells = true;
        for (size_t i = st.size() - arg; i < st.size(); ++i) cells = cells && st[i].mask == kCellK;
        if (!pop_n(st, arg, V, "an item", s)) return false;
        if (!push(st, cells ? slot(kCellTupleK, static_cast<int32_t>(arg)) : slot(kTupleK))) return false;
        break;
      }
      case Op::BUILD_LIST:
        if (!pop_n(st, arg, V, "an item", s) || !push(st, slot(kListK))) return false;
        break;
      case Op::BUILD_SET:
        if (!pop_n(st, arg, V, "an item", s) || !push(st, slot(kSetK))) return false;
        break;
      case Op::BUILD_MAP:
        if (!pop_n(st, uint64_t{2} * arg, V, "a key or value", s) || !push(st, slot(kDictK))) return false;
        break;
      case Op::BUILD_STRING:
        // Concatenates PEEK(i).as<Str>().
        if (!pop_n(st, arg, kStrK, "a piece of the string", s) || !push(st, slot(kStrK))) return false;
        break;
      case Op::BUILD_SLICE:
        if (!pop_n(st, arg, V, "a slice bound", s) || !push(st, slot(kOtherK))) return false;
        break;
      case Op::LIST_APPEND: case Op::LIST_EXTEND:
        if (!pop(st, V, "the value", s) || !peek(st, arg, kListK, "the list")) return false;
        break;
      case Op::SET_ADD: case Op::SET_UPDATE:
        if (!pop(st, V, "the value", s) || !peek(st, arg, kSetK, "the set")) return false;
        break;
      case Op::MAP_ADD:
        if (!pop(st, V, "the value", s) || !pop(st, V, "the key", s) || !peek(st, arg, kDictK, "the dict")) return false;
        break;
      case Op::DICT_UPDATE: case Op::DICT_MERGE:
        if (!pop(st, V, "the mapping", s) || !peek(st, arg, kDictK, "the dict")) return false;
        break;
      case Op::LIST_TO_TUPLE:
        if (!pop(st, kListK, "the list", s) || !push(st, slot(kTupleK))) return false;
        break;
      case Op::FORMAT_VALUE:
        // The spec is read with as<Str>(); the result is always a str
        // (format_value and to_str check what __format__/__str__ return).
        if ((arg & 4) && !pop(st, kStrK, "the format spec", s)) return false;
        if (!pop(st, V, "the value", s) || !push(st, slot(kStrK))) return false;
        break;
      case Op::BINARY_OP: case Op::COMPARE_OP: case Op::BINARY_SUBSCR:
        if (!pop_n(st, 2, V, "an operand", s) || !push(st, slot(V))) return false;
        break;
      case Op::IS_OP: case Op::CONTAINS_OP:
        if (!pop_n(st, 2, V, "an operand", s) || !push(st, slot(kOtherK))) return false;
        break;
      case Op::UNARY_NEGATIVE: case Op::UNARY_POSITIVE: case Op::UNARY_NOT: case Op::UNARY_INVERT:
      case Op::GET_ITER: case Op::GET_YIELD_FROM_ITER:
        if (!pop(st, V, "the operand", s) || !push(st, slot(V))) return false;
        break;
      case Op::STORE_SUBSCR:
        if (!pop_n(st, 3, V, "an operand", s)) return false;
        break;
      case Op::DELETE_SUBSCR:
        if (!pop_n(st, 2, V, "an operand", s)) return false;
        break;
      case Op::JUMP:
        s->fall = false;
        s->jump = true;
        s->target = arg;
        s->jump_state = st;
        break;
      case Op::POP_JUMP_IF_FALSE: case Op::POP_JUMP_IF_TRUE:
        if (!pop(st, V, "the condition", s)) return false;
        s->jump = true;
        s->target = arg;
        s->jump_state = st;
        break;
      case Op::JUMP_IF_FALSE_OR_POP: case Op::JUMP_IF_TRUE_OR_POP:
        if (!peek(st, 1, V, "the condition")) return false;
        s->jump = true;
        s->target = arg;
        s->jump_state = st;
        if (!pop(st, V, "the condition", s)) return false;
        break;
      case Op::FOR_ITER:
        // iter -> iter value | (jump) nothing. The iterator stays while a
        // generator or __next__ runs; conservatively counted as popped.
        if (!peek(st, 1, V, "the iterator")) return false;
        s->jump = true;
        s->target = arg;
        s->jump_state = st;
        s->jump_state.pop_back();
        s->low = static_cast<uint32_t>(before - 1);
        if (!push(st, slot(V))) return false;
        break;
      case Op::UNPACK_SEQUENCE:
        if (!pop(st, V, "the sequence", s) || !push(st, slot(V), arg)) return false;
        break;
      case Op::UNPACK_EX: {
        // Pushes the `after` items, the list of the rest, the `before` items.
        uint32_t nbefore = arg & 0xff, nafter = arg >> 8;
        if (!pop(st, V, "the sequence", s) || !push(st, slot(V), nafter) || !push(st, slot(kListK)) ||
            !push(st, slot(V), nbefore))
          return false;
        break;
      }
      case Op::MAKE_FUNCTION: {
        // The loop casts the code, closure, kwdefaults and defaults without
        // checks, and bind_arguments copies every closure item into the cell
        // slots after the code's cellvars: the closure must have exactly one
        // cell per free variable, and a code with free variables needs one.
        Slot code;
        if (!pop(st, kCodeK, "the code", s, &code)) return false;
        if (code.aux < 0)
          return fail("the code must be a code constant loaded by LOAD_CONST on every path");
        const Code* child = c_.consts[code.aux].as<Code>();
        if (child->flags & kModuleBody) return fail("a module body cannot be made into a function");
        size_t nfree = child->freevars.size();
        if (arg & 8) {
          Slot closure;
          if (!pop(st, kCellTupleK, "the closure", s, &closure)) return false;
          if (closure.aux < 0 || static_cast<size_t>(closure.aux) != nfree)
            return fail(fmt::format("the closure must be a tuple of exactly {} cells (code '{}' has {} free variables)",
                                    nfree, child->qualname, nfree));
        } else if (nfree != 0) {
          return fail(fmt::format("code '{}' has {} free variables but no closure is given", child->qualname, nfree));
        }
        if ((arg & 2) && !pop(st, kDictK, "the keyword defaults", s)) return false;
        if ((arg & 1) && !pop(st, kAnyTuple, "the defaults", s)) return false;
        if (!push(st, slot((child->flags & kClassBody) ? kClassBodyFnK : kOtherK))) return false;
        break;
      }
      case Op::RETURN_VALUE:
        // A class body's result is BUILD_CLASS's namespace (as<Dict>).
        if (!pop(st, (c_.flags & kClassBody) ? static_cast<uint16_t>(kDictK) : V, "the return value", s)) return false;
        s->fall = false;
        break;
      case Op::YIELD_VALUE:
        if (!pop(st, V, "the value yielded", s) || !push(st, slot(V))) return false;
        break;
      case Op::SEND: {
        // sub v -> sub yielded | (jump) result
        if (!need(st, 2) || !pop(st, V, "the value sent", s) || !peek(st, 1, V, "the sub-iterator")) return false;
        s->jump = true;
        s->target = arg;
        s->jump_state = st;
        s->jump_state.back() = slot(V);
        s->low = static_cast<uint32_t>(before - 2);
        if (!push(st, slot(V))) return false;
        break;
      }
      case Op::RAISE_VARARGS:
        if (!pop_n(st, arg, V, "the exception or cause", s)) return false;
        s->fall = false;
        break;
      case Op::RERAISE:
        if (!pop(st, kExcK, "the exception", s)) return false;
        s->fall = false;
        break;
      case Op::PUSH_EXC_INFO: {
        // exc -> previous exc; the exception becomes vm.handled_exc, which
        // RAISE_VARARGS 0 and PUSH_EXC_INFO read back as an exception.
        Slot exc;
        if (!pop(st, kExcK, "the exception", s, &exc) || !push(st, slot(kNoneK | kExcK)) || !push(st, exc)) return false;
        break;
      }
      case Op::POP_EXCEPT:
        // Restores vm.handled_exc: None or Null clear it.
        if (!pop(st, kNoneK | kExcK | kNullK, "the saved exception", s)) return false;
        break;
      case Op::CHECK_EXC_MATCH:
        if (!pop(st, V, "the exception type", s) || !peek(st, 1, V, "the exception") || !push(st, slot(kOtherK)))
          return false;
        break;
      case Op::BEFORE_WITH:
        if (!pop(st, V, "the context manager", s) || !push(st, slot(V)) || !push(st, slot(V))) return false;
        break;
      case Op::WITH_EXCEPT_START:
        // exit prev exc -> exit prev exc result; calls exit.
        if (!peek(st, 3, V, "the __exit__ method") || !peek(st, 1, V, "the exception") || !push(st, slot(V)))
          return false;
        break;
      case Op::LOAD_ASSERTION_ERROR:
        if (!push(st, slot(kOtherK))) return false;
        break;
      case Op::IMPORT_NAME:
        if (!pop(st, V, "the fromlist", s) || !pop(st, V, "the level", s) || !push(st, slot(V))) return false;
        break;
      case Op::IMPORT_FROM:
        if (!peek(st, 1, V, "the module") || !push(st, slot(V))) return false;
        break;
      case Op::IMPORT_STAR:
        if (!pop(st, V, "the module", s)) return false;
        break;
      case Op::CALL_CLASS_BODY:
        // fn.as<Function>(); the body's result (a dict, see RETURN_VALUE) is pushed.
        if (!pop(st, kClassBodyFnK, "the class body function", s) || !push(st, slot(kDictK))) return false;
        break;
      case Op::BUILD_CLASS:
        if (!pop(st, kDictK, "the namespace", s) || !pop(st, kAnyTuple, "the bases", s) ||
            !pop(st, kStrK, "the class name", s) || !push(st, slot(kOtherK)))
          return false;
        break;
      case Op::LOAD_LOCALS:
        if (!push(st, slot(kDictK))) return false;
        break;
      case Op::kCount:
        return fail("unknown opcode");
    }
    // stack_effect() is the reference the compiler used for max_stack; a
    // disagreement means the loop and the table disagree on this operand.
    if (s->fall && static_cast<int64_t>(st.size()) != static_cast<int64_t>(before) + stack_effect(op, arg, false))
      return fail("the loop's stack effect disagrees with stack_effect()");
    if (s->jump &&
        static_cast<int64_t>(s->jump_state.size()) != static_cast<int64_t>(before) + stack_effect(op, arg, true))
      return fail("the loop's stack effect disagrees with stack_effect() on the jump");
    return true;
  }

  // ---- flow ----

  bool merge(uint32_t target, const std::vector<Slot>& st, const char* how) {
    int32_t li = flow_.leader[target];
    if (!charge(st.size() + 1)) return false;
    std::vector<Slot>& into = flow_.states[li];
    if (!flow_.reached[li]) {
      stored_ += st.size();
      if (stored_ > limits_.stored_slots)
        return fail(fmt::format("too costly to verify (more than {} stack slots at join points)", limits_.stored_slots));
      into = st;
      flow_.reached[li] = 1;
      if (!queued_[li]) {
        queued_[li] = 1;
        work_list_.push_back(li);
      }
      return true;
    }
    if (into.size() != st.size())
      return fail(fmt::format("stack depth {} {} pc {} differs from depth {} there on another path", st.size(), how,
                              target, into.size()));
    bool changed = false;
    for (size_t i = 0; i < st.size(); ++i) changed = join_slot(into[i], st[i]) || changed;
    if (changed && !queued_[li]) {
      queued_[li] = 1;
      work_list_.push_back(li);
    }
    return true;
  }

  bool check_flow() {
    const Code& c = c_;
    const uint32_t n = static_cast<uint32_t>(c.code.size());
    flow_.leader.assign(n, -1);
    flow_.reachable.assign(n, 0);
    auto mark = [&](uint32_t pc) {
      if (flow_.leader[pc] < 0) {
        flow_.leader[pc] = static_cast<int32_t>(leader_pc_.size());
        leader_pc_.push_back(pc);
      }
    };
    mark(0);
    for (uint32_t pc = 0; pc < n; ++pc)
      if (kOpInfo[c.code[pc] & 0xff].flags & kHasJump) mark(decode_arg(c.code[pc]));
    for (const HandlerEntry& h : c.handlers) mark(h.target);
    flow_.states.assign(leader_pc_.size(), {});
    flow_.reached.assign(leader_pc_.size(), 0);
    queued_.assign(leader_pc_.size(), 0);
    // The innermost handler of each pc (the table is sorted and disjoint).
    std::vector<int32_t> handler_of(n, -1);
    for (size_t i = 0; i < c.handlers.size(); ++i)
      for (uint32_t pc = c.handlers[i].start; pc < c.handlers[i].end; ++pc) handler_of[pc] = static_cast<int32_t>(i);

    cur_pc_ = 0;
    if (!merge(0, {}, "on entry to")) return false;
    std::vector<Slot> st, pre, hs;
    while (!work_list_.empty()) {
      int32_t li = work_list_.front();
      work_list_.pop_front();
      queued_[li] = 0;
      uint32_t pc = leader_pc_[li];
      st = flow_.states[li];
      for (;;) {
        cur_pc_ = pc;
        if (!charge(1)) return false;
        flow_.reachable[pc] = 1;
        int32_t hi = handler_of[pc];
        if (hi >= 0) pre.assign(st.begin(), st.begin() + std::min<size_t>(st.size(), c.handlers[hi].depth));
        Step s;
        if (!step(pc, st, &s)) return false;
        if (hi >= 0) {
          // The handler's entry state (see the top of this file).
          const HandlerEntry& h = c.handlers[hi];
          hs.assign(h.depth, slot(kNullK));
          if (!charge(h.depth)) return false;
          for (size_t i = 0; i < pre.size(); ++i) {
            hs[i] = pre[i];
            if (s.raises && i >= s.low) join_slot(hs[i], slot(kNullK | kAnyValue));
          }
          hs.push_back(slot(kExcK));
          if (!merge(h.target, hs, "at the handler")) return false;
          cur_pc_ = pc;
        }
        if (s.jump) {
          if (!merge(s.target, s.jump_state, "on the jump to")) return false;
          cur_pc_ = pc;
        }
        if (!s.fall) break;
        if (pc + 1 >= n) return fail("execution can run off the end of the code");
        ++pc;
        if (flow_.leader[pc] >= 0) {
          if (!merge(pc, st, "falling through to")) return false;
          break;
        }
      }
    }
    return true;
  }

  const Code& c_;
  const VerifyLimits& limits_;
  Flow& flow_;
  std::string err_;
  uint32_t cur_pc_ = kNoPc;
  uint64_t work_ = 0;
  uint64_t stored_ = 0;
  std::vector<uint32_t> leader_pc_;
  std::vector<uint8_t> queued_;
  std::deque<int32_t> work_list_;
};

}  // namespace

// ---- Verifier --------------------------------------------------------------------------------

struct Verifier::Impl {
  explicit Impl(VerifyLimits l) : limits(l) {}

  struct Analysed {
    Ref<Code> hold;
    Flow flow;
    bool ok = false;
    std::string error;
  };

  VerifyLimits limits;
  // Codes verified with their nested constants.
  std::unordered_map<const Code*, Ref<Code>> verified;
  std::unordered_set<const Code*> in_progress;
  std::unordered_map<const Code*, std::unique_ptr<Analysed>> analyses;

  Analysed& analyse(const Code& code) {
    auto it = analyses.find(&code);
    if (it != analyses.end()) return *it->second;
    auto a = std::make_unique<Analysed>();
    a->hold = Ref<Code>(const_cast<Code*>(&code));
    Analyzer an(code, limits, &a->flow);
    a->ok = an.run(&a->error);
    if (!a->ok) a->flow = Flow{};
    return *analyses.emplace(&code, std::move(a)).first->second;
  }

  bool verify(const Code& code, int depth, std::string* error) {
    if (verified.count(&code)) return true;
    if (depth > limits.nesting) {
      *error = fmt::format("code '{}': code constants nested deeper than {}", code.qualname, limits.nesting);
      return false;
    }
    if (in_progress.count(&code)) {
      // The compiler never makes one; a cycle would keep the codes alive forever.
      *error = fmt::format("code '{}' contains itself as a (nested) constant", code.qualname);
      return false;
    }
    Analysed& a = analyse(code);
    if (!a.ok) {
      *error = a.error;
      return false;
    }
    in_progress.insert(&code);
    for (size_t i = 0; i < code.consts.size(); ++i) {
      if (!code.consts[i].is_kind(ObjKind::Code)) continue;
      std::string sub;
      if (!verify(*code.consts[i].as<Code>(), depth + 1, &sub)) {
        in_progress.erase(&code);
        *error = fmt::format("in constant {} of code '{}': {}", i, code.qualname, sub);
        return false;
      }
    }
    in_progress.erase(&code);
    verified.emplace(&code, Ref<Code>(const_cast<Code*>(&code)));
    return true;
  }

  bool suspended(const Code& code, uint32_t pc, Suspension kind, std::vector<Slot>* st, std::string* error) {
    Analysed& a = analyse(code);
    if (!a.ok) {
      if (error) *error = a.error;
      return false;
    }
    Flow& flow = a.flow;
    Analyzer an(code, limits, &flow);
    return an.suspended_state(pc, kind, st, error);
  }
};

Verifier::Verifier(VerifyLimits limits) : impl_(std::make_unique<Impl>(limits)) {}
Verifier::~Verifier() = default;

bool Verifier::verify_code(const Code& code, std::string* error) {
  std::string err;
  bool ok = impl_->verify(code, 0, &err);
  if (!ok && error) *error = std::move(err);
  return ok;
}

bool Verifier::verify_suspension(const Code& code, uint32_t pc, uint32_t sp, Suspension kind, uint32_t* expected_sp,
                                 std::string* error) {
  std::vector<Slot> st;
  if (!impl_->suspended(code, pc, kind, &st, error)) return false;
  uint32_t expected = static_cast<uint32_t>(st.size());
  if (expected_sp) *expected_sp = expected;
  if (sp != expected) {
    if (error)
      *error = fmt::format("code '{}': a frame suspended at pc {} has {} values on its stack where the code has {}",
                           code.qualname, pc, sp, expected);
    return false;
  }
  return true;
}

bool Verifier::verify_stack(const Code& code, uint32_t pc, Suspension kind, const Value* stack, uint32_t sp,
                            std::string* error) {
  std::vector<Slot> st;
  if (!impl_->suspended(code, pc, kind, &st, error)) return false;
  if (sp != st.size()) {
    if (error)
      *error = fmt::format("code '{}': a frame suspended at pc {} has {} values on its stack where the code has {}",
                           code.qualname, pc, sp, st.size());
    return false;
  }
  for (uint32_t i = 0; i < sp; ++i) {
    Slot want = st[i];
    Slot got = classify(stack[i]);
    bool ok = (got.mask & ~want.mask) == 0;
    // Exactly-known kinds carry facts MAKE_FUNCTION relies on.
    if (ok && want.mask == kCellTupleK && want.aux >= 0) ok = got.aux == want.aux;
    if (ok && want.mask == kCodeK && want.aux >= 0) ok = stack[i].as_obj() == code.consts[want.aux].as_obj();
    // A tuple of cells is also a tuple.
    if (!ok && got.mask == kCellTupleK && (want.mask & kTupleK)) ok = true;
    if (!ok) {
      if (error)
        *error = fmt::format("code '{}': stack slot {} of a frame suspended at pc {} must be {}, not {}", code.qualname,
                             i, pc, describe(want.mask), describe(got.mask));
      return false;
    }
  }
  return true;
}

// ---- the brief forms -------------------------------------------------------------------------

bool verify_code(Vm& vm, const Code& code, std::string* error) {
  (void)vm;
  Verifier v;
  return v.verify_code(code, error);
}

bool verify_suspension(const Code& code, uint32_t pc, uint32_t sp, std::string* error) {
  Verifier v;
  return v.verify_suspension(code, pc, sp, Suspension::Any, nullptr, error);
}

bool verify_suspension(const Code& code, uint32_t pc, uint32_t sp, Suspension kind, uint32_t* expected_sp,
                       std::string* error) {
  Verifier v;
  return v.verify_suspension(code, pc, sp, kind, expected_sp, error);
}

}  // namespace spindle::pickling
