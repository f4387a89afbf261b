#include "core/disasm.hpp"

#include <fmt/format.h>

namespace spindle {

namespace {

std::string describe_const(const Value& v) {
  switch (v.tag()) {
    case Tag::None: return "None";
    case Tag::Bool: return v.as_bool() ? "True" : "False";
    case Tag::Int: return std::to_string(v.as_int());
    case Tag::Float: return fmt::format("{}", v.as_float());
    case Tag::Obj:
      if (v.is_kind(ObjKind::Str)) return "'" + v.as<Str>()->str() + "'";
      if (v.is_kind(ObjKind::Code)) return "<code " + v.as<Code>()->qualname + ">";
      if (v.is_kind(ObjKind::Tuple)) return fmt::format("<tuple of {}>", v.as<Tuple>()->items.size());
      return "<object>";
    default: return "<null>";
  }
}

void list_one(const Code& code, std::string& out) {
  out += fmt::format("code {} ({}:{}) locals={} cells={} stack={}\n", code.qualname, code.filename, code.firstlineno,
                     code.nlocals(), code.ncells(), code.max_stack);
  int last_line = -1;
  for (size_t pc = 0; pc < code.code.size(); ++pc) {
    uint32_t w = code.code[pc];
    Op op = decode_op(w);
    uint32_t arg = decode_arg(w);
    const OpInfo& info = kOpInfo[static_cast<int>(op)];
    int line = code.line_at(static_cast<uint32_t>(pc));
    std::string line_col = line != last_line ? fmt::format("{:>4}", line) : "    ";
    last_line = line;
    std::string detail;
    if ((info.flags & kHasConst) && arg < code.consts.size()) detail = describe_const(code.consts[arg]);
    if ((info.flags & kHasName) && arg < code.names.size()) detail = code.names[arg]->str();
    if ((info.flags & kHasLocal) && arg < code.varnames.size()) detail = code.varnames[arg]->str();
    if (info.flags & kHasJump) detail = fmt::format("to {}", arg);
    out += fmt::format("{} {:>5} {:<22}{:>6} {}\n", line_col, pc, info.name, arg, detail);
  }
  for (const HandlerEntry& h : code.handlers)
    out += fmt::format("  handler [{}, {}) -> {} depth {}\n", h.start, h.end, h.target, h.depth);
  out += "\n";
}

}  // namespace

std::string disassemble(const Code& code) {
  std::string out;
  list_one(code, out);
  for (const Value& c : code.consts)
    if (c.is_kind(ObjKind::Code)) out += disassemble(*c.as<Code>());
  return out;
}

}  // namespace spindle
