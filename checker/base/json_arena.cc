// JsonArena: bump allocation in a few chunks; see json_arena.h.
#include "checker/base/json_arena.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace dxcheck {
namespace {

char* AlignUp(char* p, size_t align) {
  auto a = reinterpret_cast<uintptr_t>(p);
  return reinterpret_cast<char*>((a + align - 1) & ~(uintptr_t{align} - 1));
}

// One chunk kept per thread from the last arena it destroyed, for the next
// arena it creates: a thread that loads manifest after manifest (the
// service, a batch) then allocates its first chunk once, not per document.
// Holds at most kMaxChunk bytes per thread; freed when the thread ends.
struct SpareChunk {
  void* chunk = nullptr;
  size_t size = 0;
  ~SpareChunk() { ::operator delete(chunk); }
};
thread_local SpareChunk t_spare;

}  // namespace

JsonArena::JsonArena(size_t first_chunk)
    : next_chunk_(std::clamp<size_t>(first_chunk, 1024, kMaxChunk)) {}

JsonArena::~JsonArena() {
  // The largest chunk becomes the thread's spare, in place of the one kept
  // before: the spare follows the sizes of the documents read lately, so a
  // thread that once read a large one does not keep a chunk too large for
  // the small ones after it (Allocate takes a spare up to twice its need).
  Chunk* largest = nullptr;
  for (Chunk* c = chunks_; c != nullptr; c = c->next) {
    if (largest == nullptr || c->size > largest->size) largest = c;
  }
  while (chunks_ != nullptr) {
    Chunk* next = chunks_->next;
    if (chunks_ != largest) ::operator delete(chunks_);
    chunks_ = next;
  }
  if (largest != nullptr) {
    ::operator delete(t_spare.chunk);
    t_spare.chunk = largest;
    t_spare.size = largest->size;
  }
}

bool JsonArena::Owns(const void* p) const {
  auto a = reinterpret_cast<uintptr_t>(p);
  for (const Chunk* c = chunks_; c != nullptr; c = c->next) {
    auto b = reinterpret_cast<uintptr_t>(c);
    if (a >= b && a < b + c->size) return true;
  }
  return false;
}

void* JsonArena::Allocate(size_t bytes, size_t align) {
  // Chunks come from operator new, aligned for any fundamental type; items
  // need no more (alignof(JsonValue) <= alignof(max_align_t)).
  if (cur_ != nullptr) {
    char* p = AlignUp(cur_, align);
    if (p <= end_ && static_cast<size_t>(end_ - p) >= bytes) {
      cur_ = p + bytes;
      return p;
    }
  }
  size_t size = std::max(next_chunk_, bytes + sizeof(Chunk) + align);
  if (size > kMaxChunk || total_ + size > kMaxBytes) return ::operator new(bytes);
  // The thread's spare when it is big enough and not much bigger: the arena
  // counts it whole against kMaxBytes.
  Chunk* c;
  if (t_spare.chunk != nullptr && t_spare.size >= size && t_spare.size <= 2 * size &&
      total_ + t_spare.size <= kMaxBytes) {
    c = static_cast<Chunk*>(std::exchange(t_spare.chunk, nullptr));
    size = t_spare.size;
  } else {
    c = static_cast<Chunk*>(::operator new(size));
  }
  c->next = chunks_;
  c->size = size;
  chunks_ = c;
  total_ += size;
  ++count_;
  next_chunk_ = std::min(next_chunk_ * 2, kMaxChunk);
  end_ = reinterpret_cast<char*>(c) + size;
  char* p = AlignUp(reinterpret_cast<char*>(c + 1), align);
  cur_ = p + bytes;
  return p;
}

void JsonArena::Deallocate(void* p, size_t /*bytes*/) {
  if (!Owns(p)) ::operator delete(p);
}

}  // namespace dxcheck
