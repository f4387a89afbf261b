// The concrete object types of the Python subset. Behaviour that needs the
// Vm (hashing user objects, calling methods) lives in ops.cpp and friends;
// these are the shapes, which pickling will read.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/object.hpp"
#include "core/value.hpp"

namespace spindle {

class Vm;
class Code;
class Frame;
class Class;
struct Args;

class Str final : public Object {
 public:
  explicit Str(std::string s);
  const std::string& str() const { return data_; }
  std::string_view view() const { return data_; }
  // Length in code points (Python's len()).
  int64_t length() const { return length_; }
  bool is_ascii() const { return small_flags_ & kAscii; }
  bool is_interned() const { return small_flags_ & kInterned; }
  void mark_interned() { small_flags_ |= kInterned; }
  int64_t hash() const {
    if (hash_ == -1) hash_ = compute_hash();
    return hash_;
  }
  // Byte offset of code point `index` (0 <= index <= length()).
  size_t byte_offset(int64_t index) const;

 private:
  int64_t compute_hash() const;
  static constexpr uint8_t kAscii = 1, kInterned = 2;
  std::string data_;
  int64_t length_;
  mutable int64_t hash_ = -1;
  // Byte offsets of every kCheckpointStride-th code point of a long
  // non-ASCII string, built on first indexing, so that s[i] does not scan
  // from the start (null until then, and always for ASCII).
  static constexpr int64_t kCheckpointStride = 32;
  mutable std::unique_ptr<std::vector<size_t>> checkpoints_;
};

class Tuple final : public Object {
 public:
  Tuple() : Object(ObjKind::Tuple) {}
  explicit Tuple(std::vector<Value> items) : Object(ObjKind::Tuple), items(std::move(items)) {}
  std::vector<Value> items;
};

class List final : public Object {
 public:
  List() : Object(ObjKind::List) {}
  explicit List(std::vector<Value> items) : Object(ObjKind::List), items(std::move(items)) {}
  std::vector<Value> items;
};

// Insertion-ordered hash table shared by dict and set (CPython's compact
// dict layout): `entries_` in insertion order, `index_` maps hash slots to
// entry positions. Lookups that need user __eq__/__hash__ go through Vm; the
// methods taking a Vm& may run user code and so may fail (return false with
// an exception pending).
class HashTable {
 public:
  struct Entry {
    Value key;  // Null for a deleted entry
    Value value;
    int64_t hash;
  };
  int64_t size() const { return used_; }
  const std::vector<Entry>& entries() const { return entries_; }
  std::vector<Entry>& entries() { return entries_; }
  // Bumped on every insertion or deletion, so that iterators and lookups
  // that ran user code can notice that the table changed under them.
  uint64_t version() const { return version_; }

  // Finds key; *pos = entry index or -1. False on error.
  bool find(Vm& vm, const Value& key, int64_t hash, int64_t* pos);
  // Fast path for string keys that never runs user code.
  int64_t find_str(const Str* key) const;
  bool insert(Vm& vm, Value key, int64_t hash, Value value);
  // Inserts a key known to be absent (e.g. when copying a table).
  void insert_new(Value key, int64_t hash, Value value);
  bool remove(Vm& vm, const Value& key, int64_t hash, bool* found, Value* old_value);
  void remove_at(int64_t pos);
  void clear();

 private:
  void grow();
  void rebuild_index(size_t capacity);
  std::vector<Entry> entries_;
  std::vector<int32_t> index_;  // -1 empty, -2 deleted, else entry index
  int64_t used_ = 0;
  int64_t filled_ = 0;  // slots not empty, including deleted ones
  uint64_t version_ = 0;
};

class Dict final : public Object {
 public:
  Dict() : Object(ObjKind::Dict) {}
  HashTable table;
};

class Set final : public Object {
 public:
  explicit Set(bool frozen = false) : Object(frozen ? ObjKind::FrozenSet : ObjKind::Set) {}
  HashTable table;  // values unused
};

class Cell final : public Object {
 public:
  Cell() : Object(ObjKind::Cell) {}
  explicit Cell(Value v) : Object(ObjKind::Cell), value(std::move(v)) {}
  Value value;  // Null when empty
};

class Module final : public Object {
 public:
  Module(Ref<Str> name, Ref<Dict> dict) : Object(ObjKind::Module), name(std::move(name)), dict(std::move(dict)) {}
  Ref<Str> name;
  Ref<Dict> dict;
  std::string filename;  // empty for built-in modules
  std::string source_hash;  // of a script module's source (Code::source_hash)
};

class Function final : public Object {
 public:
  Function() : Object(ObjKind::Function) {}
  Ref<Code> code;
  Ref<Dict> globals;
  Ref<Str> name, qualname;
  Ref<Tuple> defaults;   // may be null
  Ref<Dict> kwdefaults;  // may be null
  Ref<Tuple> closure;    // cells for the code's free variables; may be null
  Ref<Dict> attrs;       // function attributes, created on first set
  Value module_name;     // __module__
};

// A native function or method. Builtins use a plain function pointer; hosts
// may register any C++ callable (std::function).
using NativeFn = Value (*)(Vm& vm, Args& args);
using HostFn = std::function<Value(Vm& vm, Args& args)>;

class NativeFunction final : public Object {
 public:
  NativeFunction(std::string name, NativeFn fn) : Object(ObjKind::NativeFunction), name(std::move(name)), fn(fn) {}
  NativeFunction(std::string name, HostFn host)
      : Object(ObjKind::NativeFunction), name(std::move(name)), host(std::move(host)) {}
  std::string name;
  NativeFn fn = nullptr;
  HostFn host;
  // For natives that close over a value (e.g. a host object); may be Null.
  Value data;
  // The class for which this is a method (`list.append`), for messages like
  // "descriptor 'append' for 'list' objects doesn't apply to a 'int' object".
  Class* owner = nullptr;
};

class BoundMethod final : public Object {
 public:
  BoundMethod(Value func, Value self) : Object(ObjKind::BoundMethod), func(std::move(func)), self(std::move(self)) {}
  Value func, self;
};

class Class final : public Object {
 public:
  Class() : Object(ObjKind::Class) {}
  Ref<Str> name;
  std::string qualname;
  Ref<Class> base;            // null only for `object`
  std::vector<Class*> mro;    // self first; borrowed through `base`
  Ref<Dict> dict;
  Value module_name;
  // The C++ object kind instances of this class have: Instance for plain
  // classes, Exception below BaseException, the builtin kind for builtins.
  ObjKind instance_kind = ObjKind::Instance;
  bool is_builtin = false;
  // Builtin types that may not be subclassed in the subset.
  bool final_type = false;
  // Builtin types: what calling the class does (int("3"), list(x)). Called
  // with the call's arguments, without the class.
  NativeFn construct = nullptr;

