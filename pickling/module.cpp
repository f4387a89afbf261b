// The `pickle` module: dumps/loads with JSON text, and its exceptions.
#include <nlohmann/json.hpp>

#include "core/ops.hpp"
#include "pickling/pickle.hpp"

namespace spindle::pickling {

namespace {

Value m_dumps(Vm& vm, Args& args) {
  if (!check_args(vm, args, "dumps", 1, 1)) return Value();
  nlohmann::json doc;
  if (!dump(vm, args[0], &doc)) return Value();
  return Value(vm.str(doc.dump()));
}

Value m_loads(Vm& vm, Args& args) {
  if (!check_args(vm, args, "loads", 1, 1)) return Value();
  if (!args[0].is_kind(ObjKind::Str))
    return vm.raisef(vm.exc.TypeError.get(), "loads() argument must be str, not '{}'", vm.type_name(args[0]));
  return load_text(vm, args[0].as<Str>()->view());
}

Ref<Module> make_pickle_module(Vm& vm) {
  auto dict = make<Dict>();
  auto m = make<Module>(vm.intern_ref("pickle"), dict);
  dict_set_str(dict.get(), vm.names.__name__, Value(vm.intern_ref("pickle")));
  Ref<Class> base = vm.new_class("PickleError", vm.exc.Exception, ObjKind::Exception, true);
  Ref<Class> perr = vm.new_class("PicklingError", base, ObjKind::Exception, true);
  Ref<Class> uerr = vm.new_class("UnpicklingError", base, ObjKind::Exception, true);
  for (Class* c : {base.get(), perr.get(), uerr.get()}) c->module_name = Value(vm.intern_ref("pickle"));
  dict_set_str(dict.get(), vm.intern("PickleError"), Value(base));
  dict_set_str(dict.get(), vm.intern("PicklingError"), Value(perr));
  dict_set_str(dict.get(), vm.intern("UnpicklingError"), Value(uerr));
  dict_set_str(dict.get(), vm.intern("dumps"), Value(vm.native("dumps", m_dumps)));
  dict_set_str(dict.get(), vm.intern("loads"), Value(vm.native("loads", m_loads)));
  return m;
}

}  // namespace

Class* error_class(Vm& vm, const char* name) {
  Value m = dict_get_str(vm.modules(), vm.intern("pickle"));
  if (!m.is_kind(ObjKind::Module)) {
    Ref<Module> made = make_pickle_module(vm);
    dict_set_str(vm.modules(), vm.intern("pickle"), Value(made));
    m = Value(made);
  }
  return dict_get_str(m.as<Module>()->dict.get(), vm.intern(name)).as<Class>();
}

void install_pickle_module(Vm& vm) { vm.module_factories["pickle"] = make_pickle_module; }

}  // namespace spindle::pickling
