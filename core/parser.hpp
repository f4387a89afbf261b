// Source text -> ast::Module. The lexer (core/lexer.cpp) and the recursive
// descent parser (core/parser.cpp) report the first error they meet, with
// CPython's wording where the subset overlaps CPython.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/ast.hpp"

namespace spindle {

struct SyntaxErrorInfo {
  std::string type = "SyntaxError";  // or "IndentationError", "TabError"
  std::string message;               // e.g. "invalid syntax", "expected ':'"
  std::string filename;
  int line = 0;           // 1-based
  int col = 0;            // 1-based, as CPython's SyntaxError.offset
  std::string line_text;  // the offending source line, without newline
};

struct ParseResult {
  std::unique_ptr<ast::Module> module;  // null when error is set
  std::optional<SyntaxErrorInfo> error;
};

ParseResult parse_module(std::string_view source, std::string_view filename);

}  // namespace spindle
