// Evaluate: the composition of spec/decision.md, from a classified manifest and
// a rule set to a Decision.
//
//  1. Which lists apply: in force at the evaluation date; an FTZ list only for
//     an eligible exporter (zone, exporting from it, not a CIIO, sector,
//     scenario) and only when the transfer holds none of the data the list
//     does not cover (then the baseline decides the whole transfer).
//  2. Which rules fire: every rule of every applied list whose predicate holds.
//  3. Important data: any fired rule that designates it.
//  4. The claimed exemption, taken as claimed; Art. 3 exemptions only when no
//     PI and no important data are present, otherwise ignored with a warning.
//  5. Relief: a fired rule is lifted by an applied exemption it names, or (if
//     it allows it) by an applicable FTZ list. Prohibitions, important data and
//     parallel regimes are never relievable (the list loader enforces it).
//  6. Verdict: the most restrictive outcome of the rules in force; obligations
//     from those rules and from the verdict; an FTZ list's filing only when its
//     relief made the verdict less restrictive than the baseline's.
//  7. Clearance against `status` at the evaluation date (clearance.h).
// No clock, no I/O: the same inputs give the same decision.
#ifndef DXCHECK_EVAL_EVALUATOR_H_
#define DXCHECK_EVAL_EVALUATOR_H_

#include <optional>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/eval/decision.h"
#include "checker/manifest/manifest.h"
#include "checker/rules/data_profile.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {

struct EvaluationOptions {
  Date at;                // the evaluation date
  bool clearance = true;  // false: --no-clearance, ignore `status`
  // The ledger's prior counts: they supersede subjects.priorThisYear (a
  // declared value that differs is a warning) and are recorded in the decision.
  std::optional<LedgerRecord> ledger;
};

// Sets `m`'s members that come from rule `r` of list `l` (all but evidence
// and relieved_by): views of the rule set's texts.
void SetMatchHead(const RuleList& l, const Rule& r, Match* m);

// REQUIRES: `profile` was built from `m` with `rules`' classifier.
// `manifest_warnings` (PrepareTransfer's, from CheckConsistency and the data
// checks: warnings only) are carried into the decision, in order.
Decision Evaluate(const Manifest& m, const DataProfile& profile, const RuleSet& rules,
                  const EvaluationOptions& options,
                  const std::vector<DecisionWarning>& manifest_warnings);

}  // namespace dxcheck

#endif  // DXCHECK_EVAL_EVALUATOR_H_
