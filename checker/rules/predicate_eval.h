// Evaluating a Predicate (predicate.h) against a transfer's Facts: whether it
// holds, the evidence of the leaves that made it hold (for the decision), the
// first leaf that failed (for `explain`), and each node's text.
#ifndef DXCHECK_RULES_PREDICATE_EVAL_H_
#define DXCHECK_RULES_PREDICATE_EVAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "checker/base/text_store.h"
#include "checker/rules/facts.h"
#include "checker/rules/predicate.h"

namespace dxcheck {

// One piece of evidence for a leaf that held. Views: `fact` of a static
// name, `test` of the predicate's Predicate::test (the rule set owns it),
// `pointer` and `value_json` of the TextStore passed to EvaluatePredicate.
struct Evidence {
  std::string_view fact;        // "cumulative.personal", "categories", "personsWith"
  std::string_view pointer;     // into the manifest
  std::string_view value_json;  // the value seen, as JSON text
  std::string_view test;        // ">= 100000", "under [pi.health]", "is true"
};

// The first leaf that made a predicate false, for `explain`.
struct Failure {
  std::string pointer;  // of the leaf in the list file
  std::string test;     // "cumulative.personal >= 100000"
  std::string seen;     // "50000"
};

// Evaluates `p`. When it holds, the evidence of the leaves that made it hold
// is appended to `evidence` (if not null: with null, no evidence text is
// built, the cheap way to ask whether a rule fires), its texts kept in
// `texts`; when it does not, `failure` (if not null) describes the first leaf
// that failed. REQUIRES: `texts` is not null when `evidence` is not; `p`
// outlives the evidence (its test texts are referred to).
bool EvaluatePredicate(const Predicate& p, const Facts& facts, std::vector<Evidence>* evidence,
                       TextStore* texts, Failure* failure);

// The tests a leaf's evidence carries (Predicate::test and ::under), made
// once when the leaf is parsed: ">= 100000", "anyUnder [pi.health]".
void SetEvidenceTexts(Predicate* leaf);

// "cumulative.personal >= 100000", "all of 3 conditions": one line per node.
std::string DescribePredicate(const Predicate& p);

}  // namespace dxcheck

#endif  // DXCHECK_RULES_PREDICATE_EVAL_H_
