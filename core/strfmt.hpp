// The two string formatting mini-languages that need the Vm: `%` and
// str.format. Number formatting itself is in numfmt.hpp.
#pragma once

#include <string_view>

#include "core/vm.hpp"

namespace spindle {

// fmt % args (args: a tuple, a mapping for %(name)s, or a single value).
Value str_percent_format(Vm& vm, Str* fmt, const Value& args);
// fmt.format(*args, **kwargs); args excludes the format string itself.
Value str_format(Vm& vm, std::string_view fmt, Args& args);
// fmt.format_map(mapping): named fields are looked up with mapping[name].
Value str_format_map(Vm& vm, std::string_view fmt, const Value& mapping);

}  // namespace spindle
