// Explain: why a decision came out as it did, rule by rule and field by field
// (`dxcheck explain`). For every rule of every loaded list: whether its list
// applied, whether it fired, was relieved (and by what), and for a rule that
// did not fire, the first condition that failed and the value it saw. For every
// field: each category and whether a tag or which pattern (on the name or the
// description) assigned it.
#ifndef DXCHECK_EVAL_EXPLAIN_H_
#define DXCHECK_EVAL_EXPLAIN_H_

#include <string>
#include <vector>

#include "checker/eval/check.h"
#include "checker/rules/predicate_eval.h"

namespace dxcheck {

enum class RuleState { kFired, kRelieved, kNotFired, kListNotApplied };
const char* RuleStateName(RuleState s);  // "fired", "relieved", "not_fired", "list_not_applied"

struct RuleTrace {
  std::string list, rule, citation, verification;
  Bilingual title;
  RuleState state = RuleState::kNotFired;
  std::string relieved_by;         // kRelieved
  std::string list_reason;         // why the list applied or not
  bool condition_holds = false;    // the predicate alone, whatever the list
  Failure failure;                 // when the predicate does not hold
  std::vector<Evidence> evidence;  // when it holds
};

struct FieldTrace {
  std::string pointer, name;
  struct Assigned {
    std::string code;
    std::string how;  // "tag", or "name pattern \"…\"" / "description pattern \"…\""
  };
  std::vector<Assigned> categories;
  bool personal = false, sensitive = false, hgr = false;
};

struct Explanation {
  TextStore texts;  // the rules' evidence texts (an Explanation moves, never copies)
  std::vector<RuleTrace> rules;
  std::vector<FieldTrace> fields;
};

// REQUIRES: `t` was checked against `rules`.
Explanation Explain(const CheckedTransfer& t, const RuleSet& rules);

// Readable text and JSON renderings (the JSON includes the verdict and exit code).
std::string ExplanationToText(const CheckedTransfer& t, const Explanation& e);
std::string ExplanationToJson(const CheckedTransfer& t, const Explanation& e);

}  // namespace dxcheck

#endif  // DXCHECK_EVAL_EXPLAIN_H_
