// Tests for the bytecode verifier (pickling/verify.cpp).
//
// Real programs are compiled with compile_source and every code object they
// produce must verify; then copies of those code objects are damaged in one
// way each and must be refused with a message that names the code, the pc
// and the problem. verify_suspension and verify_stack are checked against
// frames the VM really suspended (generators, blocked and preempted
// tasklets), and against wrong pcs, depths and stack contents.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/compiler.hpp"
#include "core/tasklet.hpp"
#include "pickling/verify.hpp"
#include "spindle/vm.hpp"

using spindle::Code;
using spindle::encode;
using spindle::Op;
using spindle::Ref;
using spindle::Value;
using spindle::pickling::Suspension;
using spindle::pickling::verify_code;
using spindle::pickling::verify_suspension;
using spindle::pickling::Verifier;

namespace {

Ref<Code> compile(spindle::Vm& vm, std::string_view src) {
  spindle::CompileResult r = spindle::compile_source(vm, src, "verify_test.py");
  if (r.error) FAIL("compile error: " << r.error->message << " at line " << r.error->line);
  REQUIRE(r.code);
  return r.code;
}

void collect(Code* c, std::vector<Code*>& out) {
  out.push_back(c);
  for (const Value& k : c->consts)
    if (k.is_kind(spindle::ObjKind::Code)) collect(k.as<Code>(), out);
}

std::vector<Code*> all_codes(const Ref<Code>& root) {
  std::vector<Code*> out;
  collect(root.get(), out);
  return out;
}

Code* find_code(const Ref<Code>& root, const std::string& qualname) {
  for (Code* c : all_codes(root))
    if (c->qualname == qualname) return c;
  FAIL("no code object named " << qualname);
  return nullptr;
}

// A fresh, unshared copy: mutations must not touch the compiler's objects.
Ref<Code> clone(const Code& c) {
  auto d = spindle::make<Code>();
  d->code = c.code;
  d->consts = c.consts;
  d->names = c.names;
  d->varnames = c.varnames;
  d->cellvars = c.cellvars;
  d->freevars = c.freevars;
  d->cell_param = c.cell_param;
  d->argcount = c.argcount;
  d->posonlyargcount = c.posonlyargcount;
  d->kwonlyargcount = c.kwonlyargcount;
  d->flags = c.flags;
  d->max_stack = c.max_stack;
  d->name = c.name;
  d->qualname = c.qualname;
  d->filename = c.filename;
  d->firstlineno = c.firstlineno;
  d->lines = c.lines;
  d->handlers = c.handlers;
  return d;
}

std::string verify_error(spindle::Vm& vm, const Code& c) {
  std::string err;
  if (verify_code(vm, c, &err)) return "accepted";
  return err;
}

void require_verifies(spindle::Vm& vm, const Ref<Code>& root) {
  for (Code* c : all_codes(root)) {
    std::string err;
    INFO("code " << c->qualname);
    CHECK(verify_code(vm, *c, &err));
    CHECK(err.empty());
    if (!err.empty()) WARN(err);
  }
}

// The first pc holding `op` (with `arg` if given).
uint32_t find_op(const Code& c, Op op, int64_t arg = -1, uint32_t from = 0) {
  for (uint32_t pc = from; pc < c.code.size(); ++pc)
    if (spindle::decode_op(c.code[pc]) == op && (arg < 0 || spindle::decode_arg(c.code[pc]) == arg)) return pc;
  FAIL("no " << spindle::kOpInfo[static_cast<int>(op)].name << " in " << c.qualname);
  return 0;
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// Checks a refusal: the message names the code and, if given, the pc and
// the problem.
void check_refused(spindle::Vm& vm, const Code& c, int64_t pc, std::string_view problem) {
  std::string err = verify_error(vm, c);
  INFO("error: " << err);
  REQUIRE(err != "accepted");
  CHECK(contains(err, "code '" + c.qualname + "'"));
  if (pc >= 0) CHECK(contains(err, "at pc " + std::to_string(pc) + " ("));
  CHECK(contains(err, problem));
}

// Every construct of the language, once.
const char* kEverything = R"PY(
import math
from math import sqrt as root, floor
x: int = 1
counter = 0

def plain(a, b=2, *args, c, d=4, **kw):
    return a + b + len(args) + c + d + len(kw)

def posonly(a, b, /, c):
    return a - b - c

def closure_outer(n):
    total = n
    def inner(k):
        nonlocal total
        total += k
        return total
    return inner

def param_cell(p, q):
    return lambda: p + q

def gen(n):
    for i in range(n):
        try:
            got = yield i
        except ValueError as e:
            yield -1
        finally:
            pass
    return n

def delegate(n):
    r = yield from gen(n)
    return r

class Base:
    """doc"""
    attr = 1
    def __init__(self, v):
        self.v = v
    def method(self):
        return self.v

class Child(Base):
    def method(self):
        return super().method() * 2
    @staticmethod
    def s():
        return 1
    @property
    def p(self):
        return self.v

def deco(f):
    return f

@deco
class Decorated:
    pass

class Ctx:
    def __enter__(self):
        return self
    def __exit__(self, t, v, tb):
        return False

def early_exits(seq):
    for i in seq:
        with Ctx() as c:
            try:
                if i == 1:
                    continue
                if i == 2:
                    break
                if i == 3:
                    return i
            finally:
                global counter
                counter += 1
    try:
        pass
    except Exception as e:
        return e
    while True:
        try:
            return 1
        except KeyError:
            raise
        finally:
            counter -= 1

def everything(seq, d):
    global x
    out = []
    with Ctx() as c, Ctx():
        out.append(c)
    try:
        1 / 0
    except ZeroDivisionError as e:
        out.append(str(e))
    except (TypeError, KeyError):
        pass
    except:
        raise
    else:
        out.append(0)
    finally:
        out.append(1)
    try:
        raise ValueError("v") from None
    except ValueError:
        pass
    for i, j in enumerate(seq):
        if i > 2:
            break
        elif i == 1:
            continue
        else:
            out.append(j)
    else:
        out.append(None)
    while len(out) < 3:
        out.append(len(out))
    sq = [a * a for a in seq if a]
    nested = [[b for b in range(a)] for a in seq]
    st = {a for a in seq}
    dc = {a: b for a, b in d.items()}
    ge = list(a for a in seq for b in seq if b)
    first, *rest = seq
    p, q = 1, 2
    name = f"{first!r:>{10}} {rest} {d!s} {1.5:.2f} {p!a}"
    plain(1, 2, 3, c=4, **d)
    plain(*seq, c=1)
    plain(1, c=2)
    out.append(*seq[:1])
    lam = lambda q, r=1, *, k=2: q + r + k
    a = b = 3
    a += 1
    seq[0] += 1
    obj = Base(1)
    obj.v += 1
    del seq[0], obj.v
    t = (1, *seq)
    m = {**d, 'x': 1}
    s2 = {*seq, 1}
    cmp = 1 < a < 10
    cond = a if b else None
    bo = a and b or not a
    sl = seq[1:2], seq[::2], (0 if d else d[1:2, ::3])
    assert a, "message"
    assert b
    x = (y := 5)
    return out, sq, nested, st, dc, ge, name, lam, m, t, s2, cmp, cond, bo, sl, -a, ~a, +a, a is None, a in seq, \
        a is not None, a not in seq, root(4), math.floor(1.5), y, 2 ** 3, 7 // 2, 7 % 3, 1 << 2, 8 >> 1, 1 | 2, 1 ^ 3, \
        1 & 3, 1 != 2, 1 <= 2, 1 >= 2, 1 > 2
)PY";

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<Ref<Code>> compile_tree(spindle::Vm& vm, const std::filesystem::path& dir, int* files) {
  std::vector<Ref<Code>> out;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.path().extension() != ".py") continue;
    std::string src = read_file(e.path());
    spindle::CompileResult r = spindle::compile_source(vm, src, e.path().string());
    if (!r.code) continue;  // some tests are about syntax errors
    ++*files;
    out.push_back(r.code);
  }
  return out;
}

