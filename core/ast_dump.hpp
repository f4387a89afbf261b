// Text dump of the AST in the style of CPython's `ast.dump()`, for tests and
// debugging. Fields Spindle's AST does not keep (ctx, annotations, `simple`,
// `is_async`, type comments) are left out; everything else is printed with
// CPython's field names and order, so the output of
//   ast.dump(ast.parse(src))
// minus those fields is what to expect. Optional fields that are absent are
// omitted, lists are always printed, constants use Python's repr().
#pragma once

#include <string>

#include "core/ast.hpp"

namespace spindle::ast {

// With `positions`, nodes also print lineno/col_offset (and, for expressions
// with a known end, end_lineno/end_col_offset) like include_attributes=True.
std::string dump(const Module& module, bool positions = false);
std::string dump(const Stmt& stmt, bool positions = false);
std::string dump(const Expr& expr, bool positions = false);

// Python's repr() of a float and of a str (UTF-8 in, UTF-8 out).
std::string python_float_repr(double value);
std::string python_str_repr(const std::string& value);

}  // namespace spindle::ast
