// Human-readable listing of code objects (`spindle --dis FILE.py`).
#pragma once

#include <string>

#include "core/code.hpp"

namespace spindle {

// Lists `code` and, after it, every code object among its constants.
std::string disassemble(const Code& code);

}  // namespace spindle
