// Functions the Vm constructor calls to populate a new VM, one per file that
// defines builtin behaviour.
#pragma once

#include "core/vm.hpp"

namespace spindle {

// vm.cpp: the builtin classes (vm.cls) and exception classes (vm.exc).
void install_builtin_classes(Vm& vm);
void install_exceptions(Vm& vm);
// builtins.cpp: builtin functions into vm.builtins(), constructors of the
// builtin classes (Class::construct).
void install_builtins(Vm& vm);
// methods_*.cpp: methods of the builtin classes.
void install_str_methods(Vm& vm);
void install_container_methods(Vm& vm);  // list, tuple, dict, set, frozenset, views
void install_misc_methods(Vm& vm);       // file, generator, range, slice, int, float
// modules.cpp: built-in modules, created on first import.
Ref<Module> make_sys_module(Vm& vm);
Ref<Module> make_math_module(Vm& vm);

}  // namespace spindle
