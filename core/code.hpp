// Opcodes and code objects.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/objects.hpp"

namespace spindle {

enum class Op : uint8_t {
#define SPINDLE_OP(name, pops, pushes, flags) name,
#include "core/opcodes.def"
#undef SPINDLE_OP
  kCount
};

// Per-opcode facts, read by the compiler (stack depth), the disassembler and
// the bytecode verifier. kVar means "depends on the operand", computed by
// stack_effect().
inline constexpr int kVar = -1;
enum OpFlags : uint32_t {
  kHasJump = 1,       // operand is an absolute jump target
  kMayRaise = 2,
  kHasConst = 4,      // operand indexes consts
  kHasName = 8,       // operand indexes names
  kHasLocal = 16,     // operand indexes locals
  kHasCell = 32,      // operand indexes cells
  kMaySwitch = 64,    // may push a frame or (later) switch tasklets
};

struct OpInfo {
  const char* name;
  int pops, pushes;
  uint32_t flags;
};
extern const OpInfo kOpInfo[];

// Net stack effect of one instruction; `jumping` selects the branch effect
// for conditional jumps.
int stack_effect(Op op, uint32_t arg, bool jumping);

// Instructions are 32-bit words: opcode in the low byte, operand above it.
inline uint32_t encode(Op op, uint32_t arg) { return static_cast<uint32_t>(op) | (arg << 8); }
inline Op decode_op(uint32_t word) { return static_cast<Op>(word & 0xff); }
inline uint32_t decode_arg(uint32_t word) { return word >> 8; }
inline constexpr uint32_t kMaxOperand = (1u << 24) - 1;

// CALL_KW packs the argument count and the kwnames constant.
inline uint32_t pack_call_kw(uint32_t argc, uint32_t kwnames_const) { return argc | (kwnames_const << 8); }

enum CodeFlags : uint32_t {
  kVarArgs = 1,
  kVarKeywords = 2,
  kGenerator = 4,
  kClassBody = 8,   // runs with a namespace dict (LOAD_NAME/STORE_NAME)
  kModuleBody = 16,
};

// A handler region: an exception raised by an instruction in [start, end)
// truncates the value stack to `depth`, pushes the exception and jumps to
// `target`. Regions do not overlap (the compiler labels each instruction with
// its innermost handler), so the block stack is a function of pc alone —
// which is what makes a suspended frame easy to verify and to pickle.
struct HandlerEntry {
  uint32_t start, end, target, depth;
};

struct LineEntry {
  uint32_t pc;  // first instruction of a run
  int line;
};

class Code final : public Object {
 public:
  Code() : Object(ObjKind::Code) {}
  std::vector<uint32_t> code;
  std::vector<Value> consts;
  std::vector<Ref<Str>> names;     // globals, attributes, imports
  std::vector<Ref<Str>> varnames;  // fast locals; parameters first
  std::vector<Ref<Str>> cellvars;  // locals captured by inner functions
  std::vector<Ref<Str>> freevars;  // captured from enclosing functions
  // For each cellvar that is also a parameter, the parameter's index, else -1.
  std::vector<int> cell_param;
  int argcount = 0;          // positional parameters, including posonly
  int posonlyargcount = 0;
  int kwonlyargcount = 0;
  uint32_t flags = 0;
  // Runtime plumbing (the host-call trampoline): left out of tracebacks.
  bool hidden = false;
  int max_stack = 0;
  std::string name, qualname, filename;
  // Identifies the source the code was compiled from ("fnv1a64:<hex>"):
  // pickles compare it to detect a changed script.
  std::string source_hash;
  int firstlineno = 1;
  std::vector<LineEntry> lines;
  std::vector<HandlerEntry> handlers;  // sorted by start

  // Frame layout, computed once (compute_layout) because every call needs it.
  uint32_t frame_slots = 0;         // locals + cells + stack
  uint32_t frame_cells_offset = 0;  // == nlocals()
  uint32_t frame_stack_offset = 0;  // == nlocals() + ncells()
  // LOAD_GLOBAL's inline cache, one entry per name: where the name was found
  // in which dict, valid while the dicts' versions (bumped whenever an entry
  // is added or removed, so positions are stable between bumps) are unchanged.
  struct GlobalCache {
    const void* globals = nullptr;
    uint64_t globals_version = 0;
    uint64_t builtins_version = 0;
    int64_t pos = -1;
    bool in_builtins = false;
  };
  std::vector<GlobalCache> global_cache;

  void compute_layout() {
    global_cache.assign(names.size(), GlobalCache{});
    frame_cells_offset = static_cast<uint32_t>(nlocals());
    frame_stack_offset = static_cast<uint32_t>(nlocals() + ncells());
    frame_slots = frame_stack_offset + static_cast<uint32_t>(max_stack);
    if (frame_slots == 0) frame_slots = 1;
  }

  int nlocals() const { return static_cast<int>(varnames.size()); }
  int ncells() const { return static_cast<int>(cellvars.size() + freevars.size()); }
  // Parameters including *args and **kwargs.
  int total_params() const {
    return argcount + kwonlyargcount + ((flags & kVarArgs) ? 1 : 0) + ((flags & kVarKeywords) ? 1 : 0);
  }
  int line_at(uint32_t pc) const;
  const HandlerEntry* handler_at(uint32_t pc) const;
};

}  // namespace spindle
