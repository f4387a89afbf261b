// AST -> code objects.
#pragma once

#include <optional>
#include <string_view>

#include "core/ast.hpp"
#include "core/code.hpp"
#include "core/parser.hpp"

namespace spindle {

class Vm;

struct CompileResult {
  Ref<Code> code;  // null when error is set
  std::optional<SyntaxErrorInfo> error;
};

// Compiles a module body. `source` is only used to quote lines in errors.
CompileResult compile_module(Vm& vm, const ast::Module& module, std::string_view filename, std::string_view source);

// Parses and compiles in one step.
CompileResult compile_source(Vm& vm, std::string_view source, std::string_view filename);

}  // namespace spindle