// The frames of a tasklet's parked chain that run bytecode, innermost first.
std::vector<spindle::Frame*> vm_frames(const Value& tasklet) {
  std::vector<spindle::Frame*> out;
  for (spindle::Frame* f = tasklet.as<spindle::Tasklet>()->chain.get(); f; f = f->back.get())
    if (!f->cont) out.push_back(f);
  return out;
}

std::string run_ok(spindle::Vm& vm, const char* src) {
  std::string out;
  vm.write_stdout = [&out](std::string_view s) { out += s; };
  auto r = spindle::run_string(vm, src, "verify_test.py");
  INFO(r.traceback);
  REQUIRE(r.ok());
  return out;
}

}  // namespace

// ---- compiled code verifies -------------------------------------------------------------------

TEST_CASE("verify: every construct the compiler emits verifies") {
  spindle::Vm vm;
  Ref<Code> root = compile(vm, kEverything);
  std::string err;
  CHECK(verify_code(vm, *root, &err));
  CHECK(err == "");
  require_verifies(vm, root);
  // The program also runs: the verifier accepted real, working code.
  run_ok(vm, kEverything);
  auto r = spindle::run_string(vm,
                               "everything([1, 2, 3], {'k': 1})\n"
                               "list(delegate(3))\n"
                               "early_exits([0, 1, 2, 3])\n"
                               "Child(2).method(); closure_outer(1)(2); param_cell(1, 2)()\n",
                               "verify_test.py");
  INFO(r.traceback);
  CHECK(r.ok());
}

TEST_CASE("verify: small programs, one construct each") {
  spindle::Vm vm;
  const char* programs[] = {
      "pass\n",
      "def f():\n    pass\n",
      "def f(a):\n    return a\n",
      "def f():\n    raise ValueError\n",
      "def f(a):\n    if a:\n        return 1\n    raise KeyError(a)\n",
      "def f():\n    try:\n        return 1\n    finally:\n        print(2)\n",
      "def f():\n    while True:\n        pass\n",
      "def f(x):\n    with x:\n        return 1\n",
      "def f(x):\n    with x as (a, b):\n        pass\n",
      "def f(x):\n    try:\n        pass\n    except:\n        pass\n",
      "def f(x):\n    for a in x:\n        for b in x:\n            try:\n                break\n            finally:\n                continue\n",
      "def g():\n    yield\n",
      "def g():\n    x = yield 1\n    yield from x\n    return x\n",
      "def g(x):\n    try:\n        yield 1\n    except E as e:\n        yield e\n    else:\n        yield 2\n    finally:\n        yield 3\n",
      "def g(x):\n    with x:\n        yield 1\n",
      "def f(a):\n    return [b for b in a for c in b if c if b]\n",
      "def f(a):\n    return {b: c for b, c in a}, {b for b in a}, (b for b in a)\n",
      "def f(a):\n    def g():\n        def h():\n            return a\n        return h\n    return g\n",
      "class C:\n    def f(self):\n        return __class__\n",
      "class C(object):\n    x = 1\n    y = [x for _ in range(2)] if False else 0\n    def f(self):\n        return super().f()\n",
      "def f(a):\n    return f'{a}' + f'{a!r}' + f'{a:{a}}' + f''\n",
      "def f(a, *b, c, **d):\n    return f(*b, **d), f(a, *b, c=c), f(1, 2, c=3, d=4), a.b(1, x=2)\n",
      "def f(a):\n    a.b.c += 1\n    a[1] -= 2\n    a[1:2] = a\n    del a[1:2]\n",
      "import os.path as p\nfrom math import *\n",
      "def f(a):\n    return not (a and a or a) if a < 1 < a else a\n",
      "async_ = 1\nlambda: (yield)\n",
  };
  for (const char* src : programs) {
    INFO("source:\n" << src);
    spindle::CompileResult r = spindle::compile_source(vm, src, "verify_test.py");
    if (!r.code) FAIL("does not compile: " << src << " -> " << r.error->message);
    require_verifies(vm, r.code);
  }
}

