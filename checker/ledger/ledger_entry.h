// LedgerEntry: one entry of the transfer ledger (spec/ledger.md), its
// canonical JSON and its place in the hash chain.
//
// An entry is a recorded transfer ("record") or the cancellation of one
// ("cancel"). Its body is canonical JSON: keys sorted, no whitespace, strings
// escaped as Python's json.dumps(..., sort_keys=True, separators=(",", ":"),
// ensure_ascii=False) escapes them, so an auditor can rebuild the bytes from an
// export with nothing but a JSON library. The chain:
//
//   hash(1) = sha256(32 zero bytes || body(1))
//   hash(n) = sha256(hash(n-1) as 32 raw bytes || body(n))
//
// Person tokens (spec/data.md: HMAC-SHA256 truncated to 16 bytes) are kept per
// entry and sensitivity; the body carries their number and a digest
// (sha256 of the sorted, distinct tokens concatenated), which binds them to the
// chain.
#ifndef DXCHECK_LEDGER_LEDGER_ENTRY_H_
#define DXCHECK_LEDGER_LEDGER_ENTRY_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "checker/base/status.h"

namespace dxcheck {

using PersonToken = std::array<uint8_t, 16>;

// The persons of one sensitivity a transfer brings. With `tokenised`, the
// ledger counts the union of tokens; without, it adds `declared`.
struct PersonSet {
  uint64_t declared = 0;
  bool tokenised = false;
  std::vector<PersonToken> tokens;  // REQUIRES: empty unless tokenised
};

// One sensitivity of an entry, as the body records it.
struct EntryPersons {
  uint64_t declared = 0;
  bool tokenised = false;
  uint64_t tokens = 0;        // distinct tokens
  std::string tokens_sha256;  // "" unless tokenised
};

struct LedgerEntry {
  uint64_t seq = 0;      // 1, 2, ... in chain order
  std::string kind;      // "record" or "cancel"
  std::string exporter;  // USCC
  int year = 0;          // the counting year (of transfer.date)
  std::string transfer_id, manifest_sha256;
  std::string at;        // record: the evaluation date; cancel: the cancellation date
  std::string verdict;   // record only
  EntryPersons personal, sensitive;
  uint64_t prior_personal = 0, prior_sensitive = 0;  // the totals the check read
  uint64_t total_personal = 0, total_sensitive = 0;  // exporter-year totals after it
  uint64_t cancels = 0;  // cancel: the seq of the cancelled record; 0 otherwise
  std::string reason;    // cancel only
};

constexpr int kLedgerEntrySchema = 1;
constexpr char kGenesisHash[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The canonical JSON body of `e` (no newline).
std::string EntryBody(const LedgerEntry& e);

// Parses a body written by EntryBody; InvalidInput naming what is wrong.
// Round trip: EntryBody(ParseEntryBody(b)) == b for every canonical body.
Result<LedgerEntry> ParseEntryBody(const std::string& body);

// sha256(prev as 32 raw bytes || body), lowercase hex. `prev_hex` is
// kGenesisHash for the first entry; a malformed `prev_hex` gives "".
std::string ChainHash(const std::string& prev_hex, const std::string& body);

// Sorted, distinct copy of `tokens`.
std::vector<PersonToken> NormalizeTokens(std::vector<PersonToken> tokens);
// sha256 of the concatenated tokens. REQUIRES: `sorted` is NormalizeTokens' output.
std::string TokensDigest(const std::vector<PersonToken>& sorted);

std::string TokenHex(const PersonToken& t);
bool TokenFromHex(const std::string& hex, PersonToken* out);

// A JSON string literal of `s`, escaped as the body's strings are.
std::string CanonicalJsonString(const std::string& s);

}  // namespace dxcheck

#endif  // DXCHECK_LEDGER_LEDGER_ENTRY_H_
