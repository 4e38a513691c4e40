// The ledger's export (`dxcheck ledger export`): JSON Lines, one entry a line
// in chain order, each carrying its canonical body verbatim, its chain hashes
// and its person tokens, so that VerifyLedger (or an auditor's own script:
// README "Auditing a ledger export") can recompute everything from the file:
//
//   {"body":{…canonical entry…},"hash":"…","prevHash":"…","seq":1,
//    "tokens":{"personal":["32 hex",…],"sensitive":[…]}}
//
// Tokens are HMACs under the exporter's person key (spec/data.md): they
// identify no one without that key, and they are what the union counts.
#ifndef DXCHECK_LEDGER_LEDGER_EXPORT_H_
#define DXCHECK_LEDGER_LEDGER_EXPORT_H_

#include <string>
#include <vector>

#include "checker/ledger/ledger.h"

namespace dxcheck {

// One line, without the newline.
std::string ExportLine(const StoredEntry& e);

// Parses an export back into entries (columns taken from each body, as the
// ledger stores them). InvalidInput naming the line that cannot be read.
Result<std::vector<StoredEntry>> ParseExport(const std::string& text);

}  // namespace dxcheck

#endif  // DXCHECK_LEDGER_LEDGER_EXPORT_H_