TEST_CASE("verify: every script in the test suites and examples verifies") {
  spindle::Vm vm;
  std::filesystem::path tests = std::filesystem::path(__FILE__).parent_path().parent_path();
  int files = 0;
  std::vector<Ref<Code>> roots;
  for (const char* dir : {"lang", "stackless", "hard", "pickle"}) {
    auto more = compile_tree(vm, tests / dir, &files);
    roots.insert(roots.end(), more.begin(), more.end());
  }
  auto ex = compile_tree(vm, tests.parent_path() / "examples", &files);
  roots.insert(roots.end(), ex.begin(), ex.end());
  CHECK(files > 100);
  size_t codes = 0;
  int refused = 0;
  for (const Ref<Code>& root : roots) {
    codes += all_codes(root).size();
    std::string err;
    if (verify_code(vm, *root, &err)) continue;
    INFO("file " << root->filename << ": " << err);
    CHECK(err == "");
    ++refused;
  }
  CHECK(codes > static_cast<size_t>(files));
  CHECK(refused == 0);
}

// `return` inside an except block (or a finally block running for an
// exception) compiles to `SWAP 2; POP_EXCEPT; RETURN_VALUE`. The cleanup
// handler ([..., saved exc] -> SWAP 2; POP_EXCEPT; RERAISE) must not cover
// the POP_EXCEPT: a bomb delivered there (tasklet.throw/kill of a tasklet
// preempted at that boundary) would unwind with the return value where the
// saved exception belongs, make it vm.handled_exc, and a later bare `raise`
// would cast it to an exception. The compiler ends the region before the
// SWAP, as CPython's POP_BLOCK does; the verifier refuses code that doesn't.
constexpr const char* kReturnsInHandlers =
    "def f():\n"
    "    try:\n"
    "        raise KeyError\n"
    "    except KeyError:\n"
    "        return 'x'\n"
    "def g():\n"
    "    try:\n"
    "        raise KeyError\n"
    "    finally:\n"
    "        return 'x'\n"
    "def h(e):\n"
    "    try:\n"
    "        raise KeyError\n"
    "    except KeyError as e:\n"
    "        return e\n"
    "def k(e):\n"
    "    for i in e:\n"
    "        try:\n"
    "            raise KeyError\n"
    "        except KeyError as e:\n"
    "            continue\n"
    "        except:\n"
    "            break\n"
    "        finally:\n"
    "            i = 1\n"
    "    return i\n";

// The SWAP 2 that a `return` emits right before its POP_EXCEPT.
uint32_t return_swap(const Code& c) {
  uint32_t pc = find_op(c, Op::POP_EXCEPT);
  while (!(spindle::decode_op(c.code[pc - 1]) == Op::SWAP && spindle::decode_op(c.code[pc + 1]) != Op::RERAISE))
    pc = find_op(c, Op::POP_EXCEPT, -1, pc + 1);
  return pc - 1;
}

TEST_CASE("verify: return inside except and finally compiles outside the cleanup region") {
  spindle::Vm vm;
  Ref<Code> root = compile(vm, kReturnsInHandlers);
  std::string err;
  CHECK(verify_code(vm, *root, &err));
  INFO(err);
  for (const char* name : {"f", "g", "h"}) {
    Code& c = *find_code(root, name);
    uint32_t swap = return_swap(c);
    for (const spindle::HandlerEntry& h : c.handlers) {
      INFO(name << ": handler [" << h.start << ", " << h.end << ") swap at " << swap);
      CHECK_FALSE((h.start <= swap + 1 && swap + 1 < h.end));
    }
  }
  // break and continue out of a handler leave NULL there (the slot popped
  // by POP_EXCEPT), which POP_EXCEPT accepts: no problem.
  CHECK(verify_error(vm, *find_code(root, "k")) == "accepted");
}

TEST_CASE("verify: a cleanup region covering a return's POP_EXCEPT is refused") {
  spindle::Vm vm;
  Ref<Code> root = compile(vm, kReturnsInHandlers);
  for (const char* name : {"f", "g", "h"}) {
    Ref<Code> c = clone(*find_code(root, name));
    uint32_t swap = return_swap(*c);
    // Stretch the region that ends where the return's unwinding starts over
    // its POP_EXCEPT: the layout the compiler used to emit.
    spindle::HandlerEntry* last = nullptr;
    for (spindle::HandlerEntry& h : c->handlers)
      if (h.end <= swap && (!last || h.end > last->end)) last = &h;
    REQUIRE(last);
    REQUIRE(last->end + 3 >= swap);
    last->end = swap + 2;
    std::string err = verify_error(vm, *c);
    INFO(err);
    CHECK(contains(err, "(POP_EXCEPT 0)"));
    CHECK(contains(err, "the saved exception (stack slot 1) must be NULL, None or an exception, but may be a str"));
  }
}

// ---- damaged code is refused ------------------------------------------------------------------

