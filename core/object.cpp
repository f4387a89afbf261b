// Object lifetime (the trashcan), strings, the compact hash table behind
// dict and set, and the few object methods that need no Vm.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/objects.hpp"
#include "core/ops.hpp"

namespace spindle {

// ---- accounting and release -------------------------------------------------

// thread_local rather than per-Vm: Object's constructor and destructor have
// no Vm to hand, and every object is created and destroyed on the thread of
// the Vm that owns it (one Vm per thread is the threading model). A per-thread
// counter needs no atomics and still lets a test that owns a thread prove
// that its Vm left nothing alive; a process-wide one would count other
// threads' objects too.
thread_local HeapStats tls_heap_stats;

namespace {

// Per-thread release bookkeeping (allocator state like a malloc cache, not
// VM state). The depth and count are trivial TLS words; the queue itself is
// only touched once releases nest deeply.
constexpr int kMaxReleaseDepth = 64;
thread_local int release_depth;
thread_local int64_t release_pending;

std::vector<Object*>& release_queue() {
  thread_local std::vector<Object*> queue;
  return queue;
}

}  // namespace

void Object::release(Object* o) {
  if (release_depth >= kMaxReleaseDepth) {
    release_queue().push_back(o);
    ++release_pending;
    return;
  }
  ++release_depth;
  delete o;
  if (release_depth == 1) {
    // The outermost release drains what deep nesting queued.
    while (release_pending > 0) {
      std::vector<Object*>& queue = release_queue();
      Object* next = queue.back();
      queue.pop_back();
      --release_pending;
      delete next;
    }
  }
  --release_depth;
}

// ---- Str ---------------------------------------------------------------------

Str::Str(std::string s) : Object(ObjKind::Str), data_(std::move(s)) {
  int64_t n = 0;
  bool ascii = true;
  for (unsigned char c : data_) {
    if (c >= 0x80) ascii = false;
    // Every byte except UTF-8 continuation bytes starts a code point.
    if ((c & 0xC0) != 0x80) ++n;
  }
  length_ = n;
  if (ascii) small_flags_ |= kAscii;
}

size_t Str::byte_offset(int64_t index) const {
  if (is_ascii()) return static_cast<size_t>(index);
  if (index <= 0) return 0;
  if (index >= length_) return data_.size();
  size_t pos = 0;
  int64_t remaining = index;
  if (length_ > 2 * kCheckpointStride) {
    if (!checkpoints_) {
      auto cps = std::make_unique<std::vector<size_t>>();
      cps->reserve(static_cast<size_t>(length_ / kCheckpointStride) + 1);
      int64_t n = 0;
      for (size_t i = 0; i < data_.size(); ++i) {
        if ((static_cast<unsigned char>(data_[i]) & 0xC0) == 0x80) continue;
        if (n % kCheckpointStride == 0) cps->push_back(i);
        ++n;
      }
      checkpoints_ = std::move(cps);
    }
    pos = (*checkpoints_)[static_cast<size_t>(index / kCheckpointStride)];
    remaining = index % kCheckpointStride;
  }
  // Walk `remaining` code points forward from the code point at pos.
  if (remaining == 0) return pos;
  for (++pos; pos < data_.size(); ++pos) {
    if ((static_cast<unsigned char>(data_[pos]) & 0xC0) != 0x80 && --remaining == 0) return pos;
  }
  return data_.size();
}

int64_t Str::compute_hash() const {
  // FNV-1a over the bytes with a final avalanche (FNV alone mixes the high
  // bits poorly, and the table indexes by the low bits). -1 means "not yet
  // computed", so it is never returned.
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : data_) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  int64_t r = static_cast<int64_t>(h);
  return r == -1 ? -2 : r;
}

// ---- HashTable -----------------------------------------------------------------
//
// entries_ keeps insertion order; index_ is an open-addressing table of
// positions into entries_ (power-of-two size, CPython's perturbed probing).
// Deleting leaves a tombstone in both; growing compacts entries_.

