// Ledger's administrative side: cancellation, totals and the entries in chain
// order (ledger show, verify, export). The read-and-append path is ledger.cc.
#include <functional>
#include <map>

#include "checker/base/json_string_scan.h"
#include "checker/ledger/ledger.h"

namespace dxcheck {
namespace {

uint64_t U64(const std::string& s) {
  uint64_t v = 0;
  return ParseStoredNumber(s, &v) ? v : 0;
}

// Reads column `name` of an entry as a number, noting in `*e` the first that
// is not one.
uint64_t Number(const std::string& s, const char* name, StoredEntry* e) {
  uint64_t v = 0;
  if (!ParseStoredNumber(s, &v) && e->malformed.empty()) {
    e->malformed = std::string("its column ") + name + " does not hold a number as this tool writes "
                   "it: the row was edited";
  }
  return v;
}

bool Flag(const std::string& s, const char* name, StoredEntry* e) {
  if (s != "0" && s != "1" && e->malformed.empty()) {
    e->malformed = std::string("its column ") + name + " is not 0 or 1: the row was edited";
  }
  return s != "0";
}

}  // namespace

Result<LedgerEntry> Ledger::Cancel(const std::string& transfer_id, const std::string& exporter,
                                   const std::string& reason, const std::string& at) {
  Status s = RequireSchema();
  if (!s.ok()) return s;
  if (reason.empty()) return Status::InvalidInput("a cancellation needs a reason");
  // PostgreSQL refuses text that is not UTF-8 and SQLite keeps it: the two
  // stores must answer alike, and an export must stay UTF-8 for its readers.
  for (const char* q = reason.data(); q < reason.data() + reason.size();) {
    unsigned char c = static_cast<unsigned char>(*q);
    size_t n = c < 0x80 ? 1 : Utf8SequenceLength(q, reason.data() + reason.size());
    if (n == 0) {
      return Status::InvalidInput("the reason is not UTF-8 text (byte " +
                                  std::to_string(q - reason.data() + 1) + " is not valid UTF-8)");
    }
    if (c < 0x20 && c != '\t') {
      // One line: the reason is shown on one line by `ledger show`, and an
      // export's readers split on line ends.
      return Status::InvalidInput(
          "the reason must be one line of text: byte " + std::to_string(q - reason.data() + 1) +
          (c == '\n' || c == '\r' ? " is a line break" : " is a control character") +
          " (write it on one line)");
    }
    q += n;
  }
  s = store_->BeginWrite();
  if (!s.ok()) return s;
  bool committed = false;
  auto rollback = [&] {
    if (!committed) store_->Rollback();
  };
  struct Guard {
    std::function<void()> f;
    ~Guard() { f(); }
  } guard{rollback};
  Result<std::vector<SqlRow>> live = LiveRecords(exporter, transfer_id);
  if (!live.ok()) return live.status();
  if (live->empty()) {
    return Status::NotFound("no recorded transfer " + transfer_id +
                            (exporter.empty() ? "" : " of exporter " + exporter) +
                            " (or it is already cancelled)");
  }
  if (live->size() > 1) {
    return Status::InvalidInput("transfer " + transfer_id + " is recorded for " +
                                std::to_string(live->size()) +
                                " exporters; name one with --exporter USCC");
  }
  Result<LedgerEntry> target = ParseEntryBody((*live)[0][2]);
  if (!target.ok()) return Status::Internal("entry " + (*live)[0][0] + ": " + target.status().message());
  TransferRequest r;
  r.exporter = target->exporter;
  r.year = target->year;
  Result<LedgerView> after = ReadView(r, target->seq);
  if (!after.ok()) return after.status();
  LedgerEntry e;
  e.seq = after->entries + 1;
  e.kind = "cancel";
  e.exporter = target->exporter;
  e.year = target->year;
  e.transfer_id = target->transfer_id;
  e.manifest_sha256 = target->manifest_sha256;
  e.at = at;
  e.cancels = target->seq;
  e.reason = reason;
  e.total_personal = after->prior_personal;
  e.total_sensitive = after->prior_sensitive;
  // prior_* of a cancel: the exporter-year totals just before it.
  Result<LedgerView> before = ReadView(r);
  if (!before.ok()) return before.status();
  e.prior_personal = before->prior_personal;
  e.prior_sensitive = before->prior_sensitive;
  std::string hash;
  s = Append(e, {}, {}, &hash);
  if (!s.ok()) return s;
  s = store_->Commit();
  if (!s.ok()) return s;
  committed = true;
  return e;
}

Result<std::vector<Totals>> Ledger::AllTotals(const std::string& exporter, int year) {
  Status s = RequireSchema();
  if (!s.ok()) return s;
  s = store_->BeginRead();
  if (!s.ok()) return s;
  std::string filter;
  std::vector<std::string> params;
  if (!exporter.empty()) {
    filter += " AND e.exporter = ?";
    params.push_back(exporter);
  }
  if (year != 0) {
    filter += " AND e.year = ?";
    params.push_back(std::to_string(year));
  }
  Result<std::vector<SqlRow>> keys = store_->Query(
      "SELECT e.exporter, e.year, COUNT(*) FROM dxcheck_ledger_entries e WHERE e.kind = 'record'" +
          filter +
          " AND NOT EXISTS (SELECT 1 FROM dxcheck_ledger_entries c WHERE c.kind = 'cancel' AND "
          "c.cancels = e.seq) GROUP BY e.exporter, e.year ORDER BY e.exporter, e.year",
      params);
  std::vector<Totals> out;
  if (keys.ok()) {
    for (const SqlRow& k : *keys) {
      TransferRequest r;
      r.exporter = k[0];
      r.year = static_cast<int>(U64(k[1]));
      Result<LedgerView> v = ReadView(r);
      if (!v.ok()) {
        store_->Rollback();
        return v.status();
      }
      out.push_back({r.exporter, r.year, v->prior_personal, v->prior_sensitive, U64(k[2])});
    }
  }
  store_->Rollback();
  if (!keys.ok()) return keys.status();
  return out;
}

Result<std::vector<StoredEntry>> Ledger::Entries(bool with_tokens) {
  Status s = RequireSchema();
  if (!s.ok()) return s;
  s = store_->BeginRead();
  if (!s.ok()) return s;
  Result<std::vector<SqlRow>> rows = store_->Query(
      "SELECT seq, hash, prev_hash, kind, exporter, year, transfer_id, manifest_sha256, cancels, "
      "personal, personal_tokenised, sensitive, sensitive_tokenised, body FROM "
      "dxcheck_ledger_entries ORDER BY seq",
      {});
  Result<std::vector<SqlRow>> tokens =
      with_tokens ? store_->Query("SELECT seq, sensitive, token FROM dxcheck_ledger_tokens ORDER "
                                  "BY seq, sensitive, token",
                                  {})
                  : Result<std::vector<SqlRow>>(std::vector<SqlRow>());
  store_->Rollback();
  if (!rows.ok()) return rows.status();
  if (!tokens.ok()) return tokens.status();
  std::vector<StoredEntry> out;
  std::map<uint64_t, size_t> index;
  for (const SqlRow& r : *rows) {
    StoredEntry e;
    e.seq = Number(r[0], "seq", &e);
    e.hash = r[1];
    e.prev_hash = r[2];
    e.kind = r[3];
    e.exporter = r[4];
    uint64_t year = Number(r[5], "year", &e);
    e.year = year <= 9999 ? static_cast<int>(year) : -1;
    e.transfer_id = r[6];
    e.manifest_sha256 = r[7];
    e.cancels = Number(r[8], "cancels", &e);
    e.personal = Number(r[9], "personal", &e);
    e.personal_tokenised = Flag(r[10], "personal_tokenised", &e);
    e.sensitive = Number(r[11], "sensitive", &e);
    e.sensitive_tokenised = Flag(r[12], "sensitive_tokenised", &e);
    e.body = r[13];
    index[e.seq] = out.size();
    out.push_back(std::move(e));
  }
  for (const SqlRow& t : *tokens) {
    uint64_t seq = 0;
    auto it = ParseStoredNumber(t[0], &seq) ? index.find(seq) : index.end();
    PersonToken tok;
    if (it != index.end() && t[1] != "0" && t[1] != "1" && out[it->second].malformed.empty()) {
      out[it->second].malformed = "a person token row's column sensitive is not 0 or 1: the row was edited";
    }
    if (it == index.end() || !TokenFromHex(t[2], &tok)) {
      return Status::InvalidInput("the token table holds a row for no entry or a malformed token "
                                  "(entry " + t[0] + ")");
    }
    (t[1] == "1" ? out[it->second].sensitive_tokens : out[it->second].personal_tokens).push_back(tok);
  }
  return out;
}

}  // namespace dxcheck
