#include "checker/core/rule_set.h"

#include "checker/core/file_io.h"

namespace dxcheck {

std::set<std::string> RuleSet::DeclaredZones() const {
  std::set<std::string> zones;
  for (const RuleList& l : lists_) {
    if (l.eligibility) zones.insert(l.eligibility->zones.begin(), l.eligibility->zones.end());
  }
  return zones;
}

Result<RuleSet> RuleSet::Load(const std::string& dir, const std::vector<std::string>& extra_lists,
                              DiagnosticSink* sink) {
  RuleSet set;
  set.dir_ = dir;
  std::string cat_path = dir + "/" + kCategoryListFile;
  Result<std::string> cat_bytes = ReadFile(cat_path);
  if (!cat_bytes.ok()) return cat_bytes.status();
  Result<CategoryList> cats = CategoryList::Load(*cat_bytes, cat_path, sink);
  if (!cats.ok()) return cats.status();
  set.categories_ = std::make_unique<CategoryList>(std::move(cats).value());
  Result<Classifier> classifier = Classifier::Build(*set.categories_, cat_path, sink);
  if (!classifier.ok()) return classifier.status();
  set.classifier_ = std::make_unique<Classifier>(std::move(classifier).value());
  Result<Crosswalk> crosswalk = Crosswalk::Build(*set.categories_, cat_path, sink);
  if (!crosswalk.ok()) return crosswalk.status();
  set.crosswalk_ = std::make_unique<Crosswalk>(std::move(crosswalk).value());

  Result<std::vector<std::string>> files = ListJsonFiles(dir);
  if (!files.ok()) return files.status();
  std::vector<std::string> paths;
  for (const std::string& f : *files) {
    if (f != cat_path) paths.push_back(f);
  }
  size_t from_dir = paths.size();
  paths.insert(paths.end(), extra_lists.begin(), extra_lists.end());

  bool invalid = false;
  for (size_t i = 0; i < paths.size(); ++i) {
    Result<std::string> bytes = ReadFile(paths[i]);
    if (!bytes.ok()) return bytes.status();
    Result<RuleList> list = LoadRuleList(*bytes, paths[i], *set.categories_, sink);
    if (!list.ok()) {
      invalid = true;
      continue;
    }
    bool replaced = false;
    for (RuleList& existing : set.lists_) {
      if (existing.id != list->id) continue;
      if (i < from_dir) {
        // Two files of one directory with one id: ambiguous, never silently pick one.
        sink->Report({Severity::kError, "E1306",
                      "list id \"" + list->id + "\" is also used by " + existing.file, paths[i], 0,
                      0, "/id"});
        invalid = true;
      } else {
        existing = std::move(list).value();  // --list replaces the list with its id
      }
      replaced = true;
      break;
    }
    if (!replaced) set.lists_.push_back(std::move(list).value());
  }
  if (invalid) return Status::InvalidInput("invalid lists in " + dir);
  return set;
}

}  // namespace dxcheck
