// Pickling to JSON (docs/pickle-format.md): a value graph with shared
// references and cycles, code carried by value, modules and builtins by name.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>

#include "core/vm.hpp"

namespace spindle::pickling {

inline constexpr int kFormatVersion = 1;
// Bumped whenever an opcode, its operand or its stack effect changes.
inline constexpr int kBytecodeVersion = 1;

struct UnpickleLimits {
  size_t document_bytes = 64u << 20;
  int nesting = 64;
  size_t objects = 1'000'000;
  size_t string_length = 16u << 20;
  size_t container_length = 10'000'000;
  size_t codes = 100'000;
  size_t instructions = 1'000'000;
  size_t frames = 100'000;  // per chain
  // Value slots of all frames together (locals, cells and max_stack each):
  // a frame's size comes from its code, not from the size of its record.
  size_t frame_slots = size_t{1} << 22;
};

struct UnpickleOptions {
  UnpickleLimits limits;
  // A script module that is loaded with a different source hash than the
  // pickle's code is refused unless the host opts in: then the pickled
  // (old) code runs against the loaded module's globals.
  bool allow_changed_code = false;
};

// Serialises `root`. False with pickle.PicklingError pending (its message
// names the path to the value that cannot be pickled).
bool dump(Vm& vm, const Value& root, nlohmann::json* out);
// Rebuilds a value. Null with pickle.UnpicklingError pending (its message
// starts with a JSON Pointer to the offending node); the VM is unchanged.
Value load(Vm& vm, const nlohmann::json& doc, const UnpickleLimits& limits = {});
// The same from JSON text (size and nesting are checked before parsing).
Value load_text(Vm& vm, std::string_view text, const UnpickleLimits& limits = {});
Value load(Vm& vm, const nlohmann::json& doc, const UnpickleOptions& options);
Value load_text(Vm& vm, std::string_view text, const UnpickleOptions& options);

// pickle.PickleError, PicklingError or UnpicklingError (importing the
// module if no script has yet).
Class* error_class(Vm& vm, const char* name);

// Installs the `pickle` module factory.
void install_pickle_module(Vm& vm);

}  // namespace spindle::pickling