TEST_CASE("verify: damaged code is refused with a useful message") {
  spindle::Vm vm;
  Ref<Code> root = compile(vm, kEverything);
  Code& everything = *find_code(root, "everything");
  Code& closure_outer = *find_code(root, "closure_outer");
  Code& inner = *find_code(root, "closure_outer.<locals>.inner");
  Code& gen = *find_code(root, "gen");
  // Straight-line: instructions can be deleted without moving any target.
  Ref<Code> add = compile(vm, "def add(a, b):\n    return a + b\n");
  Code& addc = *find_code(add, "add");
  REQUIRE(verify_error(vm, everything) == "accepted");

  SECTION("unknown opcode") {
    Ref<Code> c = clone(everything);
    c->code[3] = (c->code[3] & ~0xffu) | 0xfe;
    check_refused(vm, *c, 3, "unknown opcode 254");
    c->code[3] = (c->code[3] & ~0xffu) | static_cast<uint32_t>(Op::kCount);
    check_refused(vm, *c, 3, "unknown opcode");
  }
  SECTION("constant index out of range") {
    Ref<Code> c = clone(everything);
    uint32_t pc = find_op(*c, Op::LOAD_CONST);
    c->code[pc] = encode(Op::LOAD_CONST, static_cast<uint32_t>(c->consts.size()));
    check_refused(vm, *c, pc, "constant index " + std::to_string(c->consts.size()) + " out of range");
  }
  SECTION("name index out of range") {
    Ref<Code> c = clone(everything);
    uint32_t pc = find_op(*c, Op::LOAD_GLOBAL);
    c->code[pc] = encode(Op::LOAD_GLOBAL, static_cast<uint32_t>(c->names.size()));
    check_refused(vm, *c, pc, "name index");
    c = clone(everything);
    pc = find_op(*c, Op::LOAD_METHOD);
    c->code[pc] = encode(Op::LOAD_METHOD, 1000);
    check_refused(vm, *c, pc, "name index 1000 out of range");
  }
  SECTION("local index out of range") {
    Ref<Code> c = clone(everything);
    uint32_t pc = find_op(*c, Op::STORE_FAST);
    c->code[pc] = encode(Op::STORE_FAST, static_cast<uint32_t>(c->varnames.size()));
    check_refused(vm, *c, pc, "local index");
  }
  SECTION("cell index out of range") {
    Ref<Code> c = clone(inner);
    uint32_t pc = find_op(*c, Op::LOAD_DEREF);
    c->code[pc] = encode(Op::LOAD_DEREF, static_cast<uint32_t>(c->ncells()));
    check_refused(vm, *c, pc, "cell index 1 out of range (1 cells)");
    c = clone(closure_outer);
    pc = find_op(*c, Op::LOAD_CLOSURE);
    c->code[pc] = encode(Op::LOAD_CLOSURE, 7);
    check_refused(vm, *c, pc, "cell index 7 out of range");
  }
  SECTION("jump target past the end") {
    Ref<Code> c = clone(everything);
    uint32_t pc = find_op(*c, Op::JUMP);
    c->code[pc] = encode(Op::JUMP, static_cast<uint32_t>(c->code.size()));
    check_refused(vm, *c, pc, "jump target " + std::to_string(c->code.size()) + " is past the end");
    c = clone(everything);
    pc = find_op(*c, Op::FOR_ITER);
    c->code[pc] = encode(Op::FOR_ITER, 0xffffff);
    check_refused(vm, *c, pc, "past the end");
  }
  SECTION("handler depth too big") {
    Ref<Code> c = clone(everything);
    REQUIRE(!c->handlers.empty());
    c->handlers[0].depth = static_cast<uint32_t>(c->max_stack);
    check_refused(vm, *c, -1, "handler 0 depth");
    // In range for max_stack, but deeper than the stack in its region: the
    // handler would see NULL where it needs values.
    c = clone(everything);
    c->handlers[0].depth += 1;
    std::string err = verify_error(vm, *c);
    INFO(err);
    CHECK(err != "accepted");
    CHECK(contains(err, "code 'everything'"));
  }
  SECTION("overlapping and unsorted handlers") {
    Ref<Code> c = clone(everything);
    REQUIRE(c->handlers.size() >= 2);
    c->handlers[1].start = c->handlers[0].end - 1;
    check_refused(vm, *c, -1, "overlaps handler 0");
    c = clone(everything);
    std::swap(c->handlers[0], c->handlers[1]);
    check_refused(vm, *c, -1, "is not sorted after or overlaps");
  }
  SECTION("handler range or target out of the code") {
    Ref<Code> c = clone(everything);
    c->handlers.back().end = static_cast<uint32_t>(c->code.size() + 1);
    check_refused(vm, *c, -1, "past the end of the code");
    c = clone(everything);
    c->handlers[0].target = static_cast<uint32_t>(c->code.size());
    check_refused(vm, *c, -1, "target");
    c = clone(everything);
    c->handlers[0].end = c->handlers[0].start;
    check_refused(vm, *c, -1, "covers no instruction");
  }
  SECTION("truncated code runs off the end") {
    Ref<Code> c = clone(addc);
    c->code.pop_back();  // RETURN_VALUE
    check_refused(vm, *c, static_cast<int64_t>(c->code.size() - 1), "run off the end");
    // Cut just after a call: the code runs on past its new end (or jumps
    // there).
    c = clone(everything);
    c->code.resize(find_op(*c, Op::CALL) + 1);
    c->lines.clear();
    c->handlers.clear();
    std::string err = verify_error(vm, *c);
    INFO(err);
    CHECK(contains(err, "code 'everything' at pc"));
    CHECK((contains(err, "run off the end") || contains(err, "past the end")));
    c->code.clear();
    check_refused(vm, *c, -1, "empty code");
  }
  SECTION("stack underflow after deleting an instruction") {
    Ref<Code> c = clone(addc);
    uint32_t pc = find_op(*c, Op::LOAD_FAST, 1);
    c->code.erase(c->code.begin() + pc);
    check_refused(vm, *c, pc, "stack underflow: needs 2 values, the stack holds 1");
    // The same in a branchy function, as a NOP in place of a push.
    c = clone(everything);
    pc = find_op(*c, Op::PUSH_NULL);
    c->code[pc] = encode(Op::NOP, 0);
    std::string err = verify_error(vm, *c);
    INFO(err);
    CHECK(contains(err, "code 'everything' at pc"));
    CHECK((contains(err, "underflow") || contains(err, "must be") || contains(err, "differs")));
  }
  SECTION("stack overflow past max_stack") {
    Ref<Code> c = clone(addc);
    c->max_stack = 1;
    check_refused(vm, *c, 1, "stack overflow: 2 values exceed max_stack 1");
  }
  SECTION("depths disagree at a join") {
    // if a: 1  -> the branch that skips the push reaches the join one lower.
    Ref<Code> src = compile(vm, "def f(a):\n    if a:\n        b = 1\n    return a\n");
    Ref<Code> c = clone(*find_code(src, "f"));
    uint32_t pc = find_op(*c, Op::STORE_FAST);
    c->code[pc] = encode(Op::NOP, 0);
    std::string err = verify_error(vm, *c);
    INFO(err);
    CHECK(contains(err, "code 'f' at pc"));
    CHECK(contains(err, "differs from depth"));
  }
  SECTION("wrong constant type for MAKE_FUNCTION") {
    Ref<Code> c = clone(everything);
    uint32_t mk = find_op(*c, Op::MAKE_FUNCTION);
    uint32_t load = mk - 1;
    REQUIRE(spindle::decode_op(c->code[load]) == Op::LOAD_CONST);
    c->consts[spindle::decode_arg(c->code[load])] = Value::integer(42);
    check_refused(vm, *c, mk, "the code (stack slot");
    CHECK(contains(verify_error(vm, *c), "must be a code object, but may be another value"));
    // A code object that is not a constant (LOAD_FAST) is refused too.
    c = clone(everything);
    c->code[load] = encode(Op::LOAD_FAST, 0);
    check_refused(vm, *c, mk, "must be a code object");
  }
  SECTION("closure that does not match the free variables") {
    Ref<Code> c = clone(closure_outer);
    uint32_t pc = find_op(*c, Op::MAKE_FUNCTION, 8);
    uint32_t build = find_op(*c, Op::BUILD_TUPLE);
    REQUIRE(build < pc);
    // A tuple of one non-cell instead of the cell.
    uint32_t closure = find_op(*c, Op::LOAD_CLOSURE);
    c->code[closure] = encode(Op::LOAD_FAST, 0);
    check_refused(vm, *c, pc, "the closure (stack slot");
    // No closure at all for a code with free variables.
    c = clone(closure_outer);
    c->code[closure] = encode(Op::NOP, 0);
    c->code[build] = encode(Op::NOP, 0);
    c->code[pc] = encode(Op::MAKE_FUNCTION, 0);
    check_refused(vm, *c, pc, "has 1 free variables but no closure is given");
    // A closure one cell short.
    Ref<Code> inner2 = clone(inner);
    inner2->freevars.push_back(inner2->freevars[0]);
    c = clone(closure_outer);
    for (Value& k : c->consts)
      if (k.is_kind(spindle::ObjKind::Code) && k.as<Code>() == &inner) k = Value(inner2);
    check_refused(vm, *c, pc, "exactly 2 cells");
  }
  SECTION("CALL_KW with bad keyword names") {
    Ref<Code> c = clone(everything);
    uint32_t pc = find_op(*c, Op::CALL_KW);
    uint32_t k = spindle::decode_arg(c->code[pc]) >> 8;
    Value saved = c->consts[k];
    c->consts[k] = Value(vm.str("c"));
    check_refused(vm, *c, pc, "must be a tuple of str");
    c->consts[k] = Value(spindle::make_tuple({Value::integer(1)}));
    check_refused(vm, *c, pc, "item 0 must be a str");
    c->consts[k] = saved;
    c->code[pc] = encode(Op::CALL_KW, static_cast<uint32_t>(c->consts.size()) << 8 | 1);
    check_refused(vm, *c, pc, "kwnames constant");
    c->code[pc] = spindle::encode(Op::CALL_KW, spindle::pack_call_kw(0, k));
    check_refused(vm, *c, pc, "keyword names for 0 arguments");
  }
  SECTION("a value of the wrong kind for the instruction") {
    // [a * a for a in seq if a]: the list LIST_APPEND appends to.
    Ref<Code> src = compile(vm, "def f(s):\n    return [a for a in s]\n");
    Ref<Code> c = clone(*find_code(src, "f.<locals>.<listcomp>"));
    uint32_t pc = find_op(*c, Op::BUILD_LIST, 0);
    c->consts.push_back(Value::none());
    c->code[pc] = encode(Op::LOAD_CONST, static_cast<uint32_t>(c->consts.size() - 1));
    uint32_t append = find_op(*c, Op::LIST_APPEND);
    check_refused(vm, *c, append, "the list (stack slot 0) must be a list, but may be None");
    // RERAISE of something that is not the exception: without the SWAP of
    // a cleanup handler (SWAP 2; POP_EXCEPT; RERAISE) the saved exception
    // state is reraised.
    c = clone(gen);
    pc = find_op(*c, Op::SWAP, 2);
    while (!(spindle::decode_op(c->code[pc + 1]) == Op::POP_EXCEPT &&
             spindle::decode_op(c->code[pc + 2]) == Op::RERAISE))
      pc = find_op(*c, Op::SWAP, 2, pc + 1);
    c->code[pc] = encode(Op::NOP, 0);
    check_refused(vm, *c, pc + 2, "the exception (stack slot");
    CHECK(contains(verify_error(vm, *c), "must be an exception, but may be"));
    // BUILD_STRING of a non-str.
    Ref<Code> fs = compile(vm, "def f(a):\n    return f'{a} {a}'\n");
    c = clone(*find_code(fs, "f"));
    pc = find_op(*c, Op::FORMAT_VALUE);
    c->code[pc] = encode(Op::NOP, 0);
    check_refused(vm, *c, find_op(*c, Op::BUILD_STRING), "a piece of the string (stack slot 0) must be a str");
  }
  SECTION("opcodes in the wrong kind of code") {
    Ref<Code> c = clone(addc);
    c->code[2] = encode(Op::YIELD_VALUE, 0);
    check_refused(vm, *c, 2, "YIELD_VALUE outside a generator");
    c = clone(addc);
    c->code[0] = encode(Op::LOAD_LOCALS, 0);
    check_refused(vm, *c, 0, "LOAD_LOCALS outside a class body");
    // CALL_CLASS_BODY of an ordinary function.
    Ref<Code> src = compile(vm, "class C:\n    pass\n");
    Ref<Code> m = clone(*src);
    uint32_t pc = find_op(*m, Op::CALL_CLASS_BODY);
    uint32_t load = pc - 2;
    REQUIRE(spindle::decode_op(m->code[load]) == Op::LOAD_CONST);
    Ref<Code> body = clone(*m->consts[spindle::decode_arg(m->code[load])].as<Code>());
    body->flags &= ~spindle::kClassBody;
    m->consts[spindle::decode_arg(m->code[load])] = Value(body);
    std::string err = verify_error(vm, *m);
    INFO(err);
    CHECK(contains(err, "at pc " + std::to_string(pc) + " (CALL_CLASS_BODY"));
    CHECK(contains(err, "must be a class-body function"));
  }
  SECTION("operands the loop does not handle") {
    Ref<Code> c = clone(addc);
    c->code[2] = encode(Op::BUILD_SLICE, 1);
    check_refused(vm, *c, 2, "BUILD_SLICE takes 2 or 3 values");
    c->code[2] = encode(Op::RAISE_VARARGS, 3);
    check_refused(vm, *c, 2, "RAISE_VARARGS takes 0, 1 or 2 values");
    c->code[2] = encode(Op::BINARY_OP, 13);
    check_refused(vm, *c, 2, "unknown binary operator");
    c->code[2] = encode(Op::COPY, 0);
    check_refused(vm, *c, 2, "at least 1");
    c->code[2] = encode(Op::SWAP, 3);
    check_refused(vm, *c, 2, "stack underflow: needs 3 values");
    c->code[2] = encode(Op::POP_TOP, 1);
    check_refused(vm, *c, 2, "the operand must be 0");
    c->code[2] = encode(Op::BUILD_CLASS, 1);
    check_refused(vm, *c, 2, "BUILD_CLASS's operand must be 0");
  }
  SECTION("header inconsistencies") {
    Ref<Code> c = clone(addc);
    c->argcount = 3;
    check_refused(vm, *c, -1, "3 parameters but only 2 local variable names");
    c = clone(addc);
    c->posonlyargcount = 3;
    check_refused(vm, *c, -1, "positional-only");
    c = clone(addc);
    c->flags |= 0x100;
    check_refused(vm, *c, -1, "unknown flags");
    c = clone(addc);
    c->flags |= spindle::kVarArgs;
    check_refused(vm, *c, -1, "3 parameters");
    Ref<Code> pc_src = compile(vm, "def f(a, b):\n    def g():\n        return b\n    return g\n");
    c = clone(*find_code(pc_src, "f"));
    REQUIRE(c->cell_param.size() == 1);
    CHECK(c->cell_param[0] == 1);
    CHECK(verify_error(vm, *c) == "accepted");
    c->cell_param[0] = 2;
    check_refused(vm, *c, -1, "cell_param[0] = 2 is not a parameter index (2 parameters)");
    c->cell_param.clear();
    check_refused(vm, *c, -1, "0 cell_param entries for 1 cell variables");
    c = clone(addc);
    c->lines = {{0, 1}, {0, 2}};
    check_refused(vm, *c, -1, "line entry 1 (pc 0) is not after");
    c->lines = {{9, 1}};
    check_refused(vm, *c, -1, "line entry 0 starts at pc 9, past the end");
    c = clone(addc);
    c->max_stack = -1;
    check_refused(vm, *c, -1, "max_stack -1");
    c = clone(addc);
    c->consts.push_back(Value());
    check_refused(vm, *c, -1, "is NULL");
  }
  SECTION("nested code constants are verified, with their path") {
    Ref<Code> c = clone(*root);
    Ref<Code> bad = clone(inner);
    bad->code[0] = 0xff;
    for (Value& k : c->consts)
      if (k.is_kind(spindle::ObjKind::Code) && k.as<Code>()->qualname == "closure_outer") {
        Ref<Code> outer = clone(*k.as<Code>());
        for (Value& k2 : outer->consts)
          if (k2.is_kind(spindle::ObjKind::Code)) k2 = Value(bad);
        k = Value(outer);
      }
    std::string err = verify_error(vm, *c);
    INFO(err);
    CHECK(contains(err, "of code '<module>'"));
    CHECK(contains(err, "of code 'closure_outer'"));
    CHECK(contains(err, "code 'closure_outer.<locals>.inner' at pc 0"));
    CHECK(contains(err, "unknown opcode 255"));
  }
  SECTION("a code containing itself, and nesting too deep") {
    Ref<Code> c = clone(addc);
    c->consts.push_back(Value(c));
    check_refused(vm, *c, -1, "contains itself");
    c->consts.pop_back();  // break the cycle
    Ref<Code> chain = clone(addc);
    for (int i = 0; i < 70; ++i) {
      Ref<Code> outer = clone(addc);
      outer->qualname = "level" + std::to_string(i);
      outer->consts.push_back(Value(chain));
      chain = outer;
    }
    std::string err = verify_error(vm, *chain);
    CHECK(contains(err, "nested deeper than 64"));
    spindle::pickling::VerifyLimits lim;
    lim.nesting = 100;
    Verifier deep(lim);
    CHECK(deep.verify_code(*chain, &err));
  }
}

