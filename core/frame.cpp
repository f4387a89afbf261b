#include "core/frame.hpp"

#include <cstdlib>
#include <vector>

namespace spindle {

namespace {

// Frames are allocated and freed once per call, so recently freed blocks are
// kept per size for reuse. Like malloc's own thread caches this is allocator
// bookkeeping, not VM state, hence thread_local.
struct FrameCache {
  static constexpr uint32_t kBuckets = 64;
  static constexpr size_t kMaxPerBucket = 256;
  std::vector<void*> free[kBuckets];
  ~FrameCache() {
    for (auto& bucket : free)
      for (void* p : bucket) std::free(p);
  }
};
thread_local FrameCache frame_cache;

size_t frame_bytes(uint32_t nslots) { return sizeof(Frame) + (nslots > 0 ? nslots - 1 : 0) * sizeof(Value); }

// The slot count is stored just before the frame so operator delete can find
// its bucket.
struct alignas(16) BlockHeader {
  uint32_t nslots;
};

}  // namespace

Ref<Frame> Frame::create(Ref<Function> func) {
  Code* code = func->code.get();
  uint32_t nslots = static_cast<uint32_t>(code->nlocals() + code->ncells() + code->max_stack);
  void* block = nullptr;
  if (nslots < FrameCache::kBuckets && !frame_cache.free[nslots].empty()) {
    block = frame_cache.free[nslots].back();
    frame_cache.free[nslots].pop_back();
  } else {
    block = std::malloc(sizeof(BlockHeader) + frame_bytes(nslots));
    if (!block) throw std::bad_alloc();
  }
  static_cast<BlockHeader*>(block)->nslots = nslots;
  void* mem = static_cast<char*>(block) + sizeof(BlockHeader);
  Frame* f = new (mem) Frame(std::move(func));
  f->nslots_ = nslots;
  for (uint32_t i = 1; i < nslots; ++i) new (&f->slots_[i]) Value();
  return Ref<Frame>::adopt(f);
}

Frame::Frame(Ref<Function> f) : Object(ObjKind::Frame), func(std::move(f)) {
  code = func->code.get();
  globals = func->globals.get();
}

Frame::~Frame() {
  // Slot 0 is a real member; the rest were placement-constructed.
  for (uint32_t i = 1; i < nslots_; ++i) slots_[i].~Value();
}

void Frame::operator delete(void* p) {
  void* block = static_cast<char*>(p) - sizeof(BlockHeader);
  uint32_t nslots = static_cast<BlockHeader*>(block)->nslots;
  if (nslots < FrameCache::kBuckets && frame_cache.free[nslots].size() < FrameCache::kMaxPerBucket) {
    frame_cache.free[nslots].push_back(block);
    return;
  }
  std::free(block);
}

Generator::Generator(Ref<Frame> f) : Object(ObjKind::Generator), frame(std::move(f)) {
  frame->generator = this;
  name = frame->func->name;
  qualname = frame->func->qualname;
}

Generator::~Generator() {
  if (frame) frame->generator = nullptr;
}

}  // namespace spindle
