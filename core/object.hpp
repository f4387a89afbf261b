// Object header, intrusive reference counting and Ref<T>.
//
// Rules of use:
//  - Ref<T> owns one reference. Value (value.hpp) owns one when it holds an
//    object.
//  - T* / T& borrow: valid for the duration of one call while the owner is
//    alive. A borrowed pointer is never kept across user code (which may drop
//    the last owner) or, later, across a tasklet switch.
//  - Objects are created with make<T>(...) and start with a count of 1 held
//    by the returned Ref; there is no bare `new` elsewhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

namespace spindle {

// One tag per concrete C++ object type; `kind` lets hot paths test a type
// with one byte compare instead of a dynamic_cast.
enum class ObjKind : uint8_t {
  Str, Tuple, List, Dict, Set, FrozenSet, Function, NativeFunction, BoundMethod,
  Class, Instance, Exception, Module, Code, Cell, Generator, Range, Slice,
  Iterator, DictView, File, Property, StaticMethod, ClassMethod, Super,
  Frame, Tasklet, Channel, Bomb,
  // Classes whose values are immediates (int, float, None, bool).
  External,
};

// Process-wide accounting of live objects, per thread. It is instrumentation
// (like a sanitizer), not VM state: tests use it to prove that a Vm leaves no
// object behind, and the trashcan uses it to bound destructor recursion.
struct HeapStats {
  int64_t live_objects;
  int64_t total_allocated;
};
// Trivial and zero-initialised, so access compiles to a plain TLS load.
extern thread_local HeapStats tls_heap_stats;
inline HeapStats& heap_stats() { return tls_heap_stats; }

class Object {
 public:
  explicit Object(ObjKind k) : kind_(k) {
    HeapStats& s = heap_stats();
    ++s.live_objects;
    ++s.total_allocated;
  }
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;
  virtual ~Object() { --heap_stats().live_objects; }

  ObjKind kind() const { return kind_; }
  int32_t refcount() const { return refcount_; }

  void incref() { ++refcount_; }
  void decref() {
    if (--refcount_ == 0) release(this);
  }

 private:
  // Deletes the object. Nested releases (a container freeing its items) may
  // recurse a little; past kMaxReleaseDepth they are queued and drained by
  // the outermost release, so a list nested 10^6 deep takes constant C stack.
  static void release(Object* o);

  int32_t refcount_ = 1;
  ObjKind kind_;

 protected:
  // Free bits for subclasses (e.g. Str caches "is ASCII" here).
  uint8_t small_flags_ = 0;
};

template <typename T>
class Ref {
 public:
  Ref() = default;
  Ref(std::nullptr_t) {}
  // Takes a new reference to a borrowed pointer.
  explicit Ref(T* p) : p_(p) {
    if (p_) p_->incref();
  }
  static Ref adopt(T* p) {
    Ref r;
    r.p_ = p;
    return r;
  }
  Ref(const Ref& o) : p_(o.p_) {
    if (p_) p_->incref();
  }
  Ref(Ref&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  template <typename U>
  Ref(const Ref<U>& o) : p_(o.get()) {
    if (p_) p_->incref();
  }
  template <typename U>
  Ref(Ref<U>&& o) noexcept : p_(o.release()) {}
  ~Ref() {
    if (p_) p_->decref();
  }
  Ref& operator=(Ref o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }

  T* get() const { return p_; }
  T* operator->() const { return p_; }
  T& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }
  // Gives up ownership without decrementing.
  T* release() {
    T* p = p_;
    p_ = nullptr;
    return p;
  }
  void reset() { *this = Ref(); }

 private:
  T* p_ = nullptr;
};

template <typename T, typename... A>
Ref<T> make(A&&... a) {
  return Ref<T>::adopt(new T(std::forward<A>(a)...));
}

}  // namespace spindle
