// The decision document as JSON, with the key names spec/decision.md pins
// (other tools, the signer and the bundle read them). Output is deterministic:
// the same Decision always gives the same bytes.
#ifndef DXCHECK_EVAL_DECISION_JSON_H_
#define DXCHECK_EVAL_DECISION_JSON_H_

#include <optional>
#include <string>

#include "checker/base/status.h"

#include "checker/eval/decision.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {

// Pretty-printed (2-space indent) JSON, ending with a newline.
std::string DecisionToJson(const Decision& d);
// The same document on one line, no newline (the predicate of a statement).
std::string DecisionToCompactJson(const Decision& d);

// The same documents written into `*out`, replacing what it held: a caller
// that makes decision after decision on one thread and is done with each
// before the next (bench BM_CheckBuffer) keeps one buffer and allocates
// nothing per document once it is large enough. The bytes are those of the
// functions above.
void DecisionToJson(const Decision& d, std::string* out);
void DecisionToCompactJson(const Decision& d, std::string* out);

// Fills every rule's Rule::decision_head: the bytes of a match's members that
// come from the rule, compact and pretty, which the writer then copies into
// each decision instead of writing them again (the same bytes: a decision
// made with a prepared rule set is identical to one made without). For a
// process that makes many decisions with one rule set (batch, serve); a
// one-shot check does not need it. Call it before the rule set is shared.
void PrepareDecisionHeads(RuleSet* rules);

// File names are not part of the document: a decision re-evaluated from
// renamed files must come out identical; digests bind the contents.

}  // namespace dxcheck

#endif  // DXCHECK_EVAL_DECISION_JSON_H_
