// RuleSet: everything a check evaluates against — the category code list, the
// classifier built from it, and the lists — loaded from a rules directory.
//
// A rules directory holds `categories.json` (the code list) and one list per
// other `*.json` file directly inside it (subdirectories are not read, so list
// tests and fixtures can live below). Extra list files given on the command line
// (`--list`) are added, or replace the directory's list with the same id.
// Every file is kept with the sha256 of its exact bytes for the decision.
#ifndef DXCHECK_RULES_RULE_SET_H_
#define DXCHECK_RULES_RULE_SET_H_

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/base/status.h"
#include "checker/categories/category_list.h"
#include "checker/categories/classifier.h"
#include "checker/categories/code_suggest.h"
#include "checker/categories/crosswalk.h"
#include "checker/rules/rule_list.h"

namespace dxcheck {

class RuleSet {
 public:
  // A file's name (as diagnostics and decisions show it) and exact bytes.
  struct Source {
    std::string path;
    std::string bytes;
  };

  // Loads `dir` and then `extra_lists`. NotFound when a file or the directory
  // cannot be read; InvalidInput (with diagnostics in `sink`) when any file is
  // invalid. Problems in every file are reported before returning.
  static Result<RuleSet> Load(const std::string& dir, const std::vector<std::string>& extra_lists,
                              DiagnosticSink* sink);

  // The same from bytes already in memory (an audit bundle): the code list,
  // the lists of the rules directory, then extra lists that replace by id.
  static Result<RuleSet> FromSources(const Source& categories, const std::vector<Source>& dir_lists,
                                     const std::vector<Source>& extra_lists, DiagnosticSink* sink,
                                     const std::string& dir = "");

  const CategoryList& categories() const { return *categories_; }
  const Classifier& classifier() const { return *classifier_; }
  const Crosswalk& crosswalk() const { return *crosswalk_; }
  const std::vector<RuleList>& lists() const { return lists_; }
  // Only for a later stage's data derived from the lists once, at load
  // (eval's PrepareDecisionHeads fills Rule::decision_head); nothing else
  // changes a loaded list.
  std::vector<RuleList>* mutable_lists() { return &lists_; }
  const std::string& dir() const { return dir_; }
  // The exact bytes of every file loaded (the code list, then each list in
  // the order of lists()), for packing an audit bundle without reading again.
  const Source& categories_source() const { return categories_source_; }
  const std::vector<Source>& list_sources() const { return list_sources_; }
  // Zones that some negative or positive list declares: gathered once, when
  // the lists are loaded (every check reads them).
  const std::set<std::string>& DeclaredZones() const { return declared_zones_; }
  // The index of the code list's titles and patterns that W-UNCLASSIFIED-FIELD's
  // "likeliest" hint searches: built on first use, once per rule set (it was
  // rebuilt by every check, ~36 % of an in-process check's instructions), then
  // shared by every check and thread.
  const LikelyCodeIndex& likely_codes() const;

 private:
  struct LazyHints {
    std::once_flag once;
    std::optional<LikelyCodeIndex> index;
  };
  std::string dir_;
  std::unique_ptr<CategoryList> categories_;
  std::unique_ptr<Classifier> classifier_;
  std::unique_ptr<Crosswalk> crosswalk_;
  std::vector<RuleList> lists_;
  Source categories_source_;
  std::vector<Source> list_sources_;  // parallel to lists_
  std::set<std::string> declared_zones_;  // of lists_, set by FromSources
  // Behind a pointer so that the rule set stays movable; the index points
  // at *categories_, whose address a move keeps.
  std::unique_ptr<LazyHints> hints_ = std::make_unique<LazyHints>();
};

// The file name of the category code list inside a rules directory.
constexpr const char kCategoryListFile[] = "categories.json";

}  // namespace dxcheck

#endif  // DXCHECK_RULES_RULE_SET_H_