TEST_CASE("verify: a Verifier checks a shared code object once") {
  spindle::Vm vm;
  Ref<Code> root = compile(vm, kEverything);
  Verifier v;
  std::string err;
  for (int i = 0; i < 3; ++i) CHECK(v.verify_code(*root, &err));
  for (Code* c : all_codes(root)) CHECK(v.verify_code(*c, &err));
  // A diamond of 40 levels: each level refers to the next one twice, so a
  // verifier without memory would do 2^40 checks.
  Ref<Code> add = compile(vm, "def add(a, b):\n    return a + b\n");
  Ref<Code> node = clone(*find_code(add, "add"));
  std::vector<Ref<Code>> keep{node};
  for (int i = 0; i < 40; ++i) {
    Ref<Code> up = clone(*node);
    up->consts.push_back(Value(node));
    up->consts.push_back(Value(node));
    node = up;
    keep.push_back(node);
  }
  CHECK(verify_code(vm, *node, &err));
}

// ---- suspended frames -------------------------------------------------------------------------

TEST_CASE("verify_suspension: generators suspended at a yield") {
  spindle::Vm vm;
  run_ok(vm,
         "def gen(n):\n"
         "    acc = []\n"
         "    for i in range(n):\n"
         "        try:\n"
         "            acc.append((yield i, [j for j in range(i)]))\n"
         "        finally:\n"
         "            pass\n"
         "def outer():\n"
         "    r = yield from gen(3)\n"
         "    yield [1, (yield 'x')]\n"
         "g = gen(3)\n"
         "fresh = gen(1)\n"
         "first = next(g)\n"
         "second = g.send(None)\n"
         "o = outer()\n"
         "next(o)\n");
  Value g = spindle::global(vm, "g");
  REQUIRE(g.is_kind(spindle::ObjKind::Generator));
  spindle::Frame* f = g.as<spindle::Generator>()->frame.get();
  const Code& code = *f->code;
  std::string err;
  REQUIRE(verify_code(vm, code, &err));
  INFO("pc " << f->pc << " sp " << f->sp);
  CHECK(spindle::decode_op(code.code[f->pc - 1]) == Op::YIELD_VALUE);
  CHECK(verify_suspension(code, f->pc, f->sp, &err));
  uint32_t expected = 999;
  CHECK(verify_suspension(code, f->pc, f->sp, Suspension::Yield, &expected, &err));
  CHECK(expected == f->sp);
  Verifier v;
  CHECK(v.verify_stack(code, f->pc, Suspension::Yield, f->stack_base(), f->sp, &err));
  INFO(err);
  // A wrong depth, or a pc that is not after a yield, is refused.
  CHECK_FALSE(verify_suspension(code, f->pc, f->sp + 1, &err));
  CHECK(contains(err, "has " + std::to_string(f->sp + 1) + " values on its stack where the code has " + std::to_string(f->sp)));
  CHECK_FALSE(verify_suspension(code, f->pc, f->sp - 1, &err));
  CHECK_FALSE(verify_suspension(code, f->pc + 1, f->sp, &err));
  CHECK(contains(err, "pc " + std::to_string(f->pc + 1)));
  CHECK_FALSE(verify_suspension(code, f->pc, f->sp, Suspension::Call, nullptr, &err));
  CHECK(contains(err, "follows YIELD_VALUE"));
  CHECK_FALSE(verify_suspension(code, static_cast<uint32_t>(code.code.size() + 5), 0, &err));
  CHECK(contains(err, "past the end"));
  // Every pc: only the real suspension points of the right depth pass.
  int accepted = 0;
  for (uint32_t pc = 0; pc <= code.code.size(); ++pc) {
    uint32_t exp = 0;
    if (verify_suspension(code, pc, 0, Suspension::Yield, &exp, &err) || exp > 0) {
      ++accepted;
      CHECK((pc == 0 || spindle::decode_op(code.code[pc - 1]) == Op::YIELD_VALUE));
    }
  }
  CHECK(accepted == 2);  // pc 0 and after the one yield
  // The stack values: the list the comprehension... no: here the tuple being
  // built holds i below the yield; an exception there would break nothing,
  // but a NULL would.
  REQUIRE(f->sp > 0);
  std::vector<Value> stack{Value()};
  stack.insert(stack.end(), f->stack_base() + 1, f->stack_base() + f->sp);
  CHECK_FALSE(v.verify_stack(code, f->pc, Suspension::Yield, stack.data(), f->sp, &err));
  CHECK(contains(err, "stack slot 0"));

  // A generator that has not started: pc 0, empty stack.
  spindle::Frame* ff = spindle::global(vm, "fresh").as<spindle::Generator>()->frame.get();
  CHECK(ff->pc == 0);
  CHECK(verify_suspension(*ff->code, ff->pc, ff->sp, &err));
  CHECK(verify_suspension(*ff->code, 0, 0, Suspension::Yield, nullptr, &err));
  CHECK_FALSE(verify_suspension(*ff->code, 0, 1, &err));
  CHECK_FALSE(verify_suspension(*ff->code, 0, 0, Suspension::Call, nullptr, &err));
  // Any other frame at pc 0 would get a value pushed that its code does not
  // expect: only a boundary (preempted before the first instruction) fits.
  Ref<Code> add = compile(vm, "def add(a, b):\n    return a + b\n");
  Code& addc = *find_code(add, "add");
  CHECK_FALSE(verify_suspension(addc, 0, 0, &err));
  CHECK(contains(err, "only a generator's frame"));
  CHECK(verify_suspension(addc, 0, 0, Suspension::Boundary, nullptr, &err));

  // yield from: the delegating generator waits in SEND's YIELD_VALUE; the
  // inner generator at its own yield.
  Value o = spindle::global(vm, "o");
  spindle::Frame* of = o.as<spindle::Generator>()->frame.get();
  INFO("outer pc " << of->pc << " sp " << of->sp);
  CHECK(verify_suspension(*of->code, of->pc, of->sp, &err));
  CHECK(of->sp == 1);  // the sub-generator below the yielded value's slot
  CHECK(v.verify_stack(*of->code, of->pc, Suspension::Yield, of->stack_base(), of->sp, &err));
}

