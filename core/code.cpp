#include "core/code.hpp"

#include <algorithm>

namespace spindle {

const OpInfo kOpInfo[] = {
#define SPINDLE_OP(name, pops, pushes, flags) {#name, pops, pushes, flags},
#include "core/opcodes.def"
#undef SPINDLE_OP
};

int stack_effect(Op op, uint32_t arg, bool jumping) {
  switch (op) {
    case Op::CALL:
      return -static_cast<int>(arg) - 1;
    case Op::CALL_KW:
      return -static_cast<int>(arg & 0xff) - 1;
    case Op::CALL_EX:
      return -2 - static_cast<int>(arg & 1);
    case Op::BUILD_TUPLE:
    case Op::BUILD_LIST:
    case Op::BUILD_SET:
    case Op::BUILD_STRING:
    case Op::BUILD_SLICE:
      return 1 - static_cast<int>(arg);
    case Op::BUILD_MAP:
      return 1 - 2 * static_cast<int>(arg);
    case Op::FORMAT_VALUE:
      return (arg & 4) ? -1 : 0;
    case Op::JUMP_IF_FALSE_OR_POP:
    case Op::JUMP_IF_TRUE_OR_POP:
      return jumping ? 0 : -1;
    case Op::FOR_ITER:
      return jumping ? -1 : 1;
    case Op::UNPACK_SEQUENCE:
      return static_cast<int>(arg) - 1;
    case Op::UNPACK_EX:
      return static_cast<int>((arg & 0xff) + (arg >> 8));
    case Op::MAKE_FUNCTION:
      return -(((arg & 1) ? 1 : 0) + ((arg & 2) ? 1 : 0) + ((arg & 8) ? 1 : 0));
    case Op::SEND:
      return jumping ? -1 : 0;
    case Op::RAISE_VARARGS:
      return -static_cast<int>(arg);
    case Op::BUILD_CLASS:
      return -2 - static_cast<int>(arg & 1);
    default: {
      const OpInfo& info = kOpInfo[static_cast<int>(op)];
      return info.pushes - info.pops;
    }
  }
}

int Code::line_at(uint32_t pc) const {
  // lines is sorted by pc; find the last run starting at or before pc.
  auto it = std::upper_bound(lines.begin(), lines.end(), pc, [](uint32_t p, const LineEntry& e) { return p < e.pc; });
  if (it == lines.begin()) return firstlineno;
  return std::prev(it)->line;
}

const HandlerEntry* Code::handler_at(uint32_t pc) const {
  auto it = std::upper_bound(handlers.begin(), handlers.end(), pc,
                             [](uint32_t p, const HandlerEntry& e) { return p < e.start; });
  if (it == handlers.begin()) return nullptr;
  --it;
  return pc < it->end ? &*it : nullptr;
}

}  // namespace spindle
