// Blocks are one allocation each: a header and its bytes. The first is 1 KiB
// (a 20-field decision's texts fit), each next one twice the last up to
// 64 KiB; a text longer than that gets a block of its own size.
#include "checker/base/text_store.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include "checker/base/small_alloc.h"

namespace dxcheck {

struct alignas(std::max_align_t) TextStore::Block {
  Block* previous;
  size_t size;  // bytes after the header
  char* bytes() { return reinterpret_cast<char*>(this + 1); }
};

namespace {
constexpr size_t kLargestBlock = 64 * 1024;
}  // namespace

TextStore::~TextStore() { Free(); }

TextStore::TextStore(TextStore&& o) noexcept
    : head_(std::exchange(o.head_, nullptr)),
      cur_(std::exchange(o.cur_, nullptr)),
      left_(std::exchange(o.left_, 0)),
      bytes_(std::exchange(o.bytes_, 0)) {}

TextStore& TextStore::operator=(TextStore&& o) noexcept {
  if (this != &o) {
    Free();
    head_ = std::exchange(o.head_, nullptr);
    cur_ = std::exchange(o.cur_, nullptr);
    left_ = std::exchange(o.left_, 0);
    bytes_ = std::exchange(o.bytes_, 0);
  }
  return *this;
}

void TextStore::Free() {
  while (head_ != nullptr) {
    Block* previous = head_->previous;
    ::operator delete(head_);
    head_ = previous;
  }
  cur_ = nullptr;
  left_ = 0;
}

char* TextStore::Reserve(size_t n, size_t align) {
  // Padding that aligns cur_ (a block's first byte is aligned for anything:
  // the header is two words and operator new aligns to max_align_t).
  size_t pad = (align - reinterpret_cast<uintptr_t>(cur_) % align) % align;
  if (cur_ != nullptr && pad + n <= left_) return cur_ + pad;
  // The first block, header included, is a small allocation (small_alloc.h):
  // a check makes a few stores, most of which never need a second block.
  size_t size = head_ == nullptr ? kSmallAllocation - sizeof(Block)
                                 : std::min(head_->size * 2, kLargestBlock);
  size = std::max(size, n);
  // operator new, like every other allocation here: out of memory is the
  // process's std::bad_alloc, as for a std::string.
  Block* b = static_cast<Block*>(::operator new(sizeof(Block) + size));
  b->previous = head_;
  b->size = size;
  head_ = b;
  cur_ = b->bytes();
  left_ = size;
  return cur_;
}

void TextStore::Commit(char* at, size_t n) {
  left_ -= static_cast<size_t>(at + n - cur_);
  cur_ = at + n;
  bytes_ += n;
}

std::string_view TextStore::Add(std::string_view text) {
  if (text.empty()) return {};
  char* at = Reserve(text.size());
  std::memcpy(at, text.data(), text.size());
  Commit(at, text.size());
  return {at, text.size()};
}

std::string_view TextStore::Concat(std::initializer_list<std::string_view> parts) {
  size_t n = 0;
  for (std::string_view p : parts) n += p.size();
  if (n == 0) return {};
  char* at = Reserve(n);
  char* to = at;
  for (std::string_view p : parts) {
    // An empty part may have a null data(): memcpy's arguments must not be.
    if (!p.empty()) std::memcpy(to, p.data(), p.size());
    to += p.size();
  }
  Commit(at, n);
  return {at, n};
}

}  // namespace dxcheck
