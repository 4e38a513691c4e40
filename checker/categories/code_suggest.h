// Code suggestions: what a user most likely meant by a category code the code
// list does not have, and whether a code that "extends" a listed one is really
// a misspelling of a listed sibling.
//
// Why this matters: a code that extends a listed code takes that code's
// defaults (spec/manifest.md), so "pi.helth" would quietly become plain,
// non-sensitive "pi", and a list rule on it could never match. Such near
// misses are errors with a hint, not extensions.
#ifndef DXCHECK_CATEGORIES_CODE_SUGGEST_H_
#define DXCHECK_CATEGORIES_CODE_SUGGEST_H_

#include <memory>
#include <string>
#include <vector>

#include "checker/categories/category_list.h"

namespace dxcheck {

// The listed code (or family prefix of listed codes) `code` most likely
// meant, or "" when none is close: first a listed code whose trailing
// segments are `code` ("lab" -> "clinical.lab"), then the closest by edit
// distance (at most 2, and less than half the length). Bounded work: codes
// longer than 64 bytes get no suggestion.
std::string SuggestCategoryCode(const CategoryList& list, const std::string& code);

// When `code` is not listed but extends a listed code A by a first new
// segment that is within edit distance 1 (2 for segments of 6 or more
// letters) of a listed child of A, that child ("pi.helth" -> "pi.health",
// "clinical.labs.x" -> "clinical.lab"); otherwise "".
std::string MisspeltExtension(const CategoryList& list, const std::string& code);

// True when `code` is a listed code or the family of one ("clinical" when
// "clinical.lab" is listed): what a list may name.
bool IsListedCodeOrFamily(const CategoryList& list, const std::string& code);

// The codes an unclassified field most likely needs (at most `max`, best
// first): each word of its name and description (ASCII words of 3 or more
// letters, camelCase and snake_case split; pairs of CJK characters) scores,
// for every code whose patterns or titles contain it, 1 / (number of such
// codes). Empty when nothing scores. Only the first 256 bytes of each text
// are looked at.
std::vector<std::string> LikelyCodes(const CategoryList& list, const std::string& name,
                                     const std::string& description, size_t max = 3);

// LikelyCodes for many fields: the code list's titles and patterns are
// lower-cased once here rather than once per field. REQUIRES: `list`
// outlives the index.
//
// Answers are cached per index (column names repeat across the checks of one
// process, and the search scans every code's text for every word: it was a
// quarter of a warm in-process check's instructions). The cache is bounded
// (emptied when full) and guarded by a mutex, so one index can be shared by
// the checks of several threads.
class LikelyCodeIndex {
 public:
  explicit LikelyCodeIndex(const CategoryList& list);
  ~LikelyCodeIndex();
  LikelyCodeIndex(LikelyCodeIndex&&) noexcept;
  LikelyCodeIndex& operator=(LikelyCodeIndex&&) noexcept;

  // LikelyCodes' answer, shared with the cache (never null): a cached answer
  // costs a reference count, not a copy of its codes.
  std::shared_ptr<const std::vector<std::string>> Likely(const std::string& name,
                                                         const std::string& description,
                                                         size_t max = 3) const;
  // Likely without the cache.
  std::vector<std::string> Search(const std::string& name, const std::string& description,
                                  size_t max) const;

 private:
  struct Cache;
  const CategoryList* list_;
  std::vector<std::string> haystacks_;  // per code: titles and patterns, lower-cased
  std::unique_ptr<Cache> cache_;
};

// Optimal string alignment distance between `a` and `b` (insertions,
// deletions, substitutions, adjacent transpositions, in bytes), or `cap` + 1
// when it exceeds `cap`. O(|a| * |b|); callers bound the lengths.
size_t BoundedEditDistance(const std::string& a, const std::string& b, size_t cap);

}  // namespace dxcheck

#endif  // DXCHECK_CATEGORIES_CODE_SUGGEST_H_
