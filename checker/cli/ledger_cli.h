// What `check --ledger` shares with the `ledger` command: the ledger URL
// (--ledger, else $DXCHECK_LEDGER) and a check against it, with its notes on
// stderr (recorded as entry N, a repeat, or not recorded and why).
#ifndef DXCHECK_CLI_LEDGER_CLI_H_
#define DXCHECK_CLI_LEDGER_CLI_H_

#include <string>

#include "checker/base/diagnostic.h"
#include "checker/eval/check.h"

namespace dxcheck {

// The ledger URL into *url: `flag` when given, else $DXCHECK_LEDGER, else ""
// (no ledger). False, having said why on stderr, when DXCHECK_LEDGER is set
// but empty or blank: a deployment whose variable expanded to nothing meant
// to use a ledger, and checking without it would silently take the prior
// counts from the manifest instead (spec/ledger.md: the ledger is the system
// of record). Callers exit 64.
bool LedgerUrl(const std::string& flag, std::string* url);

// CheckWithLedger: with `check --data --person-key` the scan's person tokens
// go to the ledger (distinct persons), else the declared counts. Prints the
// ledger's notes; errors are returned for the caller to print, passwords
// redacted.
Result<Decision> CheckAgainstLedger(const std::string& url, bool record, const std::string& bytes,
                                    const std::string& file, const RuleSet& rules,
                                    const CheckOptions& options, DiagnosticSink* sink);

}  // namespace dxcheck

#endif  // DXCHECK_CLI_LEDGER_CLI_H_
