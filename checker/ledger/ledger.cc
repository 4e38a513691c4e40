#include "checker/ledger/ledger.h"

#include <algorithm>
#include <map>
#include <unordered_set>

namespace dxcheck {
namespace {

// A record entry is live until a cancel entry names it.
constexpr char kLive[] =
    " NOT EXISTS (SELECT 1 FROM dxcheck_ledger_entries c WHERE c.kind = 'cancel' AND "
    "c.cancels = e.seq)";

// For values the query itself computes (COUNT, SUM, the newest seq): 0 when
// empty. The counts of a check are read with ParseStoredNumber's verdict.
uint64_t U64(const std::string& s) {
  uint64_t v = 0;
  return ParseStoredNumber(s, &v) ? v : 0;
}

// Rolls the transaction back on every path that does not commit.
class TxGuard {
 public:
  explicit TxGuard(SqlStore* s) : s_(s) {}
  ~TxGuard() {
    if (s_) s_->Rollback();
  }
  Status Commit() {
    Status st = s_->Commit();
    if (st.ok()) s_ = nullptr;
    return st;
  }

 private:
  SqlStore* s_;
};

std::string Short(const std::string& hex) { return hex.substr(0, 12) + "…"; }

}  // namespace

bool ParseStoredNumber(const std::string& s, uint64_t* out) {
  if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

Result<std::unique_ptr<Ledger>> Ledger::Open(const std::string& url, bool create) {
  Result<std::unique_ptr<SqlStore>> store = OpenSqlStore(url, create);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Ledger>(new Ledger(std::move(store).value()));
}

Result<int> Ledger::SchemaVersion() {
  Result<bool> has = store_->HasSchema();
  if (!has.ok()) return has.status();
  if (!*has) return 0;
  Result<std::vector<SqlRow>> v =
      store_->Query("SELECT value FROM dxcheck_ledger_meta WHERE key = 'schema_version'", {});
  if (!v.ok()) return v.status();
  if (v->empty()) return 0;
  return static_cast<int>(U64(v->front()[0]));
}

Status Ledger::RequireSchema() {
  if (schema_checked_) return Status::Ok();
  Result<int> v = SchemaVersion();
  if (!v.ok()) return v.status();
  if (*v == 0) {
    return Status::NotFound(display_url() +
                            ": the ledger has no schema yet (create it with 'dxcheck ledger init')");
  }
  if (*v != kLedgerSchemaVersion) {
    return Status::InvalidInput(
        display_url() + ": ledger schema version " + std::to_string(*v) +
        (*v > kLedgerSchemaVersion ? " is newer than this dxcheck's (" : " is older than this "
                                                                          "dxcheck's (") +
        std::to_string(kLedgerSchemaVersion) + ")" +
        (*v < kLedgerSchemaVersion ? "; migrate it with 'dxcheck ledger init'" : ""));
  }
  schema_checked_ = true;
  return Status::Ok();
}

Result<int> Ledger::Init() {
  Status b = store_->BeginWrite();
  if (!b.ok()) return b;
  TxGuard tx(store_.get());
  Result<int> found = SchemaVersion();
  if (!found.ok()) return found.status();
  if (*found > kLedgerSchemaVersion) {
    return Status::InvalidInput(display_url() + ": ledger schema version " +
                                std::to_string(*found) + " is newer than this dxcheck's (" +
                                std::to_string(kLedgerSchemaVersion) + ")");
  }
  for (int v = *found + 1; v <= kLedgerSchemaVersion; ++v) {
    for (const std::string& sql : store_->MigrationTo(v)) {
      Status s = store_->Exec(sql);
      if (!s.ok()) return s;
    }
    Status s = v == 1 ? store_->Exec("INSERT INTO dxcheck_ledger_meta (key, value) VALUES "
                                     "('schema_version', ?)",
                                     {std::to_string(v)})
                      : store_->Exec("UPDATE dxcheck_ledger_meta SET value = ? WHERE key = "
                                     "'schema_version'",
                                     {std::to_string(v)});
    if (!s.ok()) return s;
  }
  Status c = tx.Commit();
  if (!c.ok()) return c;
  return *found;
}

Result<std::pair<uint64_t, std::string>> Ledger::Head() {
  Result<std::vector<SqlRow>> r = store_->Query(
      "SELECT seq, hash FROM dxcheck_ledger_entries ORDER BY seq DESC LIMIT 1", {});
  if (!r.ok()) return r.status();
  if (r->empty()) return std::make_pair(uint64_t{0}, std::string());
  return std::make_pair(U64(r->front()[0]), r->front()[1]);
}

Result<std::vector<SqlRow>> Ledger::LiveRecords(const std::string& exporter,
                                                const std::string& id) {
  std::string sql =
      "SELECT e.seq, e.manifest_sha256, e.body, e.hash, e.exporter FROM dxcheck_ledger_entries e "
      "WHERE e.kind = 'record' AND e.transfer_id = ?";
  std::vector<std::string> params = {id};
  if (!exporter.empty()) {
    sql += " AND e.exporter = ?";
    params.push_back(exporter);
  }
  return store_->Query(sql + " AND" + kLive + " ORDER BY e.seq", params);
}

Result<LedgerView> Ledger::ReadView(const TransferRequest& r, uint64_t exclude) {
  LedgerView v;
  const std::vector<std::string> key = {r.exporter, std::to_string(r.year), std::to_string(exclude)};
  const std::string where =
      " FROM dxcheck_ledger_entries e WHERE e.kind = 'record' AND e.exporter = ? AND e.year = ? "
      "AND e.seq <> ? AND" + std::string(kLive);
  Result<std::vector<SqlRow>> sums = store_->Query(
      "SELECT COALESCE(SUM(CASE WHEN e.personal_tokenised = 0 THEN e.personal ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN e.sensitive_tokenised = 0 THEN e.sensitive ELSE 0 END), 0)" + where,
      key);
  if (!sums.ok()) return sums.status();
  // SQLite sums text it cannot read as 0: a count edited into "abc" must not
  // vanish from the prior total, so such a sum fails the check (and ledger
  // verify names the row).
  if (!ParseStoredNumber(sums->front()[0], &v.prior_personal) ||
      !ParseStoredNumber(sums->front()[1], &v.prior_sensitive)) {
    return Status::InvalidInput("the ledger's totals do not read as counts (an edited row?): run "
                                "dxcheck ledger verify");
  }

  const std::string tokens_from =
      " FROM dxcheck_ledger_tokens t JOIN dxcheck_ledger_entries e ON e.seq = t.seq WHERE "
      "t.sensitive = ? AND e.kind = 'record' AND e.exporter = ? AND e.year = ? AND e.seq <> ? AND" +
      std::string(kLive);
  for (int sensitive = 0; sensitive < 2; ++sensitive) {
    const PersonSet& brings = sensitive ? r.sensitive : r.personal;
    uint64_t* prior = sensitive ? &v.prior_sensitive : &v.prior_personal;
    std::vector<std::string> params = {std::to_string(sensitive), r.exporter, std::to_string(r.year),
                                       std::to_string(exclude)};
    if (!brings.tokenised) {
      Result<std::vector<SqlRow>> n = store_->Query("SELECT COUNT(DISTINCT t.token)" + tokens_from, params);
      if (!n.ok()) return n.status();
      *prior += U64(n->front()[0]);
      continue;
    }
    // Persons this transfer brings are not prior persons: the union of the
    // ledger's tokens less this transfer's.
    Result<std::vector<SqlRow>> all = store_->Query("SELECT DISTINCT t.token" + tokens_from, params);
    if (!all.ok()) return all.status();
    std::unordered_set<std::string> mine;
    for (const PersonToken& t : brings.tokens) mine.insert(TokenHex(t));
    for (const SqlRow& row : *all) {
      if (!mine.count(row[0])) ++*prior;
    }
  }
  Result<std::pair<uint64_t, std::string>> head = Head();
  if (!head.ok()) return head.status();
  v.entries = head->first;
  v.head = head->second;
  return v;
}

Status Ledger::Append(const LedgerEntry& e, const std::vector<PersonToken>& personal,
                      const std::vector<PersonToken>& sensitive, std::string* hash) {
  Result<std::pair<uint64_t, std::string>> head = Head();
  if (!head.ok()) return head.status();
  if (head->first + 1 != e.seq) return Status::Internal("ledger head moved inside a transaction");
  std::string prev = head->second.empty() ? kGenesisHash : head->second;
  std::string body = EntryBody(e);
  *hash = ChainHash(prev, body);
  Status s = store_->Exec(
      "INSERT INTO dxcheck_ledger_entries (seq, hash, prev_hash, kind, exporter, year, "
      "transfer_id, manifest_sha256, cancels, personal, personal_tokenised, sensitive, "
      "sensitive_tokenised, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {std::to_string(e.seq), *hash, prev, e.kind, e.exporter, std::to_string(e.year),
       e.transfer_id, e.manifest_sha256, std::to_string(e.cancels),
       std::to_string(e.personal.declared), e.personal.tokenised ? "1" : "0",
       std::to_string(e.sensitive.declared), e.sensitive.tokenised ? "1" : "0", body});
  if (!s.ok()) return s;
  // Tokens in batches: one round trip per 500, within SQLite's and libpq's
  // parameter limits.
  for (int sens = 0; sens < 2; ++sens) {
    const std::vector<PersonToken>& tokens = sens ? sensitive : personal;
    for (size_t i = 0; i < tokens.size(); i += 500) {
      size_t n = std::min<size_t>(500, tokens.size() - i);
      std::string sql = "INSERT INTO dxcheck_ledger_tokens (seq, sensitive, token) VALUES ";
      std::vector<std::string> params;
      for (size_t j = 0; j < n; ++j) {
        sql += std::string(j ? "," : "") + "(" + std::to_string(e.seq) + "," +
               std::to_string(sens) + ",?)";
        params.push_back(TokenHex(tokens[i + j]));
      }
      s = store_->Exec(sql, params);
      if (!s.ok()) return s;
    }
  }
  return Status::Ok();
}

Result<CheckOutcome> Ledger::Check(const TransferRequest& r, bool record, const DecideFn& decide) {
  Status s = RequireSchema();
  if (!s.ok()) return s;
  s = store_->BeginWrite();
  if (!s.ok()) return s;
  TxGuard tx(store_.get());
  CheckOutcome out;
  Result<std::vector<SqlRow>> live = LiveRecords(r.exporter, r.transfer_id);
  if (!live.ok()) return live.status();
  if (!live->empty()) {
    const SqlRow& row = live->front();
    if (row[1] != r.manifest_sha256) {
      return Status::InvalidInput(
          "transfer " + r.transfer_id + " of exporter " + r.exporter +
          " is already recorded (entry " + row[0] + ") with another manifest (sha256 " +
          Short(row[1]) + ", this one " + Short(r.manifest_sha256) +
          "); cancel that entry first: dxcheck ledger cancel " + r.transfer_id + " --reason …");
    }
    Result<LedgerEntry> e = ParseEntryBody(row[2]);
    if (!e.ok()) return Status::Internal("entry " + row[0] + ": " + e.status().message());
    out.view = {e->prior_personal, e->prior_sensitive, row[3], e->seq, true};
    out.entry = *e;
    out.entry_hash = row[3];
    Result<Evaluated> ev = decide(out.view);
    if (!ev.ok()) return ev.status();
    return out;  // a repeat: nothing to append
  }
  Result<LedgerView> view = ReadView(r);
  if (!view.ok()) return view.status();
  out.view = *view;
  Result<Evaluated> ev = decide(out.view);
  if (!ev.ok()) return ev.status();
  if (!record || !ev->may_proceed) return out;

  LedgerEntry e;
  e.seq = view->entries + 1;
  e.kind = "record";
  e.exporter = r.exporter;
  e.year = r.year;
  e.transfer_id = r.transfer_id;
  e.manifest_sha256 = r.manifest_sha256;
  e.at = ev->at;
  e.verdict = ev->verdict;
  e.prior_personal = view->prior_personal;
  e.prior_sensitive = view->prior_sensitive;
  std::vector<PersonToken> tokens[2];
  for (int sens = 0; sens < 2; ++sens) {
    const PersonSet& brings = sens ? r.sensitive : r.personal;
    EntryPersons& p = sens ? e.sensitive : e.personal;
    p.declared = sens ? ev->sensitive : ev->personal;
    p.tokenised = brings.tokenised;
    if (brings.tokenised) {
      tokens[sens] = NormalizeTokens(brings.tokens);
      p.tokens = tokens[sens].size();
      p.tokens_sha256 = TokensDigest(tokens[sens]);
    }
    uint64_t adds = p.tokenised ? p.tokens : p.declared;
    (sens ? e.total_sensitive : e.total_personal) =
        (sens ? e.prior_sensitive : e.prior_personal) + adds;
  }
  s = Append(e, tokens[0], tokens[1], &out.entry_hash);
  if (!s.ok()) return s;
  s = tx.Commit();
  if (!s.ok()) return s;
  out.recorded = true;
  out.entry = e;
  return out;
}

}  // namespace dxcheck
