#include "spindle/pickle.hpp"

#include "core/objects.hpp"

namespace spindle {

RunResult pickle(Vm& vm, const Value& value, nlohmann::json* document) {
  nlohmann::json doc;
  if (!pickling::dump(vm, value, &doc)) return to_result(vm, Value());
  *document = std::move(doc);
  return to_result(vm, Value::none());
}

RunResult unpickle(Vm& vm, const nlohmann::json& document, const UnpickleOptions& options) {
  return to_result(vm, pickling::load(vm, document, options));
}

RunResult unpickle_text(Vm& vm, std::string_view text, const UnpickleOptions& options) {
  return to_result(vm, pickling::load_text(vm, text, options));
}

void register_permanent(Vm& vm, std::string_view name, Value object) {
  if (Value* existing = vm.find_permanent(name))
    *existing = std::move(object);
  else
    vm.permanents.emplace_back(std::string(name), std::move(object));
}

Value permanent(Vm& vm, std::string_view name) {
  const Value* v = vm.find_permanent(name);
  return v ? *v : Value();
}

Value make_list(Vm&, std::vector<Value> items) { return Value(make<List>(std::move(items))); }

}  // namespace spindle
