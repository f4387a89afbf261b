// Pickling from C++: a value graph (tasklets, channels, generators, plain
// data) to a JSON document and back (docs/pickle-format.md).
//
//   nlohmann::json doc;
//   spindle::RunResult r = spindle::pickle(vm, spindle::make_list(vm, {tasklet, channel}), &doc);
//   if (!r.ok()) ...                       // pickle.PicklingError: what and where
//   store(doc.dump());                     // days later, in another process:
//   spindle::RunResult back = spindle::unpickle(vm2, nlohmann::json::parse(text));
//
// A tasklet blocked inside native code (nesting_level > 0) is refused when
// it is pickled; nothing is written and it keeps running in memory.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "pickling/pickle.hpp"
#include "spindle/vm.hpp"

namespace spindle {

using pickling::UnpickleLimits;
using pickling::UnpickleOptions;

// pickle.dumps(value) as JSON. On failure `document` is untouched and the
// result carries the pickle.PicklingError.
RunResult pickle(Vm& vm, const Value& value, nlohmann::json* document);

// pickle.loads(document): value is the rebuilt object. Malformed or hostile
// documents give pickle.UnpicklingError, whose message starts with a JSON
// Pointer to the offending node; the VM is then unchanged. Tasklets come
// back paused, or blocked in their channel's queue when the channel is in
// the same document; insert() or a channel operation resumes them.
RunResult unpickle(Vm& vm, const nlohmann::json& document, const UnpickleOptions& options = {});
// The same from JSON text (size and nesting limits apply before parsing).
RunResult unpickle_text(Vm& vm, std::string_view text, const UnpickleOptions& options = {});

// Registers a host object or native function as a permanent: it pickles as
// its name, and a process loading the pickle must have registered the same
// name (the loader reports every missing name at once). Registering a name
// again replaces its object.
void register_permanent(Vm& vm, std::string_view name, Value object);
// The object registered under `name`, or Null.
Value permanent(Vm& vm, std::string_view name);

// A new list of the given values (to pickle several roots in one document,
// keeping shared references between them).
Value make_list(Vm& vm, std::vector<Value> items);

}  // namespace spindle
