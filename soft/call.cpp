// Argument binding and module loading: the parts of calling that the loop
// and the C++ entry points share.
#include <fstream>
#include <sstream>

#include "core/compiler.hpp"
#include "core/install.hpp"
#include "core/ops.hpp"
#include "soft/loop.hpp"

namespace spindle::soft {

namespace {

std::string quoted_list(const std::vector<std::string>& names) {
  // 'a' / 'a' and 'b' / 'a', 'b', and 'c' — CPython's wording.
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
    out += "'" + names[i] + "'";
  }
  return out;
}

}  // namespace

bool bind_arguments(Vm& vm, Function* fn, Frame* frame, Value* argv, int argc, Tuple* kwnames) {
  Code* code = fn->code.get();
  Value* locals = frame->locals();
  const int nparams = code->argcount;
  const int nkwonly = code->kwonlyargcount;
  const int nkw = kwnames ? static_cast<int>(kwnames->items.size()) : 0;
  const std::string& qualname = fn->qualname->str();

  int npos = argc < nparams ? argc : nparams;
  for (int i = 0; i < npos; ++i) locals[i] = argv[i];

  int slot = nparams + nkwonly;
  if (code->flags & kVarArgs) {
    std::vector<Value> rest;
    for (int i = npos; i < argc; ++i) rest.push_back(argv[i]);
    locals[slot++] = Value(make_tuple(std::move(rest)));
  } else if (argc > nparams) {
    int ndefaults = fn->defaults ? static_cast<int>(fn->defaults->items.size()) : 0;
    int given_kwonly = 0;
    for (int k = 0; k < nkw; ++k) {
      Str* name = kwnames->items[k].as<Str>();
      for (int i = nparams; i < nparams + nkwonly; ++i)
        if (code->varnames[i].get() == name || code->varnames[i]->str() == name->str()) ++given_kwonly;
    }
    std::string takes;
    if (ndefaults > 0)
      takes = fmt::format("from {} to {} positional arguments", nparams - ndefaults, nparams);
    else
      takes = fmt::format("{} positional argument{}", nparams, nparams == 1 ? "" : "s");
    std::string given = fmt::format("{} {} given", argc, argc == 1 ? "was" : "were");
    if (given_kwonly)
      given = fmt::format("{} positional argument{} (and {} keyword-only argument{}) were given", argc,
                          argc == 1 ? "" : "s", given_kwonly, given_kwonly == 1 ? "" : "s");
    vm.raisef(vm.exc.TypeError.get(), "{}() takes {} but {}", qualname, takes, given);
    return false;
  }

  Ref<Dict> kwdict;
  if (code->flags & kVarKeywords) {
    kwdict = make<Dict>();
    locals[slot] = Value(kwdict);
  }
  for (int k = 0; k < nkw; ++k) {
    Str* name = kwnames->items[k].as<Str>();
    Value& value = argv[argc + k];
    int found = -1;
    for (int i = code->posonlyargcount; i < nparams + nkwonly; ++i) {
      Str* p = code->varnames[i].get();
      if (p == name || p->str() == name->str()) {
        found = i;
        break;
      }
    }
    if (found < 0) {
      if (kwdict) {
        dict_set_str(kwdict.get(), name, value);
        continue;
      }
      for (int i = 0; i < code->posonlyargcount; ++i) {
        if (code->varnames[i]->str() == name->str()) {
          vm.raisef(vm.exc.TypeError.get(),
                    "{}() got some positional-only arguments passed as keyword arguments: '{}'", qualname,
                    name->str());
          return false;
        }
      }
      vm.raisef(vm.exc.TypeError.get(), "{}() got an unexpected keyword argument '{}'", qualname, name->str());
      return false;
    }
    if (!locals[found].is_null()) {
      vm.raisef(vm.exc.TypeError.get(), "{}() got multiple values for argument '{}'", qualname, name->str());
      return false;
    }
    locals[found] = value;
  }

  // Defaults for the positional parameters not given.
  if (argc < nparams) {
    int ndefaults = fn->defaults ? static_cast<int>(fn->defaults->items.size()) : 0;
    int first_default = nparams - ndefaults;
    std::vector<std::string> missing;
    for (int i = argc; i < nparams; ++i) {
      if (!locals[i].is_null()) continue;
      if (i >= first_default)
        locals[i] = fn->defaults->items[i - first_default];
      else
        missing.push_back(code->varnames[i]->str());
    }
    if (!missing.empty()) {
      vm.raisef(vm.exc.TypeError.get(), "{}() missing {} required positional argument{}: {}", qualname,
                missing.size(), missing.size() == 1 ? "" : "s", quoted_list(missing));
      return false;
    }
  }
  if (nkwonly) {
    std::vector<std::string> missing;
    for (int i = nparams; i < nparams + nkwonly; ++i) {
      if (!locals[i].is_null()) continue;
      Value d = fn->kwdefaults ? dict_get_str(fn->kwdefaults.get(), code->varnames[i].get()) : Value();
      if (d.is_null())
        missing.push_back(code->varnames[i]->str());
      else
        locals[i] = std::move(d);
    }
    if (!missing.empty()) {
      vm.raisef(vm.exc.TypeError.get(), "{}() missing {} required keyword-only argument{}: {}", qualname,
                missing.size(), missing.size() == 1 ? "" : "s", quoted_list(missing));
      return false;
    }
  }

  // Cells: parameters captured by inner functions move into their cells.
  Value* cells = frame->cells();
  size_t ncell = code->cellvars.size();
  for (size_t i = 0; i < ncell; ++i) {
    int param = code->cell_param[i];
    if (param >= 0) {
      cells[i] = Value(make<Cell>(std::move(locals[param])));
      locals[param] = Value();
    } else {
      cells[i] = Value(make<Cell>());
    }
  }
  if (fn->closure) {
    for (size_t i = 0; i < fn->closure->items.size(); ++i) cells[ncell + i] = fn->closure->items[i];
  }
  return true;
}

