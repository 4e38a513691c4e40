// Classifier: assigns category codes to fields that carry none, from RE2
// patterns on their names and descriptions.
//
// All patterns of one target (names, descriptions) are compiled into a single
// RE2::Set, so matching a field costs one pass of one DFA over its text however
// many patterns the code list has; but for the literal ones ("身份证", "e_?mail",
// literal_patterns.h), which a substring search matches with the same answers
// and without RE2's parse, compile and DFA start-up costs. A Classifier is immutable after Build() (but
// for its cache of answers, which a mutex guards) and safe to share between
// threads (RE2::Set::Match is const and thread-safe).
//
// Patterns are unanchored and case-insensitive by default ("(?-i)" inside a
// pattern turns that off); write "^...$" to match a whole name.
#ifndef DXCHECK_CATEGORIES_CLASSIFIER_H_
#define DXCHECK_CATEGORIES_CLASSIFIER_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/base/status.h"
#include "checker/categories/category_list.h"

namespace re2 {
class RE2;
}

namespace dxcheck {

// One category assigned by one pattern.
struct PatternHit {
  std::string code;
  PatternTarget target;
  std::string pattern;
};

// The hits of one classification, read-only and shared by the classifier's
// cache and every field given them: a cached answer costs a reference count,
// not a copy of its hits per field and check. Reads as a vector of hits.
class PatternHits {
 public:
  PatternHits() = default;
  explicit PatternHits(std::shared_ptr<const std::vector<PatternHit>> hits)
      : hits_(std::move(hits)) {}

  size_t size() const { return hits_ ? hits_->size() : 0; }
  bool empty() const { return size() == 0; }
  const PatternHit& operator[](size_t i) const { return (*hits_)[i]; }
  const PatternHit* begin() const { return hits_ ? hits_->data() : nullptr; }
  const PatternHit* end() const { return hits_ ? hits_->data() + hits_->size() : nullptr; }

 private:
  std::shared_ptr<const std::vector<PatternHit>> hits_;  // null: none
};

class Classifier {
 public:
  Classifier();
  ~Classifier();
  Classifier(Classifier&&) noexcept;
  Classifier& operator=(Classifier&&) noexcept;

  // Compiles every pattern of `list`. A pattern that does not compile is
  // reported at its pointer in `file` (E1301) and the result is InvalidInput.
  static Result<Classifier> Build(const CategoryList& list, const std::string& file,
                                  DiagnosticSink* sink);

  // The categories `name` and `description` match, one hit per category (the
  // first pattern that matched it, names before descriptions), in code-list
  // order. Internal error when RE2 could not complete a match (its DFA ran out
  // of memory): a match that could not run never reads as "no match".
  //
  // Answers are cached per Classifier (column names repeat across the
  // manifests one process checks: batch, serve), under a lock, within a
  // bounded budget (emptied when full); a match that failed is not cached,
  // and leaves *hits empty.
  Status Classify(const std::string& name, const std::string& description,
                  PatternHits* hits) const;

  size_t pattern_count() const { return patterns_.size(); }

 private:
  // Classify without the cache.
  Status Match(const std::string& name, const std::string& description,
               std::vector<PatternHit>* hits) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
  struct Entry {
    size_t category;  // index in categories_
    PatternTarget target;
    std::string pattern;
  };
  std::vector<Entry> patterns_;
  std::vector<std::string> categories_;
};

}  // namespace dxcheck

#endif  // DXCHECK_CATEGORIES_CLASSIFIER_H_
