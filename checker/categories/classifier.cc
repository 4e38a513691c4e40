#include "checker/categories/classifier.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>

#include "checker/categories/literal_patterns.h"
#include "checker/categories/text_cache.h"

namespace dxcheck {
namespace {

// RE2 splits max_mem between compilation and the DFA cache. Sized for a few
// thousand patterns; the DFA grows lazily, so small lists never use it all.
constexpr int64_t kSetMemoryBudget = 256 << 20;
// Each pattern must compile on its own within this much: one pattern that
// needs more is refused at load, named and located, rather than growing a
// set whose DFA then thrashes on every field.
constexpr int64_t kPatternMemoryBudget = 1 << 20;
// The classification cache (classifier.h): at most this many bytes of keys
// (name and description) and hits; full, it is emptied and starts again. A
// field longer than kCacheMaxKey is classified every time.
constexpr size_t kCacheBudget = 4 << 20;
constexpr size_t kCacheMaxKey = 1024;

// Patterns no longer than this, with no counted repetition and no Unicode
// class, are not compiled alone to check them against kPatternMemoryBudget
// (MayExceedPatternBudget).
constexpr size_t kSurelySmallPattern = 128;

// Whether `regex` could need more than kPatternMemoryBudget compiled alone,
// so that compiling it alone is the only way to know. Without "{" (counted
// repetition, also "\x{...}" and "\p{...}"), "\p" or "\P" (Unicode
// classes), RE2 compiles every construct once, and the densest ones take
// about 14 instructions a byte of pattern (measured: "\W" under case
// folding; "." 8) — under 2,000 for kSurelySmallPattern bytes, where the 1 MiB
// budget holds about 53,000. Such a pattern cannot fail the check, and
// compiling each alone was the largest part of loading the shipped rules
// (bench/README.md). tests/unit/categories/classifier_test.cc compiles the
// densest constructs at that length alone within the budget.
bool MayExceedPatternBudget(const std::string& regex) {
  return regex.size() > kSurelySmallPattern || regex.find('{') != std::string::npos ||
         regex.find("\\p") != std::string::npos || regex.find("\\P") != std::string::npos;
}

RE2::Options SetOptions() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(kSetMemoryBudget);
  return o;
}

// Compiles `regex` alone within kPatternMemoryBudget: true when it does not fit.
bool TooLargeAlone(const std::string& regex) {
  RE2::Options alone = SetOptions();
  alone.set_max_mem(kPatternMemoryBudget);
  RE2 single(regex, alone);
  return single.error_code() == RE2::ErrorPatternTooLarge;
}

}  // namespace

struct Classifier::Impl {
  Impl()
      : names(SetOptions(), RE2::UNANCHORED),
        descriptions(SetOptions(), RE2::UNANCHORED),
        cache(kCacheBudget) {}
  RE2::Set names;
  RE2::Set descriptions;
  std::vector<size_t> name_entry;         // Set index -> patterns_ index
  std::vector<size_t> description_entry;  // Set index -> patterns_ index
  // The literal patterns (literal_patterns.h), by patterns_ index: not in the sets.
  LiteralMatcher name_literals;
  LiteralMatcher description_literals;
  // (name, description) -> the hits Match found for it.
  TextCache<PatternHits> cache;
};

Classifier::Classifier() : impl_(std::make_unique<Impl>()) {}
Classifier::~Classifier() = default;
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;

