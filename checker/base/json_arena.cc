// JsonArena: bump allocation in a few chunks; see json_arena.h.
#include "checker/base/json_arena.h"

#include <algorithm>
#include <cstdint>

namespace dxcheck {
namespace {

char* AlignUp(char* p, size_t align) {
  auto a = reinterpret_cast<uintptr_t>(p);
  return reinterpret_cast<char*>((a + align - 1) & ~(uintptr_t{align} - 1));
}

}  // namespace

JsonArena::JsonArena(size_t first_chunk)
    : next_chunk_(std::clamp<size_t>(first_chunk, 1024, kMaxChunk)) {}

JsonArena::~JsonArena() {
  while (chunks_ != nullptr) {
    Chunk* next = chunks_->next;
    ::operator delete(chunks_);
    chunks_ = next;
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
  auto* c = static_cast<Chunk*>(::operator new(size));
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
