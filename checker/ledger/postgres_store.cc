#include "checker/ledger/postgres_store.h"

#include <cstdlib>
#include <cstring>

#include "checker/ledger/libpq_api.h"

namespace dxcheck {
namespace {

void IgnoreNotice(void*, const char*) {}

// SQLSTATE 55P03 lock_not_available: what a lock wait past lock_timeout
// raises, pg_advisory_xact_lock's included ("canceling statement due to lock
// timeout"; statement_timeout and a cancel raise 57014 query_canceled, which
// this store never asks for).
constexpr char kLockNotAvailable[] = "55P03";

// `?` placeholders become $1, $2, … (outside single-quoted literals).
std::string Numbered(const std::string& sql) {
  std::string out;
  int n = 0;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += "$" + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

class PostgresStore : public SqlStore {
 public:
  PostgresStore(const LibPq* pq, PGconn* conn, std::string display, std::string secret)
      : pq_(pq), conn_(conn), display_(std::move(display)), secret_(std::move(secret)) {}
  ~PostgresStore() override { pq_->finish(conn_); }

  const char* dialect() const override { return "postgresql"; }
  const std::string& display_url() const override { return display_; }

  Result<std::vector<SqlRow>> Query(const std::string& sql,
                                    const std::vector<std::string>& params) override {
    std::vector<const char*> values;
    for (const std::string& p : params) values.push_back(p.c_str());
    last_failure_ = Failure::kNone;
    PGresult* r = pq_->exec_params(conn_, Numbered(sql).c_str(), static_cast<int>(params.size()),
                               nullptr, values.data(), nullptr, nullptr, 0);
    ExecStatusType st = pq_->result_status(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      // `r` is null when libpq could not even send or receive (a lost
      // connection): no SQLSTATE then, and kOther.
      const char* state = r ? pq_->result_error_field(r, PG_DIAG_SQLSTATE) : nullptr;
      if (state != nullptr && std::strcmp(state, kLockNotAvailable) == 0) {
        last_failure_ = Failure::kBusy;
      } else if (!in_tx_ && pq_->status(conn_) == CONNECTION_BAD) {
        // The connection died before or while a transaction was opened (or
        // under a read outside one, the schema check): the ledger writes
        // only between BeginWrite() and Commit(), so nothing was written.
        last_failure_ = Failure::kStale;
      } else {
        last_failure_ = Failure::kOther;
      }
      std::string why = r ? pq_->result_error_message(r) : "";
      pq_->clear(r);
      if (why.empty()) why = pq_->error_message(conn_);
      while (!why.empty() && why.back() == '\n') why.pop_back();
      return Status::IoError(Scrub(display_ + ": PostgreSQL: " + why, secret_));
    }
    std::vector<SqlRow> rows;
    int nrows = pq_->ntuples(r), ncols = pq_->nfields(r);
    rows.reserve(static_cast<size_t>(nrows));
    for (int i = 0; i < nrows; ++i) {
      SqlRow row;
      for (int c = 0; c < ncols; ++c) {
        row.emplace_back(pq_->getvalue(r, i, c), static_cast<size_t>(pq_->getlength(r, i, c)));
      }
      rows.push_back(std::move(row));
    }
    pq_->clear(r);
    return rows;
  }

  Status SetLockWait(int milliseconds) override {
    return Exec("SET lock_timeout = " + std::to_string(milliseconds));
  }

  // in_tx_ is set once the transaction is open (BEGIN and, for a writer,
  // the lock granted): a lost connection before that is kStale, after it
  // (COMMIT above all) kOther.
  Status BeginWrite() override {
    Status s = Exec("BEGIN ISOLATION LEVEL READ COMMITTED");
    if (!s.ok()) return s;
    // Taken after BEGIN, so every statement after it sees every entry
    // committed before the lock was granted.
    s = Exec("SELECT pg_advisory_xact_lock(" + std::to_string(kLedgerAdvisoryLock) + ")");
    if (!s.ok()) {
      Rollback();
      return s;
    }
    in_tx_ = true;
    return s;
  }
  Status BeginRead() override {
    Status s = Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    in_tx_ = s.ok();
    return s;
  }
  Status Commit() override {
    Status s = Exec("COMMIT");
    in_tx_ = false;  // committed, or failed: either way no transaction of ours is open
    if (!s.ok() && pq_->status(conn_) == CONNECTION_BAD) {
      // The server may have committed before the connection was lost.
      return Status::IoError(s.message() + " (COMMIT unconfirmed: the transaction may have "
                             "committed; the same check again answers a recorded entry as a repeat)");
    }
    return s;
  }
  void Rollback() override {
    pq_->clear(pq_->exec(conn_, "ROLLBACK"));
    in_tx_ = false;
  }

  Result<bool> HasSchema() override {
    Result<std::vector<SqlRow>> r =
        Query("SELECT to_regclass('dxcheck_ledger_meta') IS NOT NULL", {});
    if (!r.ok()) return r.status();
    return !r->empty() && !r->front().empty() && r->front()[0] == "t";
  }

  std::vector<std::string> MigrationTo(int to) const override {
    if (to == 1) return LedgerTablesV1();
    if (to == 2) {  // append only: the database refuses updates and deletes
      return {
          "CREATE FUNCTION dxcheck_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS "
          "$$BEGIN RAISE EXCEPTION 'the dxcheck ledger is append-only'; END$$",
          "CREATE TRIGGER dxcheck_ledger_entries_append_only BEFORE UPDATE OR DELETE ON "
          "dxcheck_ledger_entries FOR EACH ROW EXECUTE FUNCTION dxcheck_ledger_append_only()",
          "CREATE TRIGGER dxcheck_ledger_tokens_append_only BEFORE UPDATE OR DELETE ON "
          "dxcheck_ledger_tokens FOR EACH ROW EXECUTE FUNCTION dxcheck_ledger_append_only()",
      };
    }
    return {};
  }

 private:
  const LibPq* pq_;
  PGconn* conn_;
  std::string display_, secret_;
  bool in_tx_ = false;
};

}  // namespace

Result<std::unique_ptr<SqlStore>> OpenPostgresStore(const std::string& url) {
  std::string display = RedactUrl(url);
  std::string secret = UrlPassword(url);
  const char* env = std::getenv("PGPASSWORD");
  Result<const LibPq*> lib = LoadLibPq();
  if (!lib.ok()) return Status::IoError(display + ": PostgreSQL: " + lib.status().message());
  const LibPq* pq = *lib;
  PGconn* conn = pq->connectdb(url.c_str());
  if (conn == nullptr) return Status::IoError(display + ": PostgreSQL: out of memory");
  pq->set_notice_processor(conn, IgnoreNotice, nullptr);
  if (pq->status(conn) != CONNECTION_OK) {
    std::string why = pq->error_message(conn);
    pq->finish(conn);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    for (char& c : why) {
      if (c == '\n') c = ' ';
    }
    why = Scrub(Scrub(why, secret), env ? env : "");
    return Status::IoError(display + ": cannot connect to PostgreSQL: " + why);
  }
  // A PGPASSWORD or password-file secret is scrubbed too, should the server echo it.
  if (secret.empty()) {
    const char* used = pq->pass(conn);
    if (used) secret = used;
  }
  return std::unique_ptr<SqlStore>(new PostgresStore(pq, conn, display, secret));
}

}  // namespace dxcheck