TEST_CASE("verify_suspension: frames of blocked and preempted tasklets") {
  spindle::Vm vm;
  run_ok(vm,
         "import stackless\n"
         "ch = stackless.channel()\n"
         "class Ctx:\n"
         "    def __enter__(self):\n"
         "        return self\n"
         "    def __exit__(self, *a):\n"
         "        return False\n"
         "def leaf(k):\n"
         "    return ch.receive() + k\n"
         "def mid(n):\n"
         "    with Ctx():\n"
         "        try:\n"
         "            return [leaf(i) * 2 for i in range(n)]\n"
         "        finally:\n"
         "            pass\n"
         "def items():\n"
         "    while True:\n"
         "        yield ch.receive()\n"
         "def by_gen():\n"
         "    total = 0\n"
         "    for v in items():\n"
         "        total += v\n"
         "def by_channel():\n"
         "    for v in ch:\n"
         "        pass\n"
         "def spin():\n"
         "    n = 0\n"
         "    while True:\n"
         "        n = (n + 1) % 7\n");
  auto t1 = spindle::spawn(vm, spindle::global(vm, "mid"), {Value::integer(3)});
  auto t2 = spindle::spawn(vm, spindle::global(vm, "by_gen"));
  auto t3 = spindle::spawn(vm, spindle::global(vm, "by_channel"));
  REQUIRE(t1.ok());
  REQUIRE(t2.ok());
  REQUIRE(t3.ok());
  REQUIRE(spindle::run_tasklets(vm).ok());  // all three block in receive
  Verifier v;
  std::string err;

  auto check_chain = [&](const Value& t, std::vector<Suspension> kinds) {
    std::vector<spindle::Frame*> frames = vm_frames(t);
    REQUIRE(frames.size() == kinds.size());
    for (size_t i = 0; i < frames.size(); ++i) {
      spindle::Frame* f = frames[i];
      INFO("frame " << i << " " << f->code->qualname << " pc " << f->pc << " sp " << f->sp);
      REQUIRE(verify_code(vm, *f->code, &err));
      uint32_t expected = 999;
      CHECK(v.verify_suspension(*f->code, f->pc, f->sp, kinds[i], &expected, &err));
      CHECK(expected == f->sp);
      CHECK(verify_suspension(*f->code, f->pc, f->sp, &err));
      CHECK(v.verify_stack(*f->code, f->pc, kinds[i], f->stack_base(), f->sp, &err));
      CHECK_FALSE(v.verify_suspension(*f->code, f->pc, f->sp + 1, kinds[i], &expected, &err));
      CHECK(expected == f->sp);
      CHECK_FALSE(v.verify_suspension(*f->code, f->pc - 1, f->sp, kinds[i], nullptr, &err));
    }
    return frames;
  };
  // mid -> <listcomp> -> leaf, each waiting in a call.
  auto frames = check_chain(t1.value, {Suspension::Call, Suspension::Call, Suspension::Call});
  {
    // The comprehension's stack holds the list and the iterator: a pickle
    // that put something else where LIST_APPEND expects the list is refused.
    spindle::Frame* comp = frames[1];
    REQUIRE(comp->sp >= 2);
    CHECK(comp->stack_base()[0].is_kind(spindle::ObjKind::List));
    std::vector<Value> stack{Value::integer(7)};
    stack.insert(stack.end(), comp->stack_base() + 1, comp->stack_base() + comp->sp);
    CHECK_FALSE(v.verify_stack(*comp->code, comp->pc, Suspension::Call, stack.data(), comp->sp, &err));
    CHECK(contains(err, "stack slot 0"));
    CHECK(contains(err, "must be a list"));
    // mid is inside `with`: its stack holds __exit__ below the call.
    spindle::Frame* mid = frames[2];
    CHECK(mid->sp >= 1);
  }
  // items (a generator) waits in a call; by_gen in FOR_ITER resuming it.
  check_chain(t2.value, {Suspension::Call, Suspension::Generator});
  // by_channel waits in FOR_ITER, receiving from the channel.
  check_chain(t3.value, {Suspension::IterNext});
  {
    spindle::Frame* f = vm_frames(t3.value)[0];
    CHECK_FALSE(v.verify_suspension(*f->code, f->pc, f->sp, Suspension::Call, nullptr, &err));
    CHECK(contains(err, "follows FOR_ITER"));
    CHECK(v.verify_suspension(*f->code, f->pc, f->sp, Suspension::Generator, nullptr, &err));
  }

  // Preempted by the watchdog: interrupted between two instructions.
  auto t4 = spindle::spawn(vm, spindle::global(vm, "spin"));
  REQUIRE(t4.ok());
  auto r = spindle::run_tasklets(vm, 1000);
  REQUIRE(r.ok());
  REQUIRE(r.value.is_kind(spindle::ObjKind::Tasklet));
  REQUIRE(r.value.as<spindle::Tasklet>()->resume == spindle::Tasklet::Resume::Boundary);
  spindle::Frame* f = vm_frames(r.value)[0];
  INFO("spin pc " << f->pc << " sp " << f->sp);
  uint32_t expected = 999;
  CHECK(v.verify_suspension(*f->code, f->pc, f->sp, Suspension::Boundary, &expected, &err));
  CHECK(expected == f->sp);
  CHECK(v.verify_stack(*f->code, f->pc, Suspension::Boundary, f->stack_base(), f->sp, &err));
  CHECK_FALSE(v.verify_suspension(*f->code, f->pc, f->sp + 1, Suspension::Boundary, nullptr, &err));
  CHECK_FALSE(
      v.verify_suspension(*f->code, static_cast<uint32_t>(f->code->code.size()), 0, Suspension::Boundary, nullptr, &err));
  CHECK(contains(err, "past the end"));
  // Every reachable instruction is a boundary, with its own depth.
  int boundaries = 0;
  for (uint32_t pc = 0; pc < f->code->code.size(); ++pc) {
    uint32_t exp = 0;
    std::string e;
    if (v.verify_suspension(*f->code, pc, 0, Suspension::Boundary, &exp, &e) || exp > 0) ++boundaries;
  }
  CHECK(boundaries >= 5);
}
