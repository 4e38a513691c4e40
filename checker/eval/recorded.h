// RecordedEvaluation: what a decision document records about its own
// evaluation — the date, clearance, the tool, the digests of the manifest and
// the rule set, whether the data files were read, and the ledger's prior
// counts. Everything that re-evaluates a decision (dxcheck verify, dxbundle
// pack/verify, dxcheck forms --decision) reads it here, once, the same way.
//
// The document may come from anyone (forms --decision takes a plain file), so
// it is parsed with the depth bound of json_bounded.h: a deeply nested file
// is refused, never a stack overflow.
#ifndef DXCHECK_EVAL_RECORDED_H_
#define DXCHECK_EVAL_RECORDED_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checker/base/date.h"
#include "checker/base/status.h"
#include "checker/eval/evaluator.h"

namespace dxcheck {

struct RecordedEvaluation {
  std::string evaluated_at;  // as written ("YYYY-MM-DD")
  Date at;                   // the same, parsed
  bool clearance = true;
  std::string tool_version;
  std::string manifest_sha256;
  std::string categories_sha256;
  bool data_verified = false;  // signed with --data: "data": {"verified": true}
  std::vector<std::pair<std::string, std::string>> lists;  // id, sha256, in order
  // The ledger's record when counts.source is "ledger" (spec/ledger.md); the
  // decision is re-evaluated with these prior counts, not the ledger's today.
  std::optional<LedgerRecord> ledger;

  // The evaluation options that reproduce the decision.
  EvaluationOptions evaluation() const;
};

// Reads `json`, a decision document as DecisionToJson/DecisionToCompactJson
// write it. InvalidInput, saying which part is missing or malformed, when it
// is not JSON, nests too deep, or lacks evaluatedAt (a valid date),
// clearance, tool.version, manifest.sha256, categories.sha256, lists[].id/
// sha256, or (counts.source "ledger") ledger.head/entries/recorded and the
// prior counts.
Result<RecordedEvaluation> ReadRecordedEvaluation(std::string_view json);

}  // namespace dxcheck

#endif  // DXCHECK_EVAL_RECORDED_H_
