// TextStore: an append-only store of texts that hands out string_views.
//
// A result that holds many small computed texts (a decision's evidence values
// and pointers, its lists' reasons) would pay one allocation per text as
// std::strings (those past the 15-byte inline buffer). Here texts are copied
// into blocks the store owns, so a decision pays one allocation per block.
//
// Contract: a view Add returned stays valid, unchanged, as long as the store
// lives — also after the store is moved, since a move hands its blocks over
// and never copies them. The store cannot be copied: a copy would leave the
// views of its owner's texts pointing into the original.
#ifndef DXCHECK_BASE_TEXT_STORE_H_
#define DXCHECK_BASE_TEXT_STORE_H_

#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <string_view>
#include <type_traits>

namespace dxcheck {

class TextStore {
 public:
  TextStore() = default;
  ~TextStore();
  TextStore(TextStore&& o) noexcept;
  TextStore& operator=(TextStore&& o) noexcept;
  TextStore(const TextStore&) = delete;
  TextStore& operator=(const TextStore&) = delete;

  // A stable copy of `text` (an empty view for an empty text: no storage).
  std::string_view Add(std::string_view text);
  // The concatenation of `parts`, copied once, without a temporary string.
  std::string_view Concat(std::initializer_list<std::string_view> parts);

  // A stable copy of the `n` items at `items`, for items that are plain
  // values (views, numbers): an array in a block, aligned for T; null for
  // n == 0. The same contract as Add: valid as long as the store lives.
  template <typename T>
  const T* AddArray(const T* items, size_t n) {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                  "a TextStore never runs constructors or destructors");
    if (n == 0) return nullptr;
    char* at = Reserve(n * sizeof(T), alignof(T));
    std::memcpy(at, items, n * sizeof(T));
    Commit(at, n * sizeof(T));
    return reinterpret_cast<const T*>(at);
  }

  // Bytes stored (texts and arrays; not the blocks' free room).
  size_t bytes() const { return bytes_; }

 private:
  struct Block;
  // Room for `n` more bytes aligned to `align` (a power of two, at most
  // alignof(std::max_align_t)), in the current block or a new one.
  char* Reserve(size_t n, size_t align = 1);
  // Marks the `n` bytes Reserve returned at `at` as used.
  void Commit(char* at, size_t n);
  void Free();

  Block* head_ = nullptr;  // the newest block; each links to the one before
  char* cur_ = nullptr;    // next free byte of head_
  size_t left_ = 0;        // free bytes at cur_
  size_t bytes_ = 0;
};

}  // namespace dxcheck

#endif  // DXCHECK_BASE_TEXT_STORE_H_
