// DiffLists: what a new version of a list changes (`dxcheck diff`): list
// metadata, rules added and removed, and for rules in both, each change of
// predicate (node by node, with the JSON pointer of the node), outcome,
// relief, citation, verification and title.
#ifndef DXCHECK_AUTHORING_LIST_DIFF_H_
#define DXCHECK_AUTHORING_LIST_DIFF_H_

#include <string>
#include <vector>

#include "checker/eval/decision.h"
#include "checker/rules/rule_list.h"

namespace dxcheck {

struct Change {
  std::string what;  // "version", "when /all/1", "outcome.verdict", "citation", ...
  std::string before, after;
};

struct RuleChange {
  std::string rule;
  std::vector<Change> changes;
};

struct ListDiff {
  std::vector<Change> metadata;
  std::vector<std::string> added, removed;  // rule ids
  std::vector<RuleChange> changed;
  bool empty() const { return metadata.empty() && added.empty() && removed.empty() && changed.empty(); }
};

ListDiff DiffLists(const RuleList& before, const RuleList& after);

// How one manifest's decision changes between two rule sets.
struct DecisionDelta {
  std::string verdict_before, verdict_after;
  int exit_before = 0, exit_after = 0;
  std::vector<std::string> rules_added, rules_removed;  // "list/rule" in force
  std::vector<std::string> open_added, open_removed;    // obligation ids left open
  bool changed() const {
    return verdict_before != verdict_after || exit_before != exit_after || !rules_added.empty() ||
           !rules_removed.empty() || !open_added.empty() || !open_removed.empty();
  }
};

DecisionDelta DiffDecisions(const Decision& before, const Decision& after);

// Node-by-node differences of two predicates; `at` is the pointer of the root.
void DiffPredicates(const Predicate& a, const Predicate& b, const std::string& at,
                    std::vector<Change>* out);

}  // namespace dxcheck

#endif  // DXCHECK_AUTHORING_LIST_DIFF_H_
