// RuleList: one list of rules (national baseline, FTZ negative list, positive
// list, parallel regime), as specified in rules/README.md.
//
// A list has metadata (id, version, bilingual title, issuer, kind, status,
// effective dates, and for FTZ lists the eligibility, the data the list does
// not cover and the filing it requires) and rules. A rule is a predicate
// (predicate.h), an outcome (a verdict and/or obligations, possibly
// designating important data), the relief that may lift it, a citation and a
// verification status. How lists combine is the evaluator's business
// (evaluator.h); the loader enforces the invariants the composition relies on:
// prohibitions and important data are never relievable, only a baseline's rules
// can be relieved by an FTZ list, obligation ids are pinned or namespaced.
#ifndef DXCHECK_RULES_RULE_LIST_H_
#define DXCHECK_RULES_RULE_LIST_H_

#include <optional>
#include <string>
#include <vector>

#include "checker/base/date.h"
#include "checker/base/diagnostic.h"
#include "checker/base/status.h"
#include "checker/categories/category_list.h"
#include "checker/rules/predicate.h"
#include "checker/rules/verdict.h"

namespace dxcheck {

enum class ListKind { kBaseline, kNegative, kPositive, kParallel };
const char* ListKindName(ListKind k);

struct Bilingual {
  std::string zh, en;
};

struct Outcome {
  std::optional<Verdict> verdict;        // absent: the rule only adds obligations
  std::vector<std::string> obligations;  // pinned ids or "list-id:name"
  bool important_data = false;           // designates the data as important data
};

struct Relief {
  std::vector<std::string> exemptions;  // claimed exemptions that lift the rule
  bool ftz_list = false;                // an applicable FTZ list lifts it (Order 16 Art. 6)
};

struct Rule {
  std::string id;
  Bilingual title;
  Predicate when;
  Outcome outcome;
  Relief relief;
  std::string citation;
  std::string verification;  // "verified", "secondary" or "unverified"
  std::string note;
  std::string pointer;       // "/rules/3"
  // The decision's bytes of a match's members that come from this rule,
  // compact ([0]) and pretty ([1]), as the decision writer writes them
  // (eval/decision_json.h PrepareDecisionHeads fills them once per rule set,
  // in a process that makes many decisions). Empty: written per decision.
  std::string decision_head[2];
};

struct Eligibility {
  std::vector<std::string> zones;
  std::vector<std::string> sectors;    // empty: every sector
  std::vector<std::string> scenarios;  // empty: every scenario
  bool ciio_excluded = true;
  bool export_from_zone_required = true;
};

struct Filing {
  std::string obligation;  // usually "ftz_filing"
  std::string citation;
  std::string verification;
};

struct RuleList {
  std::string file, sha256;
  std::string id, version, issuer;
  Bilingual title;
  ListKind kind = ListKind::kBaseline;
  std::string status;  // "official", "partial" or "model"
  std::string status_note;
  Date effective_from;
  std::optional<Date> effective_until;
  std::optional<Eligibility> eligibility;  // negative and positive lists
  std::optional<Predicate> not_covered;    // data the list does not cover
  std::string not_covered_description;
  std::optional<Filing> filing;
  std::vector<Rule> rules;

  const Rule* FindRule(const std::string& rule_id) const;
};

// Loads a list from the exact bytes of `file`; comments are allowed. Every
// problem goes to `sink`; InvalidInput when any is an error.
Result<RuleList> LoadRuleList(const std::string& bytes, const std::string& file,
                              const CategoryList& categories, DiagnosticSink* sink);

// The obligation ids of spec/decision.md.
const std::vector<std::string>& PinnedObligations();

}  // namespace dxcheck

#endif  // DXCHECK_RULES_RULE_LIST_H_