namespace {

constexpr int32_t kEmpty = -1;
constexpr int32_t kDeleted = -2;

// Keys whose equality never runs user code can skip the version re-check.
bool needs_user_eq(const Value& a, const Value& b) {
  auto user = [](const Value& v) {
    return v.is_kind(ObjKind::Instance) || v.is_kind(ObjKind::Exception) || v.is_kind(ObjKind::Tuple) ||
           v.is_kind(ObjKind::FrozenSet);
  };
  return user(a) || user(b);
}

}  // namespace

bool HashTable::find(Vm& vm, const Value& key, int64_t hash, int64_t* pos) {
restart:
  *pos = -1;
  if (index_.empty()) return true;
  const size_t mask = index_.size() - 1;
  uint64_t perturb = static_cast<uint64_t>(hash);
  size_t i = static_cast<size_t>(hash) & mask;
  for (;;) {
    int32_t ix = index_[i];
    if (ix == kEmpty) return true;
    if (ix >= 0) {
      const Entry& e = entries_[ix];
      if (e.key.is(key)) {
        *pos = ix;
        return true;
      }
      if (e.hash == hash) {
        if (e.key.is_kind(ObjKind::Str) && key.is_kind(ObjKind::Str)) {
          if (e.key.as<Str>()->str() == key.as<Str>()->str()) {
            *pos = ix;
            return true;
          }
        } else {
          // User __eq__ may mutate this table (even free it through the
          // owner): hold the key, and restart if anything changed.
          const bool user = needs_user_eq(e.key, key);
          Value held = e.key;
          const uint64_t version = version_;
          const size_t nentries = entries_.size();
          int r = equals(vm, held, key);
          if (r < 0) return false;
          if (user && (version_ != version || entries_.size() != nentries || index_.empty() ||
                       static_cast<size_t>(ix) >= entries_.size() || !entries_[ix].key.is(held)))
            goto restart;
          if (r > 0) {
            *pos = ix;
            return true;
          }
        }
      }
    }
    perturb >>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
}

int64_t HashTable::find_str(const Str* key) const {
  if (index_.empty()) return -1;
  const int64_t hash = key->hash();
  const size_t mask = index_.size() - 1;
  uint64_t perturb = static_cast<uint64_t>(hash);
  size_t i = static_cast<size_t>(hash) & mask;
  for (;;) {
    int32_t ix = index_[i];
    if (ix == kEmpty) return -1;
    if (ix >= 0) {
      const Entry& e = entries_[ix];
      if (e.key.is_obj() && e.key.as_obj() == key) return ix;
      if (e.hash == hash && e.key.is_kind(ObjKind::Str) && e.key.as<Str>()->str() == key->str()) return ix;
    }
    perturb >>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
}

bool HashTable::insert(Vm& vm, Value key, int64_t hash, Value value) {
  int64_t pos;
  if (!find(vm, key, hash, &pos)) return false;
  if (pos >= 0) {
    // Python keeps the original key and replaces the value; not a change of
    // the key set, so iterators stay valid (no version bump).
    Value old = std::move(entries_[pos].value);
    entries_[pos].value = std::move(value);
    return true;
  }
  insert_new(std::move(key), hash, std::move(value));
  return true;
}

void HashTable::insert_new(Value key, int64_t hash, Value value) {
  // Usable capacity is 2/3 of the index, counted both in entries
  // (tombstones in entries_ included, as in CPython) and in non-empty index
  // slots: lookups stop at an empty slot, so a third of them must stay
  // empty however inserts and deletes alternate. Growing compacts both.
  const size_t cap = index_.size();
  if (cap == 0 || (entries_.size() + 1) * 3 > cap * 2 || static_cast<size_t>(filled_ + 1) * 3 > cap * 2) grow();
  const size_t mask = index_.size() - 1;
  uint64_t perturb = static_cast<uint64_t>(hash);
  size_t i = static_cast<size_t>(hash) & mask;
  while (index_[i] >= 0) {
    perturb >>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
  if (index_[i] == kEmpty) ++filled_;
  index_[i] = static_cast<int32_t>(entries_.size());
  entries_.push_back(Entry{std::move(key), std::move(value), hash});
  ++used_;
  ++version_;
}

bool HashTable::remove(Vm& vm, const Value& key, int64_t hash, bool* found, Value* old_value) {
  int64_t pos;
  *found = false;
  if (!find(vm, key, hash, &pos)) return false;
  if (pos < 0) return true;
  *found = true;
  if (old_value) *old_value = entries_[pos].value;
  remove_at(pos);
  return true;
}

void HashTable::remove_at(int64_t pos) {
  if (pos < 0 || static_cast<size_t>(pos) >= entries_.size() || entries_[pos].key.is_null()) return;
  const int64_t hash = entries_[pos].hash;
  const size_t mask = index_.size() - 1;
  uint64_t perturb = static_cast<uint64_t>(hash);
  size_t i = static_cast<size_t>(hash) & mask;
  while (index_[i] != static_cast<int32_t>(pos)) {
    perturb >>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
  index_[i] = kDeleted;
  // Move the key and value out first so that the table is consistent while
  // their destructors run.
  Value key = std::move(entries_[pos].key);
  Value value = std::move(entries_[pos].value);
  entries_[pos].key = Value();
  --used_;
  ++version_;
  // Trailing tombstones can simply go (keeps popitem-style use compact).
  // No index slot refers to a tombstone, so popping them is safe.
  while (!entries_.empty() && entries_.back().key.is_null()) entries_.pop_back();
}

void HashTable::clear() {
  std::vector<Entry> old = std::move(entries_);
  entries_.clear();
  index_.clear();
  used_ = 0;
  filled_ = 0;
  ++version_;
  // `old` dies here, after the table is consistent.
}

void HashTable::grow() {
  size_t capacity = 8;
  // Room for twice the live entries after compaction, so that a table that
  // alternates inserts and deletes does not rebuild on every insert.
  while (capacity * 2 < static_cast<size_t>(used_ + 1) * 3 * 2) capacity <<= 1;
  rebuild_index(capacity);
}

void HashTable::rebuild_index(size_t capacity) {
  if (static_cast<int64_t>(entries_.size()) != used_) {
    size_t out = 0;
    for (size_t in = 0; in < entries_.size(); ++in) {
      if (entries_[in].key.is_null()) continue;
      if (out != in) entries_[out] = std::move(entries_[in]);
      ++out;
    }
    entries_.resize(out);
  }
  // Entries grow to 2/3 of the index before the next rebuild: allocate that
  // once rather than doubling the vector on the way.
  entries_.reserve(capacity * 2 / 3 + 1);
  index_.assign(capacity, kEmpty);
  const size_t mask = capacity - 1;
  for (size_t k = 0; k < entries_.size(); ++k) {
    uint64_t perturb = static_cast<uint64_t>(entries_[k].hash);
    size_t i = static_cast<size_t>(entries_[k].hash) & mask;
    while (index_[i] != kEmpty) {
      perturb >>= 5;
      i = (i * 5 + perturb + 1) & mask;
    }
    index_[i] = static_cast<int32_t>(k);
  }
  filled_ = static_cast<int64_t>(entries_.size());
}

// ---- Class, Range, File -----------------------------------------------------------

Value Class::lookup(const Str* name) const {
  for (const Class* c : mro) {
    if (!c->dict) continue;
    int64_t pos = c->dict->table.find_str(name);
    if (pos >= 0) return c->dict->table.entries()[pos].value;
  }
  return Value();
}

int64_t Range::length() const {
  // Unsigned arithmetic: stop - start may not fit in int64.
  uint64_t n;
  if (step > 0) {
    if (start >= stop) return 0;
    uint64_t span = static_cast<uint64_t>(stop) - static_cast<uint64_t>(start);
    n = (span - 1) / static_cast<uint64_t>(step) + 1;
  } else if (step < 0) {
    if (start <= stop) return 0;
    uint64_t span = static_cast<uint64_t>(start) - static_cast<uint64_t>(stop);
    uint64_t mag = static_cast<uint64_t>(-(step + 1)) + 1;  // |step| without overflow
    n = (span - 1) / mag + 1;
  } else {
    return 0;
  }
  return n > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(n);
}

File::~File() {
  // The standard streams belong to the process, not to the file object.
  if (fp && fp != stdin && fp != stdout && fp != stderr) std::fclose(fp);
}

}  // namespace spindle
