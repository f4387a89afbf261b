// Generic operations on values: what CPython's abstract object layer does.
// Every function may run user code (dunder methods through Vm::call) and so
// may fail: Value results are Null on error, int results -1, bool results
// false, with the exception pending on the Vm.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/ast.hpp"
#include "core/vm.hpp"

namespace spindle {

// ---- construction helpers --------------------------------------------------
Ref<Tuple> make_tuple(std::vector<Value> items);
Ref<List> make_list(std::vector<Value> items);

// ---- truth, identity, hashing, equality ------------------------------------
int truthy(Vm& vm, const Value& v);                 // -1, 0, 1
bool hash_value(Vm& vm, const Value& v, int64_t* out);
int64_t hash_int(int64_t i);
int64_t hash_float(double d);
// a == b as a bool (the fast paths never run user code).
int equals(Vm& vm, const Value& a, const Value& b);  // -1, 0, 1
// Rich comparison: returns the result object (for == and != user methods may
// return anything); op is one of Eq..GtE.
Value compare(Vm& vm, ast::CmpOpKind op, const Value& a, const Value& b);
int compare_bool(Vm& vm, ast::CmpOpKind op, const Value& a, const Value& b);
// a < b for sorting.
int less_than(Vm& vm, const Value& a, const Value& b);

// ---- arithmetic -------------------------------------------------------------
Value binary_op(Vm& vm, ast::BinOpKind op, const Value& a, const Value& b, bool inplace = false);
Value unary_op(Vm& vm, ast::UnaryOpKind op, const Value& v);
const char* binop_symbol(ast::BinOpKind op);

// ---- conversions to text ----------------------------------------------------
Value repr(Vm& vm, const Value& v);    // a Str value
Value to_str(Vm& vm, const Value& v);  // a Str value
// Appends repr/str to out; false on error.
bool repr_into(Vm& vm, const Value& v, std::string& out);
bool str_into(Vm& vm, const Value& v, std::string& out);
Value format_value(Vm& vm, const Value& v, std::string_view spec);  // format(v, spec)
std::string repr_string_literal(std::string_view s);  // 'it''s' -> "it's"

// ---- attributes --------------------------------------------------------------
Value getattr(Vm& vm, const Value& obj, Str* name);
// Like getattr, but a missing attribute returns Null with no error pending.
Value getattr_opt(Vm& vm, const Value& obj, Str* name);
bool setattr(Vm& vm, const Value& obj, Str* name, Value v);
bool delattr(Vm& vm, const Value& obj, Str* name);
// For LOAD_METHOD: if obj's class has a plain function `name` (and the
// instance does not shadow it), returns it unbound with *is_method = true.
Value lookup_method(Vm& vm, const Value& obj, Str* name, bool* is_method);
// Looks a special method up on the class only (as CPython does for dunders).
Value class_lookup(Vm& vm, const Value& obj, Str* name);

// ---- containers --------------------------------------------------------------
Value getitem(Vm& vm, const Value& obj, const Value& key);
bool setitem(Vm& vm, const Value& obj, const Value& key, Value v);
bool delitem(Vm& vm, const Value& obj, const Value& key);
int contains(Vm& vm, const Value& container, const Value& item);  // -1, 0, 1
bool length(Vm& vm, const Value& obj, int64_t* out);
// Converts an int-like index (int, bool, __index__) for sequences.
bool to_index(Vm& vm, const Value& v, int64_t* out);
// A real number as a double: float, int, bool, __float__ or __index__
// (CPython's PyFloat_AsDouble); TypeError "must be real number, not str".
bool to_real(Vm& vm, const Value& v, double* out);

// Python's slice.indices(): clamps start/stop/step to a sequence length.
bool slice_indices(Vm& vm, Slice* s, int64_t length, int64_t* start, int64_t* stop, int64_t* step,
                   int64_t* count);

// ---- iteration -----------------------------------------------------------------
Value get_iter(Vm& vm, const Value& obj);
// Next item, or Null: exhausted if !vm.has_error(), error otherwise.
Value iter_next(Vm& vm, const Value& it);
// Collects an iterable into a vector.
bool collect(Vm& vm, const Value& iterable, std::vector<Value>& out);

// ---- dicts ---------------------------------------------------------------------
Value dict_get(Vm& vm, Dict* d, const Value& key);  // Null, no error if missing
bool dict_set(Vm& vm, Dict* d, Value key, Value value);
// String-keyed access that never runs user code.
Value dict_get_str(Dict* d, Str* key);
void dict_set_str(Dict* d, Str* key, Value value);
bool set_add(Vm& vm, Set* s, Value key);

// ---- classes and calls ---------------------------------------------------------
bool is_instance(Vm& vm, const Value& v, Class* cls);
// Creates an instance of a user class and runs __init__ through Vm::call.
Value instantiate(Vm& vm, Class* cls, Args& args);
// For the loop's soft path: allocates the instance of a user class; sets
// *init to its __init__ function if it has a VM one.
Value allocate_instance(Vm& vm, Class* cls, Args& args);
// For BUILD_CLASS: false with TypeError pending if `base` may not be
// subclassed (builtin types other than object and the exceptions).
bool check_base_class(Vm& vm, Class* base);
std::string callable_name(Vm& vm, const Value& f);  // "f()" style, for messages
Value make_bound(Vm& vm, Value func, Value self);

// ---- helpers shared by the builtins and methods files -----------------------------
// Stable merge sort by less_than (of key(item) when key is not None/Null);
// reverse keeps equal items in order as list.sort does. False on error (a
// comparison or key call raised); items may then be partly reordered.
bool sort_values(Vm& vm, std::vector<Value>& items, const Value& key, bool reverse);  // builtins.cpp
// dict.update(other) / dict(other): a mapping (dict, or keys() + []) or an
// iterable of pairs.
bool dict_update_from(Vm& vm, Dict* d, const Value& other);  // methods_containers.cpp
// Text written to a File (sys.stdout/stderr go through vm.write_stdout/
// write_stderr); ValueError on a closed file.
bool file_write(Vm& vm, File* f, std::string_view text);  // methods_misc.cpp
bool file_flush(Vm& vm, File* f);                          // methods_misc.cpp

// ---- exceptions ----------------------------------------------------------------
// Writes a CPython-layout traceback of exc (with its __context__/__cause__
// chain) to `out`.
void format_exception(Vm& vm, ExceptionObject* exc, std::string& out);
std::string exception_message(Vm& vm, ExceptionObject* exc);  // str(exc)
// exc.__traceback__: a chain of traceback objects, or None.
Value make_traceback(Vm& vm, ExceptionObject* exc);
// callable(v).
bool is_callable_value(Vm& vm, const Value& v);

}  // namespace spindle
