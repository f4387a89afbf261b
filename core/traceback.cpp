// Traceback objects. An exception records its traceback as (code, line)
// entries; a Python-visible `traceback` chain (tb_lineno, tb_next, tb_frame)
// is built from them when a program asks for __traceback__ or an __exit__
// method receives one.
#include "core/ops.hpp"

namespace spindle {

Value make_traceback(Vm& vm, ExceptionObject* exc) {
  if (exc->traceback.empty()) return Value::none();
  if (!vm.cls.traceback) vm.cls.traceback = vm.new_class("traceback", vm.cls.object, ObjKind::Instance, true);
  Str* lineno = vm.intern("tb_lineno");
  Str* next = vm.intern("tb_next");
  Str* frame = vm.intern("tb_frame");
  // Entries run innermost first; the chain starts at the outermost frame.
  Value chain = Value::none();
  for (const TracebackEntry& entry : exc->traceback) {
    if (entry.code && entry.code->hidden) continue;
    auto tb = make<Instance>(vm.cls.traceback);
    dict_set_str(tb->dict.get(), lineno, Value::integer(entry.line));
    dict_set_str(tb->dict.get(), next, std::move(chain));
    dict_set_str(tb->dict.get(), frame, Value::none());
    chain = Value(std::move(tb));
  }
  return chain;
}

}  // namespace spindle
