// RunCheck: the whole pipeline behind `dxcheck check` and `validate`, from a
// manifest's bytes to a Decision: load (manifest_loader.h), classify
// (data_profile.h), check consistency (consistency.h), evaluate (evaluator.h).
#ifndef DXCHECK_EVAL_CHECK_H_
#define DXCHECK_EVAL_CHECK_H_

#include <string>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/base/status.h"
#include "checker/data/data_scan.h"
#include "checker/eval/decision.h"
#include "checker/eval/evaluator.h"
#include "checker/manifest/manifest.h"
#include "checker/rules/data_profile.h"
#include "checker/rules/measured_counts.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {

struct CheckOptions {
  EvaluationOptions evaluation;
  bool strict = false;  // unclassified fields and schema-less resources are errors
  // check --data: read the files (spec/data.md). Null: decide on the
  // manifest's word, and the decision says `"data": {"verified": false}`.
  const DataOptions* data = nullptr;
};

// A checked transfer: the manifest, its classified fields and the decision.
// `profile` points into `manifest` (moving the struct keeps that valid).
struct CheckedTransfer {
  Manifest manifest;
  DataProfile profile;
  Decision decision;
  // What --data read; `scan.persons.Tokens()` are the person tokens for the
  // ledger (HMACs with a --person-key). Empty without --data.
  DataScan scan;
  // The consistency warnings, carried into the decision (their texts are
  // copied into warning_texts; the diagnostics themselves went to the sink).
  std::vector<DecisionWarning> warnings;
  TextStore warning_texts;
  MeasuredCounts measured;          // what --data counted (set by PrepareTransfer)
  size_t warnings_omitted = 0;       // consistency warnings past the diagnostics bound
};

// Every problem with the manifest goes to `sink` (warnings too; they are also
// recorded in the decision). InvalidInput when the manifest has errors;
// Internal when classification could not run.
Result<CheckedTransfer> CheckTransfer(const std::string& bytes, const std::string& file,
                                      const RuleSet& rules, const CheckOptions& options,
                                      DiagnosticSink* sink);

// CheckTransfer in two steps, for a caller that must read state between
// loading and evaluating (the ledger reads the exporter's totals, which need
// the manifest's exporter and year, in the transaction that records the
// decision). PrepareTransfer loads, classifies and checks (the decision is
// left empty); DecideTransfer evaluates, and may run more than once.
Result<CheckedTransfer> PrepareTransfer(const std::string& bytes, const std::string& file,
                                        const RuleSet& rules, const CheckOptions& options,
                                        DiagnosticSink* sink);
void DecideTransfer(const RuleSet& rules, const CheckOptions& options, CheckedTransfer* t);
// PrepareTransfer into `*t` (REQUIRES: a default-constructed CheckedTransfer;
// left partly filled on error), for a caller that keeps the transfer where it
// is: a CheckedTransfer is large, and RunCheck saves a move of it per check.
Status PrepareTransferInto(const std::string& bytes, const std::string& file,
                           const RuleSet& rules, const CheckOptions& options,
                           DiagnosticSink* sink, CheckedTransfer* t);

// CheckTransfer's decision alone.
Result<Decision> RunCheck(const std::string& bytes, const std::string& file,
                          const RuleSet& rules, const CheckOptions& options, DiagnosticSink* sink);

}  // namespace dxcheck

#endif  // DXCHECK_EVAL_CHECK_H_
