// CheckWithLedger: `dxcheck check --ledger URL [--record]` as a library call.
// The manifest is loaded and checked first (PrepareTransfer); then, inside the
// ledger's transaction (Ledger::Check), it is evaluated with the ledger's
// totals as prior counts (DecideTransfer with EvaluationOptions::ledger) and,
// with `record`, appended when it may proceed. The evaluation stays pure: the
// ledger only supplies numbers, recorded in the decision (counts.source
// "ledger", `ledger: {head, entries, recorded}`), so re-evaluation reproduces
// it without the ledger.
//
// Persons: with `check --data --person-key` the scan's HMAC tokens go to the
// ledger (ScannedPersons), so that the same patient in twelve exports counts
// once (spec/ledger.md "Distinct persons"); without them the ledger adds the
// declared counts.
#ifndef DXCHECK_LEDGER_LEDGER_CHECK_H_
#define DXCHECK_LEDGER_LEDGER_CHECK_H_

#include <string>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/eval/check.h"
#include "checker/ledger/ledger.h"

namespace dxcheck {

// The person tokens a transfer brings (spec/data.md "Person tokens"; made by
// checker/data from --data and --person-key). Not tokenised: the ledger adds
// the manifest's declared counts.
struct TransferPersons {
  bool tokenised = false;
  std::vector<PersonToken> personal;   // every person whose PI is included
  std::vector<PersonToken> sensitive;  // those whose sensitive PI is included
};

// The tokens of a transfer checked with --data and a --person-key: personal =
// the persons of the resources holding personal fields, sensitive = those of
// the resources holding sensitive fields (rules/measured_counts.h), each only
// when the decision counts that kind of PI at all. Not tokenised when no
// person key was given or no counting key was read (the declared counts are
// then what the ledger adds).
TransferPersons ScannedPersons(const CheckedTransfer& t);

struct LedgerCheckResult {
  Decision decision;
  CheckOutcome outcome;
};

// Diagnostics as for CheckTransfer. InvalidInput also when the transfer is
// recorded with another manifest (refused, spec/ledger.md "Idempotence") or
// the manifest has no transferId; the ledger's own failures as Ledger::Check.
// `persons`: tokens the caller brings; when not tokenised, the scan's
// (ScannedPersons), else the declared counts.
Result<LedgerCheckResult> CheckWithLedger(Ledger* ledger, const std::string& bytes,
                                          const std::string& file, const RuleSet& rules,
                                          const CheckOptions& options,
                                          const TransferPersons& persons, bool record,
                                          DiagnosticSink* sink);

// CheckWithLedger's second half, for a caller that prepares transfers apart
// from the ledger step (a batch prepares in parallel and records in input
// order). REQUIRES: `t` came from PrepareTransfer with the same rules and
// options. `t->decision` is moved into the result.
Result<LedgerCheckResult> DecideWithLedger(Ledger* ledger, CheckedTransfer* t,
                                           const std::string& file, const RuleSet& rules,
                                           const CheckOptions& options,
                                           const TransferPersons& persons, bool record);

}  // namespace dxcheck

#endif  // DXCHECK_LEDGER_LEDGER_CHECK_H_
