#include "checker/ledger/sqlite_store.h"

#include <sqlite3.h>
#include <sys/stat.h>

namespace dxcheck {
namespace {

class SqliteStore : public SqlStore {
 public:
  SqliteStore(sqlite3* db, std::string url, std::string path, dev_t dev, ino_t ino)
      : db_(db), url_(std::move(url)), path_(std::move(path)), dev_(dev), ino_(ino) {}
  ~SqliteStore() override {
    if (in_tx_) Rollback();
    sqlite3_close_v2(db_);
  }

  const char* dialect() const override { return "sqlite"; }
  const std::string& display_url() const override { return url_; }

  Result<std::vector<SqlRow>> Query(const std::string& sql,
                                    const std::vector<std::string>& params) override {
    last_failure_ = Failure::kNone;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &st, nullptr) !=
        SQLITE_OK) {
      return Error("prepare");
    }
    for (size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(st, static_cast<int>(i + 1), params[i].data(),
                        static_cast<int>(params[i].size()), SQLITE_TRANSIENT);
    }
    std::vector<SqlRow> rows;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      SqlRow row;
      int n = sqlite3_column_count(st);
      for (int c = 0; c < n; ++c) {
        const unsigned char* v = sqlite3_column_text(st, c);
        row.emplace_back(v ? reinterpret_cast<const char*>(v) : "",
                         static_cast<size_t>(sqlite3_column_bytes(st, c)));
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
      Status s = Error("step");
      sqlite3_finalize(st);
      return s;
    }
    sqlite3_finalize(st);
    return rows;
  }

  Status SetLockWait(int milliseconds) override {
    sqlite3_busy_timeout(db_, milliseconds);
    return Status::Ok();
  }

  Status BeginWrite() override { return Begin("BEGIN IMMEDIATE"); }
  Status BeginRead() override { return Begin("BEGIN DEFERRED"); }
  Status Commit() override {
    Status s = Exec("COMMIT");
    if (s.ok()) in_tx_ = false;
    return s;
  }
  void Rollback() override {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    in_tx_ = false;
  }

  Result<bool> HasSchema() override {
    Result<std::vector<SqlRow>> r = Query(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dxcheck_ledger_meta'", {});
    if (!r.ok()) return r.status();
    return !r->empty();
  }

  std::vector<std::string> MigrationTo(int to) const override {
    if (to == 1) return LedgerTablesV1();
    if (to == 2) {  // append only: the database refuses updates and deletes
      std::vector<std::string> s;
      for (const char* table : {"dxcheck_ledger_entries", "dxcheck_ledger_tokens"}) {
        for (const char* op : {"UPDATE", "DELETE"}) {
          s.push_back(std::string("CREATE TRIGGER ") + table + "_no_" + op + " BEFORE " + op +
                      " ON " + table + " BEGIN SELECT RAISE(ABORT, 'the dxcheck ledger is " +
                      "append-only'); END");
        }
      }
      return s;
    }
    return {};
  }

 private:
  Status Begin(const char* sql) {
    // A connection kept open (a service's) still reads and writes the file
    // it opened after that file was removed or replaced (a restore from a
    // backup): entries recorded there would be lost to every other reader.
    // So each transaction first checks that the path still names it.
    // Nothing has been sent then: kStale, a new connection may succeed.
    struct stat sb;
    if (stat(path_.c_str(), &sb) != 0) {
      last_failure_ = Failure::kStale;
      return Status::IoError(url_ + ": the ledger file is gone (removed or renamed since it was opened)");
    }
    if (sb.st_dev != dev_ || sb.st_ino != ino_) {
      last_failure_ = Failure::kStale;
      return Status::IoError(url_ + ": the ledger file was replaced since it was opened");
    }
    Status s = Exec(sql);
    if (s.ok()) in_tx_ = true;
    return s;
  }
  Status Error(const char* what) {
    // SQLITE_BUSY: the busy timeout ran out waiting for another writer;
    // SQLITE_LOCKED: a conflict within this process's shared cache.
    int code = sqlite3_errcode(db_);
    last_failure_ = code == SQLITE_BUSY || code == SQLITE_LOCKED ? Failure::kBusy : Failure::kOther;
    return Status::IoError(url_ + ": SQLite " + what + ": " + sqlite3_errmsg(db_));
  }

  sqlite3* db_;
  std::string url_;
  std::string path_;
  dev_t dev_;
  ino_t ino_;
  bool in_tx_ = false;
};

}  // namespace

Result<std::unique_ptr<SqlStore>> OpenSqliteStore(const std::string& url, const std::string& path,
                                                  bool create) {
  struct stat sb;
  if (path.empty()) return Status::InvalidInput("ledger URL " + url + ": the path is empty");
  if (!create && stat(path.c_str(), &sb) != 0) {
    return Status::NotFound(url + ": no such ledger (create it with 'dxcheck ledger init')");
  }
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::IoError(url + ": cannot open: " + why);
  }
  // The file opened (after a create, it exists): its identity, which each
  // transaction checks.
  if (stat(path.c_str(), &sb) != 0) {
    sqlite3_close_v2(db);
    return Status::IoError(url + ": cannot examine the ledger file after opening it");
  }
  auto store = std::make_unique<SqliteStore>(db, url, path, sb.st_dev, sb.st_ino);
  sqlite3_busy_timeout(db, kSqliteBusyTimeoutMs);
  // WAL is a property of the file (set once, kept); synchronous is per connection.
  Result<std::vector<SqlRow>> mode = store->Query("PRAGMA journal_mode=WAL", {});
  if (!mode.ok()) return mode.status();
  if (mode->empty() || mode->front().empty() || mode->front()[0] != "wal") {
    return Status::IoError(url + ": cannot switch the database to WAL mode");
  }
  Status sync = store->Exec("PRAGMA synchronous=FULL");
  if (!sync.ok()) return sync;
  return std::unique_ptr<SqlStore>(std::move(store));
}

}  // namespace dxcheck
