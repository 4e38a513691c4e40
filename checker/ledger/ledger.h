// Ledger: the transfer ledger (spec/ledger.md), the system of record for an
// exporter's cumulative counts since 1 January. One implementation over a
// SqlStore (sql_store.h), so SQLite and PostgreSQL behave identically.
//
// Check() is the read-and-append step. Inside one exclusive transaction it
//  1. looks for a live (not cancelled) entry of (exporter, transferId): the
//     same manifest is a repeat, answered from that entry (nothing appended);
//     another manifest is refused (InvalidInput) until the entry is cancelled;
//  2. reads the exporter's totals in the counting year, excluding this
//     transfer: per sensitivity, the union of the live entries' person tokens
//     less those this transfer brings, plus the declared counts of the live
//     entries that brought none;
//  3. calls `decide` with them (the caller evaluates the manifest; the
//     evaluation itself stays pure);
//  4. appends the entry, hash chained, when `record` and the transfer may
//     proceed, and commits. A crash before the commit leaves nothing.
#ifndef DXCHECK_LEDGER_LEDGER_H_
#define DXCHECK_LEDGER_LEDGER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checker/base/status.h"
#include "checker/ledger/ledger_entry.h"
#include "checker/ledger/sql_store.h"

namespace dxcheck {

constexpr int kLedgerSchemaVersion = 2;

// What a check asks the ledger about.
struct TransferRequest {
  std::string exporter;  // USCC
  int year = 0;          // of transfer.date
  std::string transfer_id, manifest_sha256;
  PersonSet personal, sensitive;  // declared counts are taken from `decide`'s answer
};

// What the ledger tells a check: the prior counts and where they were read.
struct LedgerView {
  uint64_t prior_personal = 0, prior_sensitive = 0;
  std::string head;      // the last entry's hash ("" when empty); for a repeat, its entry's
  uint64_t entries = 0;  // entries up to and including `head`
  bool repeat = false;   // the transfer is already recorded with this manifest
};

// The caller's evaluation, as far as the ledger needs it.
struct Evaluated {
  bool may_proceed = false;
  std::string verdict, at;            // at: the evaluation date
  uint64_t personal = 0, sensitive = 0;  // this transfer's counts (0 when absent)
};
using DecideFn = std::function<Result<Evaluated>(const LedgerView&)>;

struct CheckOutcome {
  LedgerView view;          // what `decide` was given
  bool recorded = false;    // this call appended `entry`
  std::optional<LedgerEntry> entry;  // the appended or repeated entry
  std::string entry_hash;
};

struct Totals {
  std::string exporter;
  int year = 0;
  uint64_t personal = 0, sensitive = 0, transfers = 0;
};

// An entry as stored: columns, body, chain hashes and tokens (verify, export).
// A number the store returned as this code writes them: decimal digits, no
// sign, no leading zero, within 64 bits. False for anything else ("2026x",
// "abc", "0x"): SQLite keeps whatever text an edited row was given, and a
// prefix read as a number would let an edit pass for the hashed value.
bool ParseStoredNumber(const std::string& s, uint64_t* out);

struct StoredEntry {
  // Set when a column does not read as what this code writes (a number, a
  // 0/1 flag): the row was edited, whatever its other columns say.
  std::string malformed;
  uint64_t seq = 0;
  std::string hash, prev_hash, kind, exporter, transfer_id, manifest_sha256, body;
  int year = 0;
  uint64_t cancels = 0, personal = 0, sensitive = 0;
  bool personal_tokenised = false, sensitive_tokenised = false;
  std::vector<PersonToken> personal_tokens, sensitive_tokens;
};

class Ledger {
 public:
  // Opens the ledger `url` names (sql_store.h). Every call but Init needs the
  // schema at kLedgerSchemaVersion (NotFound: not initialised; InvalidInput: a
  // newer or older schema, to migrate with init).
  static Result<std::unique_ptr<Ledger>> Open(const std::string& url, bool create = false);

  // Creates the schema or migrates it to kLedgerSchemaVersion. Returns the
  // version found (0: none) — equal to kLedgerSchemaVersion means nothing done.
  Result<int> Init();

  Result<CheckOutcome> Check(const TransferRequest& request, bool record, const DecideFn& decide);

  // Appends a cancel entry for the live record of `transfer_id` (of `exporter`,
  // required when several exporters recorded that id). `at`: today.
  Result<LedgerEntry> Cancel(const std::string& transfer_id, const std::string& exporter,
                             const std::string& reason, const std::string& at);

  // Every (exporter, year)'s totals, or those matching the filters ("" / 0: all).
  Result<std::vector<Totals>> AllTotals(const std::string& exporter, int year);
  // Every entry in chain order, with tokens when `with_tokens`.
  Result<std::vector<StoredEntry>> Entries(bool with_tokens);

  const std::string& display_url() const { return store_->display_url(); }
  SqlStore* store() { return store_.get(); }

 private:
  explicit Ledger(std::unique_ptr<SqlStore> store) : store_(std::move(store)) {}
  Status RequireSchema();
  Result<int> SchemaVersion();
  // The totals for r's exporter and year, without the entry `exclude` (0: none).
  Result<LedgerView> ReadView(const TransferRequest& r, uint64_t exclude = 0);
  Result<std::pair<uint64_t, std::string>> Head();
  Result<std::vector<SqlRow>> LiveRecords(const std::string& exporter, const std::string& id);
  Status Append(const LedgerEntry& e, const std::vector<PersonToken>& personal,
                const std::vector<PersonToken>& sensitive, std::string* hash);

  std::unique_ptr<SqlStore> store_;
  bool schema_checked_ = false;
};

}  // namespace dxcheck

#endif  // DXCHECK_LEDGER_LEDGER_H_
