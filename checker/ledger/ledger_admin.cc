// Ledger's administrative side: cancellation, totals and the entries in chain
// order (ledger show, verify, export). The read-and-append path is ledger.cc.
#include <functional>
#include <map>

#include "checker/ledger/ledger.h"

namespace dxcheck {
namespace {

uint64_t U64(const std::string& s) { return s.empty() ? 0 : std::stoull(s); }

}  // namespace

Result<LedgerEntry> Ledger::Cancel(const std::string& transfer_id, const std::string& exporter,
                                   const std::string& reason, const std::string& at) {
  Status s = RequireSchema();
  if (!s.ok()) return s;
  if (reason.empty()) return Status::InvalidInput("a cancellation needs a reason");
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
    e.seq = U64(r[0]);
    e.hash = r[1];
    e.prev_hash = r[2];
    e.kind = r[3];
    e.exporter = r[4];
    e.year = static_cast<int>(U64(r[5]));
    e.transfer_id = r[6];
    e.manifest_sha256 = r[7];
    e.cancels = U64(r[8]);
    e.personal = U64(r[9]);
    e.personal_tokenised = r[10] != "0";
    e.sensitive = U64(r[11]);
    e.sensitive_tokenised = r[12] != "0";
    e.body = r[13];
    index[e.seq] = out.size();
    out.push_back(std::move(e));
  }
  for (const SqlRow& t : *tokens) {
    auto it = index.find(U64(t[0]));
    PersonToken tok;
    if (it == index.end() || !TokenFromHex(t[2], &tok)) {
      return Status::InvalidInput("the token table holds a row for no entry or a malformed token "
                                  "(entry " + t[0] + ")");
    }
    (t[1] == "1" ? out[it->second].sensitive_tokens : out[it->second].personal_tokens).push_back(tok);
  }
  return out;
}

}  // namespace dxcheck
