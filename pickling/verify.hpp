// The bytecode verifier: code objects from untrusted pickles are checked
// before any frame runs them, so that no bytecode can make the loop
// (soft/loop.cpp) read or write outside a frame, a constant table or a
// name table, or treat a value as an object of the wrong kind.
//
// What is checked (see verify.cpp for the rules, taken from the loop):
//
//  - the header: argcount/posonlyargcount/kwonlyargcount/flags against
//    varnames, cell_param, max_stack, the line table (sorted, in range) and
//    the handler table (in range, sorted, non-overlapping, depth + 1 <=
//    max_stack), no Null names or constants;
//  - every instruction: the opcode exists; its operand is in range for what
//    the loop indexes with it (consts, names, varnames, cells, jump targets,
//    each part of a packed operand) and is one of the values the loop
//    handles (e.g. BUILD_SLICE 2 or 3, RAISE_VARARGS 0..2); operand-less
//    opcodes carry 0;
//  - an abstract interpretation over every path, exception edges included
//    (a handler target is entered with the region's depth plus the
//    exception): the stack depth never goes below 0 or above max_stack, it
//    agrees at every join (stack_effect is the reference), and each value
//    has the kind the instruction that consumes it relies on (the list a
//    comprehension appends to is a list, RERAISE's operand an exception,
//    MAKE_FUNCTION's operand the Code constant it was loaded as, its closure
//    a tuple of exactly as many cells as that code has free variables, ...);
//  - consts that opcodes need in a specific type (CALL_KW's kwnames: a tuple
//    of str no longer than the argument count; MAKE_FUNCTION's code);
//  - no reachable instruction runs off the end of the code;
//  - nested Code constants, recursively (depth limit, no cycles).
//
// Not checked, and why: see the comment at the top of verify.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/code.hpp"
#include "core/vm.hpp"

namespace spindle::pickling {

struct VerifyLimits {
  // Code constants nested inside code constants.
  int nesting = 64;
  // Abstract-interpretation steps (instructions and stack slots visited) per
  // code object: the analysis is linear for compiled code, but bytecode
  // built to maximise re-analysis of deep stacks is refused instead of
  // taking minutes.
  uint64_t work = uint64_t{1} << 26;
  // Stack slots kept for the states at jump and handler targets.
  uint64_t stored_slots = uint64_t{1} << 22;
};

// How a suspended frame will be continued by the loop; it decides which
// instruction must precede pc and what the stack must hold.
enum class Suspension : uint8_t {
  // Waiting for the result of a call the frame made (the callee is the next
  // frame up the chain, a continuation, or a native that switched
  // tasklets): pc - 1 is CALL, CALL_KW, CALL_EX, BEFORE_WITH (__enter__),
  // WITH_EXCEPT_START (__exit__), IMPORT_NAME (a module body) or
  // CALL_CLASS_BODY; the result is pushed (OnReturn::Push, Init, Module).
  Call,
  // FOR_ITER calling a user __next__ or a channel's (OnReturn::IterNext):
  // the item is pushed, StopIteration jumps to FOR_ITER's target.
  IterNext,
  // FOR_ITER or SEND resuming a generator (Generator::resumed_by_opcode):
  // the loop completes that instruction when the generator yields or ends.
  Generator,
  // The generator's own frame, suspended by YIELD_VALUE (resuming pushes
  // the sent value), or not started yet (pc 0, empty stack: the loader must
  // make sure such a generator is not marked started, since resuming a
  // started one pushes the sent value).
  Yield,
  // Interrupted by the watchdog before the instruction at pc ran
  // (Tasklet::Resume::Boundary): pc is any reachable instruction.
  Boundary,
  // Any of Call, IterNext, Generator, Yield (not Boundary): what the brief
  // form of verify_suspension accepts.
  Any,
};

// Checks `code` and its nested code constants. False with *error set to a
// message naming the code (qualname), the pc and the problem.
// `vm` is not read: the verifier has no run-time dependencies; it is taken
// so that later checks (e.g. against registered natives) need no new API.
bool verify_code(Vm& vm, const Code& code, std::string* error);

// Checks that a frame of `code` suspended at `pc` with value-stack depth
// `sp` is something the loop can resume: pc is just after an instruction
// that can suspend the frame (or pc 0 with an empty stack, a generator that
// has not started) and sp equals the depth the code has there: the depth
// after that instruction minus the value resuming pushes, which is where the
// loop leaves f->sp (e.g. do_call sets it to the call's base before
// start_call). The code itself is verified too (not its nested constants);
// if it is refused, so is the suspension, with the code's error.
bool verify_suspension(const Code& code, uint32_t pc, uint32_t sp, std::string* error);
// The same for a given kind of suspension; *expected_sp (if not null)
// receives the depth the loop expects (also when sp differs; unchanged when
// pc itself is refused).
bool verify_suspension(const Code& code, uint32_t pc, uint32_t sp, Suspension kind, uint32_t* expected_sp,
                       std::string* error);

// A verifier that remembers what it has done, for a loader checking many
// code objects and frames: a code object (with its nested constants) is
// verified once, and the flow analysis verify_suspension needs is computed
// once per code. It holds references to the codes it has seen, which must
// not be modified afterwards.
class Verifier {
 public:
  explicit Verifier(VerifyLimits limits = {});
  ~Verifier();
  Verifier(const Verifier&) = delete;
  Verifier& operator=(const Verifier&) = delete;

  bool verify_code(const Code& code, std::string* error);
  bool verify_suspension(const Code& code, uint32_t pc, uint32_t sp, Suspension kind, uint32_t* expected_sp,
                         std::string* error);
  // Checks the values of a suspended frame's stack (stack[0..sp), sp
  // already accepted by verify_suspension) against what the code will do
  // with them: a pickled frame resumed inside a list comprehension must
  // hold a list where LIST_APPEND will find one. Null is refused except
  // where the code itself leaves a Null (PUSH_NULL before a call).
  bool verify_stack(const Code& code, uint32_t pc, Suspension kind, const Value* stack, uint32_t sp,
                    std::string* error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spindle::pickling
