// Value: the 16-byte tagged value every VM slot holds.
//
// None, bools, ints and floats are immediate (no allocation); everything else
// is an owning pointer to an Object. Null is not a Python value: it marks an
// empty slot (unbound local, popped stack slot) and, as the result of a native
// call or an operation, "an exception is pending" (like CPython's NULL).
#pragma once

#include <cstdint>
#include <cstring>

#include "core/object.hpp"

namespace spindle {

enum class Tag : uint8_t { Null, None, Bool, Int, Float, Obj };

class Value {
 public:
  Value() = default;  // Null
  static Value none() { return Value(Tag::None); }
  static Value boolean(bool b) {
    Value v(Tag::Bool);
    v.u_.i = b ? 1 : 0;
    return v;
  }
  static Value integer(int64_t i) {
    Value v(Tag::Int);
    v.u_.i = i;
    return v;
  }
  static Value number(double d) {
    Value v(Tag::Float);
    v.u_.d = d;
    return v;
  }
  // Takes a new reference.
  static Value object(Object* o) {
    Value v(Tag::Obj);
    v.u_.o = o;
    o->incref();
    return v;
  }
  template <typename T>
  Value(const Ref<T>& r) {  // NOLINT: implicit by design
    if (r) {
      tag_ = Tag::Obj;
      u_.o = r.get();
      u_.o->incref();
    }
  }
  template <typename T>
  Value(Ref<T>&& r) {  // NOLINT
    if (r) {
      tag_ = Tag::Obj;
      u_.o = r.release();
    }
  }

  Value(const Value& o) : tag_(o.tag_), u_(o.u_) {
    if (tag_ == Tag::Obj) u_.o->incref();
  }
  Value(Value&& o) noexcept : tag_(o.tag_), u_(o.u_) { o.tag_ = Tag::Null; }
  // Both assignments install the new value before releasing the old one:
  // releasing may run a destructor that reaches this slot again.
  Value& operator=(const Value& o) {
    if (o.tag_ == Tag::Obj) o.u_.o->incref();
    Object* prev = tag_ == Tag::Obj ? u_.o : nullptr;
    tag_ = o.tag_;
    u_ = o.u_;
    if (prev) prev->decref();
    return *this;
  }
  Value& operator=(Value&& o) noexcept {
    if (this != &o) {
      Object* prev = tag_ == Tag::Obj ? u_.o : nullptr;
      tag_ = o.tag_;
      u_ = o.u_;
      o.tag_ = Tag::Null;
      if (prev) prev->decref();
    }
    return *this;
  }
  ~Value() {
    if (tag_ == Tag::Obj) u_.o->decref();
  }
  // Makes this Null, releasing what it held.
  void reset() {
    if (tag_ == Tag::Obj) {
      Object* prev = u_.o;
      tag_ = Tag::Null;
      prev->decref();
    } else {
      tag_ = Tag::Null;
    }
  }

  Tag tag() const { return tag_; }
  bool is_null() const { return tag_ == Tag::Null; }
  bool is_none() const { return tag_ == Tag::None; }
  bool is_bool() const { return tag_ == Tag::Bool; }
  bool is_int() const { return tag_ == Tag::Int; }
  // int or bool: Python's bool is an int subclass.
  bool is_intlike() const { return tag_ == Tag::Int || tag_ == Tag::Bool; }
  bool is_float() const { return tag_ == Tag::Float; }
  bool is_obj() const { return tag_ == Tag::Obj; }
  bool is_kind(ObjKind k) const { return tag_ == Tag::Obj && u_.o->kind() == k; }

  bool as_bool() const { return u_.i != 0; }
  int64_t as_int() const { return u_.i; }
  double as_float() const { return u_.d; }
  Object* as_obj() const { return u_.o; }
  template <typename T>
  T* as() const {
    return static_cast<T*>(u_.o);
  }

  // Pointer identity for objects, value identity for immediates (`is`).
  bool is(const Value& o) const {
    if (tag_ != o.tag_) return false;
    if (tag_ == Tag::Float) return std::memcmp(&u_.d, &o.u_.d, sizeof(double)) == 0;
    return tag_ == Tag::None || tag_ == Tag::Null || u_.i == o.u_.i;
  }

  // Gives up ownership of the object (the caller now owns the reference).
  Object* release_obj() {
    tag_ = Tag::Null;
    return u_.o;
  }

 private:
  explicit Value(Tag t) : tag_(t) { u_.i = 0; }
  Tag tag_ = Tag::Null;
  union {
    int64_t i;
    double d;
    Object* o;
  } u_{0};
};

static_assert(sizeof(Value) == 16);

}  // namespace spindle
