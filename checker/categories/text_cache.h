// TextCache: answers computed from a field's name and description (its
// categories, the codes it likely needs), kept for the other checks of the
// process — column names repeat across manifests, and computing an answer
// costs far more than looking it up.
//
// One cache is shared by the threads that check with one rule set (a mutex
// guards it), and bounded by the bytes of its keys and values: when the next
// entry would pass the budget, the cache is emptied and starts again. The
// working set of real pipelines is small and repeats, so that crude bound is
// enough and keeps no per-entry bookkeeping.
#ifndef DXCHECK_CATEGORIES_TEXT_CACHE_H_
#define DXCHECK_CATEGORIES_TEXT_CACHE_H_

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dxcheck {

template <typename V>
class TextCache {
 public:
  explicit TextCache(size_t budget) : budget_(budget) {}
  TextCache(const TextCache&) = delete;
  TextCache& operator=(const TextCache&) = delete;

  // The key of (`tag`, `a`, `b`): the bytes of `tag` and of a's length, then
  // a and b, so that ("ab", "c") and ("a", "bc") stay apart. Built in a
  // buffer reused per thread (a key rarely fits std::string's inline buffer,
  // and a fresh one was an allocation per field per check), with no number
  // formatted: valid until this thread's next Key.
  static const std::string& Key(size_t tag, std::string_view a, std::string_view b) {
    thread_local std::string key;
    const size_t head[2] = {tag, a.size()};
    key.assign(reinterpret_cast<const char*>(head), sizeof head);
    key.append(a).append(b);
    return key;
  }

  // Copies the answer kept for `key` into *value; false when there is none.
  bool Find(const std::string& key, V* value) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = answers_.find(key);
    if (it == answers_.end()) return false;
    *value = it->second;
    return true;
  }

  // Keeps `value` for `key`; `value_bytes` is what the value holds beyond
  // the key (its share of the budget).
  void Insert(const std::string& key, const V& value, size_t value_bytes) {
    size_t bytes = key.size() + value_bytes;
    std::lock_guard<std::mutex> lock(mu_);
    if (bytes_ + bytes > budget_) {
      answers_.clear();
      bytes_ = 0;
    }
    if (answers_.emplace(key, value).second) bytes_ += bytes;
  }

 private:
  const size_t budget_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, V> answers_;
  size_t bytes_ = 0;
};

}  // namespace dxcheck

#endif  // DXCHECK_CATEGORIES_TEXT_CACHE_H_
