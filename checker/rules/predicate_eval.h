// Evaluating a Predicate (predicate.h) against a transfer's Facts: whether it
// holds, the evidence of the leaves that made it hold (for the decision), the
// first leaf that failed (for `explain`), and each node's text.
#ifndef DXCHECK_RULES_PREDICATE_EVAL_H_
#define DXCHECK_RULES_PREDICATE_EVAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "checker/rules/facts.h"
#include "checker/rules/predicate.h"

namespace dxcheck {

// One piece of evidence for a leaf that held.
struct Evidence {
  std::string_view fact;   // "cumulative.personal", "categories", "personsWith": a static name
  std::string pointer;     // into the manifest
  std::string value_json;  // the value seen, as JSON text
  std::string test;        // ">= 100000", "under pi.health", "is true"
};

// The first leaf that made a predicate false, for `explain`.
struct Failure {
  std::string pointer;  // of the leaf in the list file
  std::string test;     // "cumulative.personal >= 100000"
  std::string seen;     // "50000"
};

// Evaluates `p`. When it holds, the evidence of the leaves that made it hold
// is appended to `evidence` (if not null: with null, no evidence text is
// built, the cheap way to ask whether a rule fires); when it does not,
// `failure` (if not null) describes the first leaf that failed.
bool EvaluatePredicate(const Predicate& p, const Facts& facts, std::vector<Evidence>* evidence,
                       Failure* failure);

// "cumulative.personal >= 100000", "all of 3 conditions": one line per node.
std::string DescribePredicate(const Predicate& p);

}  // namespace dxcheck

#endif  // DXCHECK_RULES_PREDICATE_EVAL_H_