Ref<Function> module_function(Vm& vm, Ref<Code> code, Ref<Module> module) {
  auto fn = make<Function>();
  fn->name = vm.intern_ref(code->name);
  fn->qualname = fn->name;
  fn->code = std::move(code);
  fn->globals = module->dict;
  fn->module_name = Value(module->name);
  return fn;
}

namespace {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

}  // namespace

Value import_module(Vm& vm, Str* name, Ref<Frame>* body) {
  Value cached = dict_get_str(vm.modules(), name);
  if (!cached.is_null()) return cached;

  auto factory = vm.module_factories.find(name->str());
  if (factory != vm.module_factories.end()) {
    Ref<Module> m = factory->second(vm);
    if (!m) return Value();
    dict_set_str(vm.modules(), name, Value(m));
    return Value(m);
  }

  const std::string& modname = name->str();
  if (modname.find('.') != std::string::npos || modname.empty()) {
    return vm.raise_with_args(vm.exc.ModuleNotFoundError.get(),
                              {Value(vm.str(fmt::format("No module named '{}'", modname)))});
  }
  for (const std::string& dir : vm.path) {
    std::string path = (dir.empty() ? std::string(".") : dir) + "/" + modname + ".py";
    std::string source;
    if (!read_file(path, source)) continue;
    CompileResult compiled = compile_source(vm, source, path);
    if (compiled.error) {
      const SyntaxErrorInfo& e = *compiled.error;
      Class* type = e.type == "IndentationError" ? vm.exc.IndentationError.get() : vm.exc.SyntaxError.get();
      return vm.raise(type, fmt::format("{} ({}, line {})", e.message, path, e.line));
    }
    auto dict = make<Dict>();
    auto module = make<Module>(Ref<Str>(name), dict);
    module->filename = path;
    module->source_hash = compiled.code->source_hash;
    dict_set_str(dict.get(), vm.names.__name__, Value(Ref<Str>(name)));
    dict_set_str(dict.get(), vm.names.__file__, Value(vm.str(path)));
    // Cached before the body runs, so circular imports see the partial module.
    dict_set_str(vm.modules(), name, Value(module));
    Ref<Function> fn = module_function(vm, compiled.code, module);
    Ref<Frame> frame = Frame::create(fn);
    frame->on_return = OnReturn::Module;
    frame->aux = Value(module);
    *body = std::move(frame);
    return Value(module);
  }
  return vm.raise_with_args(vm.exc.ModuleNotFoundError.get(),
                            {Value(vm.str(fmt::format("No module named '{}'", modname)))});
}

}  // namespace spindle::soft
