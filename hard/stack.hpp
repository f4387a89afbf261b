// Hard switching: one shared execution stack per Vm, entered through
// Boost.Context from the host's own stack (the trampoline). A tasklet that
// must switch while native frames sit between its VM frames has the bytes
// it uses of the shared stack copied to the heap; it is resumed by copying
// them back to the same addresses and jumping into its saved context. Soft
// switches never come here.
#pragma once

#include "core/tasklet.hpp"
#include "core/vm.hpp"

namespace spindle::hard {

// Creates the shared stack of `vm` and installs Vm::enter_base and
// Vm::abandon_base. Throws std::bad_alloc if the stack cannot be mapped.
void install(Vm& vm);

// On the shared stack: suspends the running tasklet `prev` (it keeps its
// stack slice) and continues vm.running's successor chosen by the
// scheduler, `next`. Returns when `prev` is resumed.
void switch_out(Vm& vm, Tasklet* prev, Tasklet* next);

}  // namespace spindle::hard
