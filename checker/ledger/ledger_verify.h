// VerifyLedger: recomputes a ledger from its entries alone — the hash chain,
// every entry's canonical body against its columns and tokens, and every
// prior count and total by replaying the entries in order — and names the
// first entry that does not match (spec/ledger.md "Append only, hash chained").
// The same check runs on a live ledger (Ledger::Entries) and on an export
// (ledger_export.h), so an auditor needs only the export.
#ifndef DXCHECK_LEDGER_LEDGER_VERIFY_H_
#define DXCHECK_LEDGER_LEDGER_VERIFY_H_

#include <string>
#include <vector>

#include "checker/ledger/ledger.h"

namespace dxcheck {

struct LedgerVerification {
  bool ok = false;
  uint64_t entries = 0;
  std::string head;     // the last entry's hash
  uint64_t bad_seq = 0; // the first entry that does not match (0 when ok)
  std::string problem;  // "entry 42 (transfer T-42 of 91…): …"
};

// REQUIRES: each entry carries its tokens (Entries(true)).
LedgerVerification VerifyLedger(const std::vector<StoredEntry>& entries);

}  // namespace dxcheck

#endif  // DXCHECK_LEDGER_LEDGER_VERIFY_H_
