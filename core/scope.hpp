// Scope analysis: decides for every name in every scope whether it is a fast
// local, a cell, a free variable, a global or a namespace name — the same
// decisions CPython's symtable.c makes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/ast.hpp"
#include "core/parser.hpp"

namespace spindle {

enum class SymKind : uint8_t {
  Local,           // fast local of a function
  Cell,            // local of a function captured by an inner function
  Free,            // captured from an enclosing function
  GlobalExplicit,  // declared `global`
  GlobalImplicit,  // not bound anywhere visible: module globals, then builtins
  Name,            // module or class namespace
};

struct Scope {
  enum class Kind : uint8_t { Module, Function, Class, Comprehension };
  Kind kind;
  std::string name;
  Scope* parent = nullptr;
  std::vector<std::unique_ptr<Scope>> children;

  // Raw facts gathered from the tree.
  enum : uint32_t { kBound = 1, kParam = 2, kGlobal = 4, kNonlocal = 8, kUsed = 16 };
  std::unordered_map<std::string, uint32_t> flags;
  std::vector<std::string> order;  // names in order of first appearance
  std::vector<std::string> params;

  // Results.
  std::unordered_map<std::string, SymKind> symbols;
  std::vector<std::string> varnames, cellvars, freevars;
  bool is_generator = false;
  bool needs_class_cell = false;  // a class whose methods use super()/__class__

  bool is_function_like() const { return kind == Kind::Function || kind == Kind::Comprehension; }
  SymKind lookup(const std::string& name) const;
  void note(const std::string& name, uint32_t flag);
};

struct ScopeTable {
  std::unique_ptr<Scope> module;
  std::unordered_map<const void*, Scope*> by_node;  // FunctionDef, ClassDef, Lambda, Comp
  std::optional<SyntaxErrorInfo> error;
};

ScopeTable analyze_scopes(const ast::Module& module, std::string_view filename);

}  // namespace spindle