Result<Classifier> Classifier::Build(const CategoryList& list, const std::string& file,
                                     DiagnosticSink* sink) {
  Classifier c;
  bool bad = false;
  std::vector<LiteralString> literals;
  for (size_t ci = 0; ci < list.categories().size(); ++ci) {
    const Category& cat = list.categories()[ci];
    c.categories_.push_back(cat.code);
    for (const CategoryPattern& p : cat.patterns) {
      bool is_name = p.target == PatternTarget::kName;
      RE2::Set& set = is_name ? c.impl_->names : c.impl_->descriptions;
      bool may_exceed = MayExceedPatternBudget(p.regex);
      if (!may_exceed && ExpandLiteralPattern(p.regex, &literals)) {
        (is_name ? c.impl_->name_literals : c.impl_->description_literals)
            .Add(c.patterns_.size(), literals);
        c.patterns_.push_back({ci, p.target, p.regex});
        continue;
      }
      if (may_exceed && TooLargeAlone(p.regex)) {
        sink->Report({Severity::kError, "E1310",
                      "pattern \"" + p.regex + "\" does not fit RE2's memory budget of " +
                          std::to_string(kPatternMemoryBudget >> 20) + " MiB per pattern; simplify it",
                      file, p.line, p.column, p.pointer});
        bad = true;
        continue;
      }
      std::string error;
      if (set.Add(p.regex, &error) < 0) {
        sink->Report({Severity::kError, "E1301",
                      "invalid RE2 pattern \"" + p.regex + "\": " + error, file, p.line,
                      p.column, p.pointer});
        bad = true;
        continue;
      }
      (is_name ? c.impl_->name_entry : c.impl_->description_entry).push_back(c.patterns_.size());
      c.patterns_.push_back({ci, p.target, p.regex});
    }
  }
  if (bad) return Status::InvalidInput(file + ": invalid classification patterns");
  if (!c.impl_->names.Compile() || !c.impl_->descriptions.Compile()) {
    sink->Report({Severity::kError, "E1310",
                  "the classification patterns do not fit RE2's memory budget of " +
                      std::to_string(kSetMemoryBudget >> 20) + " MiB; simplify or split them",
                  file, 0, 0, ""});
    return Status::InvalidInput(file + ": classification patterns too large");
  }
  return c;
}

Status Classifier::Classify(const std::string& name, const std::string& description,
                            PatternHits* hits) const {
  *hits = PatternHits();
  const std::string* key = nullptr;
  if (name.size() + description.size() < kCacheMaxKey) {
    key = &TextCache<PatternHits>::Key(0, name, description);
    if (impl_->cache.Find(*key, hits)) return Status::Ok();
  }
  std::vector<PatternHit> found;
  Status s = Match(name, description, &found);
  if (!s.ok()) return s;
  size_t bytes = sizeof(PatternHit) * found.size();  // the answer's share of the cache budget
  for (const PatternHit& h : found) bytes += h.code.size() + h.pattern.size();
  if (!found.empty()) {
    *hits = PatternHits(std::make_shared<const std::vector<PatternHit>>(std::move(found)));
  }
  if (key != nullptr) impl_->cache.Insert(*key, *hits, bytes);
  return Status::Ok();
}

Status Classifier::Match(const std::string& name, const std::string& description,
                         std::vector<PatternHit>* hits) const {
  std::vector<size_t> first_entry(categories_.size(), SIZE_MAX);
  struct Pass {
    const RE2::Set* set;
    const std::vector<size_t>* entries;
    const LiteralMatcher* literals;
    const std::string* text;
  };
  const Pass passes[] = {
      {&impl_->names, &impl_->name_entry, &impl_->name_literals, &name},
      {&impl_->descriptions, &impl_->description_entry, &impl_->description_literals,
       &description}};
  std::vector<size_t> entries;  // patterns_ indices that matched, this pass
  std::string folded;
  for (const Pass& pass : passes) {
    if (pass.text->empty()) continue;
    entries.clear();
    if (!pass.entries->empty()) {
      std::vector<int> matched;
      RE2::Set::ErrorInfo info;
      if (!pass.set->Match(*pass.text, &matched, &info) && info.kind != RE2::Set::kNoError) {
        return Status::Internal("classification of \"" + name +
                                "\" could not complete (RE2 error " +
                                std::to_string(static_cast<int>(info.kind)) + ")");
      }
      for (int m : matched) entries.push_back((*pass.entries)[static_cast<size_t>(m)]);
    }
    if (!pass.literals->empty()) {
      FoldForLiteralMatch(*pass.text, &folded);
      pass.literals->Match(folded, &entries);
    }
    for (size_t entry : entries) {
      size_t cat = patterns_[entry].category;
      // Names are matched first, so a category found by name keeps that hit.
      if (first_entry[cat] == SIZE_MAX || entry < first_entry[cat]) {
        if (first_entry[cat] == SIZE_MAX ||
            patterns_[first_entry[cat]].target == patterns_[entry].target) {
          first_entry[cat] = entry;
        }
      }
    }
  }
  for (size_t cat = 0; cat < categories_.size(); ++cat) {
    if (first_entry[cat] == SIZE_MAX) continue;
    const Entry& e = patterns_[first_entry[cat]];
    hits->push_back({categories_[cat], e.target, e.pattern});
  }
  return Status::Ok();
}

}  // namespace dxcheck
