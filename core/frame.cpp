#include "core/frame.hpp"

#include <cstdlib>
#include <cstring>
#include <vector>

namespace spindle {

namespace {

// Frames are allocated and freed once per call, so freed blocks are kept per
// slot count for reuse. Like malloc's own thread caches this is allocator
// bookkeeping, not VM state, hence thread_local. The lists are intrusive
// (each free block stores the next one in its first word) and the TLS
// variables trivial, so a cache hit is a few loads; the non-trivial cleanup
// object is touched only once per thread.
constexpr uint32_t kBuckets = 64;
constexpr uint32_t kMaxPerBucket = 256;
thread_local void* free_blocks[kBuckets];
thread_local uint32_t free_counts[kBuckets];
thread_local bool cleanup_registered;

struct FreeBlock {
  FreeBlock* next;
};

struct FrameCacheCleanup {
  ~FrameCacheCleanup() {
    for (uint32_t i = 0; i < kBuckets; ++i) {
      while (free_blocks[i]) {
        void* p = free_blocks[i];
        free_blocks[i] = static_cast<FreeBlock*>(p)->next;
        std::free(p);
      }
      free_counts[i] = 0;
    }
  }
};

void register_cleanup() {
  thread_local FrameCacheCleanup cleanup;
  (void)cleanup;
  cleanup_registered = true;
}

size_t frame_bytes(uint32_t nslots) { return sizeof(Frame) + (nslots > 0 ? nslots - 1 : 0) * sizeof(Value); }

// The slot count is stored just before the frame so operator delete can find
// its bucket.
struct alignas(16) BlockHeader {
  uint32_t nslots;
};

}  // namespace

Ref<Frame> Frame::create(Ref<Function> func) {
  Code* code = func->code.get();
  if (code->frame_slots == 0) code->compute_layout();
  uint32_t nslots = code->frame_slots;
  void* block;
  bool fresh = false;
  if (nslots < kBuckets && free_blocks[nslots]) {
    block = free_blocks[nslots];
    free_blocks[nslots] = static_cast<FreeBlock*>(block)->next;
    --free_counts[nslots];
  } else {
    block = std::malloc(sizeof(BlockHeader) + frame_bytes(nslots));
    if (!block) throw std::bad_alloc();
    fresh = true;
  }
  static_cast<BlockHeader*>(block)->nslots = nslots;
  void* mem = static_cast<char*>(block) + sizeof(BlockHeader);
  Frame* f = new (mem) Frame(std::move(func));
  // A Null Value is all zero bytes. A recycled block's trailing slots are
  // already Null (~Frame leaves them so), a fresh one is cleared here.
  if (fresh && nslots > 1) std::memset(static_cast<void*>(&f->slots_[0] + 1), 0, (nslots - 1) * sizeof(Value));
  f->nslots_ = nslots;
  f->ncells_offset_ = code->frame_cells_offset;
  f->stack_offset_ = code->frame_stack_offset;
  return Ref<Frame>::adopt(f);
}

Frame::Frame(Ref<Function> f) : Object(ObjKind::Frame), func(std::move(f)) {
  code = func->code.get();
  globals = func->globals.get();
}

Frame::~Frame() {
  // Slot 0 is a real member; the rest live in the trailing storage. Slots
  // above the stack pointer are Null, so only locals, cells and the live
  // stack need releasing.
  uint32_t live = stack_offset_ + sp;
  if (live > nslots_) live = nslots_;
  // reset(), not ~Value(): the block goes back to the cache with every
  // trailing slot Null, so reuse needs no clearing.
  for (uint32_t i = 1; i < live; ++i) slots_[i].reset();
}

void Frame::operator delete(void* p) {
  void* block = static_cast<char*>(p) - sizeof(BlockHeader);
  uint32_t nslots = static_cast<BlockHeader*>(block)->nslots;
  if (nslots < kBuckets && free_counts[nslots] < kMaxPerBucket) {
    if (!cleanup_registered) register_cleanup();
    static_cast<FreeBlock*>(block)->next = static_cast<FreeBlock*>(free_blocks[nslots]);
    free_blocks[nslots] = block;
    ++free_counts[nslots];
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
