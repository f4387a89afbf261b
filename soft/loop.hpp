// The soft interpreter loop: runs heap frames without recursing on the C
// stack for VM->VM calls, generator resumption, class bodies and imports.
#pragma once

#include <memory>

#include "core/vm.hpp"

namespace spindle::soft {

// The Interpreter the public Vm installs.
std::unique_ptr<Interpreter> make_interpreter(Vm& vm);

// Binds call arguments into a new frame's locals with CPython's rules and
// messages. False with TypeError pending on a mismatch.
bool bind_arguments(Vm& vm, Function* fn, Frame* frame, Value* argv, int argc, Tuple* kwnames);

// Creates the Function that runs a module's top-level code.
Ref<Function> module_function(Vm& vm, Ref<Code> code, Ref<Module> module);

// Finds, loads or creates the module `name`; for a .py module not yet
// loaded, returns the module with *body set to the frame that must run its
// code (the caller runs it, soft or not). Null with ImportError pending if
// it cannot be found.
Value import_module(Vm& vm, Str* name, Ref<Frame>* body);

}  // namespace spindle::soft