  bool is_subclass_of(const Class* other) const {
    for (const Class* c : mro)
      if (c == other) return true;
    return false;
  }
  // Looks name up along the MRO; Null if absent. Never runs user code.
  Value lookup(const Str* name) const;
};

class Instance : public Object {
 public:
  explicit Instance(Ref<Class> cls, ObjKind k = ObjKind::Instance)
      : Object(k), cls(std::move(cls)), dict(make<Dict>()) {}
  Ref<Class> cls;
  Ref<Dict> dict;
};

struct TracebackEntry {
  Ref<Code> code;
  int line;
};

class ExceptionObject final : public Instance {
 public:
  explicit ExceptionObject(Ref<Class> cls) : Instance(std::move(cls), ObjKind::Exception), args(make<Tuple>()) {}
  Ref<Tuple> args;
  // Appended as the exception unwinds, so the innermost frame comes first;
  // printing reverses them.
  std::vector<TracebackEntry> traceback;
  Value cause;    // __cause__ (Null = None)
  Value context;  // __context__ (Null = None)
  bool suppress_context = false;
};

class Range final : public Object {
 public:
  Range(int64_t start, int64_t stop, int64_t step) : Object(ObjKind::Range), start(start), stop(stop), step(step) {}
  int64_t length() const;
  int64_t start, stop, step;
};

class Slice final : public Object {
 public:
  Slice(Value a, Value b, Value c) : Object(ObjKind::Slice), start(std::move(a)), stop(std::move(b)), step(std::move(c)) {}
  Value start, stop, step;
};

enum class IterKind : uint8_t {
  Seq,       // list, tuple: source + index
  Str,       // str by code point, index = byte offset
  Range,     // index = current, end = stop, step
  DictKeys, DictValues, DictItems, SetItems,  // source dict/set, index, expected version
  Reversed,  // list/tuple/str backwards, index counts down
  Enumerate, // inner iterator + counter (index)
  Zip,       // items = inner iterators
  Map,       // extra = function, items = inner iterators
  Filter,    // extra = predicate (None: truthiness), source = inner iterator
  GetItem,   // old-style iteration through __getitem__
  Callable,  // iter(callable, sentinel)
};

class Iterator final : public Object {
 public:
  explicit Iterator(IterKind k) : Object(ObjKind::Iterator), sub(k) {}
  IterKind sub;
  Value source;
  Value extra;
  std::vector<Value> items;
  int64_t index = 0, end = 0, step = 1;
  uint64_t version = 0;
  bool exhausted = false;
};

class DictView final : public Object {
 public:
  enum Which : uint8_t { Keys, Values, Items };
  DictView(Ref<Dict> d, Which w) : Object(ObjKind::DictView), dict(std::move(d)), which(w) {}
  Ref<Dict> dict;
  Which which;
};

class File final : public Object {
 public:
  File() : Object(ObjKind::File) {}
  ~File() override;
  std::FILE* fp = nullptr;
  std::string name, mode;
  bool readable = false, writable = false;
  // close() ran; fp is then null. (sys.stdout has no fp but is open.)
  bool closed = false;
  // sys.stdout / sys.stderr: writes go through vm.write_stdout /
  // vm.write_stderr (which hosts may redirect) instead of fp.
  enum class Std : uint8_t { None, Out, Err } std_stream = Std::None;
};

// property, staticmethod and classmethod: descriptors wrapping callables.
class Descriptor final : public Object {
 public:
  Descriptor(ObjKind k, Value f) : Object(k), fget(std::move(f)) {}
  Value fget, fset, fdel;  // staticmethod/classmethod use fget only
};

class Super final : public Object {
 public:
  Super(Ref<Class> start, Value self) : Object(ObjKind::Super), start(std::move(start)), self(std::move(self)) {}
  Ref<Class> start;  // search the MRO of type(self) after this class
  Value self;
};

}  // namespace spindle
