#include "checker/rules/rule_set.h"

#include "checker/base/file_io.h"

namespace dxcheck {

const LikelyCodeIndex& RuleSet::likely_codes() const {
  std::call_once(hints_->once, [this] { hints_->index.emplace(*categories_); });
  return *hints_->index;
}

Result<RuleSet> RuleSet::Load(const std::string& dir, const std::vector<std::string>& extra_lists,
                              DiagnosticSink* sink) {
  std::string cat_path = dir + "/" + kCategoryListFile;
  Result<std::string> cat_bytes = ReadFile(cat_path);
  if (!cat_bytes.ok()) return cat_bytes.status();
  Result<std::vector<std::string>> files = ListJsonFiles(dir);
  if (!files.ok()) return files.status();
  std::vector<Source> dir_lists, extra;
  for (const std::string& f : *files) {
    if (f == cat_path) continue;
    Result<std::string> bytes = ReadFile(f);
    if (!bytes.ok()) return bytes.status();
    dir_lists.push_back({f, std::move(bytes).value()});
  }
  for (const std::string& f : extra_lists) {
    Result<std::string> bytes = ReadFile(f);
    if (!bytes.ok()) return bytes.status();
    extra.push_back({f, std::move(bytes).value()});
  }
  return FromSources({cat_path, std::move(cat_bytes).value()}, dir_lists, extra, sink, dir);
}

Result<RuleSet> RuleSet::FromSources(const Source& categories, const std::vector<Source>& dir_lists,
                                     const std::vector<Source>& extra_lists, DiagnosticSink* sink,
                                     const std::string& dir) {
  RuleSet set;
  set.dir_ = dir;
  set.categories_source_ = categories;
  Result<CategoryList> cats = CategoryList::Load(categories.bytes, categories.path, sink);
  if (!cats.ok()) return cats.status();
  set.categories_ = std::make_unique<CategoryList>(std::move(cats).value());
  Result<Classifier> classifier = Classifier::Build(*set.categories_, categories.path, sink);
  if (!classifier.ok()) return classifier.status();
  set.classifier_ = std::make_unique<Classifier>(std::move(classifier).value());
  Result<Crosswalk> crosswalk = Crosswalk::Build(*set.categories_, categories.path, sink);
  if (!crosswalk.ok()) return crosswalk.status();
  set.crosswalk_ = std::make_unique<Crosswalk>(std::move(crosswalk).value());

  std::vector<const Source*> all;
  for (const Source& s : dir_lists) all.push_back(&s);
  for (const Source& s : extra_lists) all.push_back(&s);
  bool invalid = false;
  for (size_t i = 0; i < all.size(); ++i) {
    Result<RuleList> list = LoadRuleList(all[i]->bytes, all[i]->path, *set.categories_, sink);
    if (!list.ok()) {
      invalid = true;
      continue;
    }
    bool replaced = false;
    for (RuleList& existing : set.lists_) {
      if (existing.id != list->id) continue;
      if (i < dir_lists.size()) {
        // Two files of one directory with one id: ambiguous, never silently pick one.
        sink->Report({Severity::kError, "E1306",
                      "list id \"" + list->id + "\" is also used by " + existing.file, all[i]->path,
                      0, 0, "/id"});
        invalid = true;
      } else {
        size_t at = static_cast<size_t>(&existing - set.lists_.data());
        existing = std::move(list).value();  // --list replaces the list with its id
        set.list_sources_[at] = *all[i];
      }
      replaced = true;
      break;
    }
    if (!replaced) {
      set.lists_.push_back(std::move(list).value());
      set.list_sources_.push_back(*all[i]);
    }
  }
  if (invalid) return Status::InvalidInput("invalid lists" + (dir.empty() ? "" : " in " + dir));
  for (const RuleList& l : set.lists_) {
    if (l.eligibility) {
      set.declared_zones_.insert(l.eligibility->zones.begin(), l.eligibility->zones.end());
    }
  }
  return set;
}

}  // namespace dxcheck
