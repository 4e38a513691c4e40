// JsonArena, JsonItemAllocator: one block of memory for the items of a parsed
// document, so that reading a manifest costs a few allocations, not one per
// array and object.
//
// JsonValue::items allocates through JsonItemAllocator. Without an arena (the
// default, and what every copy gets) that is operator new and delete, as a
// std::vector's would be. With one, a parse (JsonParseOptions::arena) sizes
// each array's and object's items once, in bump-allocated chunks the arena
// owns and frees together; delete of such memory does nothing. Its largest
// chunk is not freed but kept by the thread that destroys the arena, for the
// next arena that thread creates (one chunk per thread, at most kMaxChunk). The arena
// holds at most kMaxBytes in chunks: past that, items come from operator new
// again, so a document whose items are dropped (manifest schema.fields) does
// not keep an unbounded block alive.
//
// REQUIRES of a user: the arena outlives every tree parsed into it and stays
// where it is (the allocators point at it); a subtree must not be moved out
// of such a tree to outlive it (copies are safe: they allocate afresh).
// Not thread-safe: one arena per document, read by one thread at a time.
#ifndef DXCHECK_BASE_JSON_ARENA_H_
#define DXCHECK_BASE_JSON_ARENA_H_

#include <cstddef>
#include <memory>
#include <new>

namespace dxcheck {

class JsonArena {
 public:
  // Chunks stay below glibc's 64 KiB free threshold that consolidates fastbins.
  static constexpr size_t kMaxChunk = 60 * 1024;
  static constexpr size_t kMaxBytes = 1024 * 1024;

  // `first_chunk`: the size of the first chunk, clamped to [1 KiB, kMaxChunk];
  // allocated on first use.
  explicit JsonArena(size_t first_chunk = 0);
  JsonArena(const JsonArena&) = delete;
  JsonArena& operator=(const JsonArena&) = delete;
  ~JsonArena();

  void* Allocate(size_t bytes, size_t align);
  void Deallocate(void* p, size_t bytes);

  // Bytes held in chunks (for tests and the bench).
  size_t chunk_bytes() const { return total_; }
  size_t chunks() const { return count_; }

 private:
  // Each chunk opens with its header: the chunks are a list, so keeping them
  // allocates nothing more.
  struct Chunk {
    Chunk* next;
    size_t size;  // header included
  };
  bool Owns(const void* p) const;

  size_t next_chunk_;
  size_t total_ = 0;
  size_t count_ = 0;
  char* cur_ = nullptr;
  char* end_ = nullptr;
  Chunk* chunks_ = nullptr;
};

// The allocator of JsonValue::items: an arena's, or the heap's when arena is
// null. A move takes the allocator along (the memory goes with the vector);
// a copy allocates on the heap.
template <typename T>
class JsonItemAllocator {
 public:
  using value_type = T;
  using propagate_on_container_move_assignment = std::true_type;
  using propagate_on_container_swap = std::true_type;
  using propagate_on_container_copy_assignment = std::false_type;
  using is_always_equal = std::false_type;

  JsonItemAllocator() noexcept = default;
  explicit JsonItemAllocator(JsonArena* arena) noexcept : arena_(arena) {}
  template <typename U>
  JsonItemAllocator(const JsonItemAllocator<U>& o) noexcept : arena_(o.arena()) {}

  T* allocate(size_t n) {
    if (arena_ != nullptr) return static_cast<T*>(arena_->Allocate(n * sizeof(T), alignof(T)));
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, size_t n) noexcept {
    if (arena_ != nullptr) {
      arena_->Deallocate(p, n * sizeof(T));
    } else {
      std::allocator<T>().deallocate(p, n);
    }
  }
  JsonItemAllocator select_on_container_copy_construction() const { return JsonItemAllocator(); }

  JsonArena* arena() const { return arena_; }
  friend bool operator==(const JsonItemAllocator& a, const JsonItemAllocator& b) {
    return a.arena_ == b.arena_;
  }
  friend bool operator!=(const JsonItemAllocator& a, const JsonItemAllocator& b) {
    return a.arena_ != b.arena_;
  }

 private:
  JsonArena* arena_ = nullptr;
};

}  // namespace dxcheck

#endif  // DXCHECK_BASE_JSON_ARENA_H_
