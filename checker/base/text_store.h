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
#include <initializer_list>
#include <string_view>

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

  // Bytes of texts stored (not of blocks reserved).
  size_t bytes() const { return bytes_; }

 private:
  struct Block;
  // Room for `n` more bytes at cur_, in the current block or a new one.
  char* Reserve(size_t n);
  void Free();

  Block* head_ = nullptr;  // the newest block; each links to the one before
  char* cur_ = nullptr;    // next free byte of head_
  size_t left_ = 0;        // free bytes at cur_
  size_t bytes_ = 0;
};

}  // namespace dxcheck

#endif  // DXCHECK_BASE_TEXT_STORE_H_
