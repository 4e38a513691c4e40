// SqlStore: the little a transfer ledger needs of a database, so that one
// implementation of the ledger's logic (ledger.h) runs on SQLite and on
// PostgreSQL alike and the two cannot drift apart.
//
// Statements use `?` placeholders bound to text parameters; results come back
// as text (SQL NULL as ""). BeginWrite() opens the one transaction kind that
// may append: it excludes every other writer of the same ledger until Commit()
// or Rollback() (SQLite: BEGIN IMMEDIATE under a busy timeout; PostgreSQL: a
// transaction-scoped advisory lock on the ledger). BeginRead() opens a
// consistent snapshot.
//
// Error messages never contain the connection's password: each store removes
// it from every message it returns.
#ifndef DXCHECK_LEDGER_SQL_STORE_H_
#define DXCHECK_LEDGER_SQL_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "checker/base/status.h"

namespace dxcheck {

using SqlRow = std::vector<std::string>;

class SqlStore {
 public:
  virtual ~SqlStore() = default;

  // "sqlite" or "postgresql".
  virtual const char* dialect() const = 0;
  // The ledger URL with any password replaced by "***", for messages.
  virtual const std::string& display_url() const = 0;

  virtual Result<std::vector<SqlRow>> Query(const std::string& sql,
                                            const std::vector<std::string>& params) = 0;
  Status Exec(const std::string& sql, const std::vector<std::string>& params = {}) {
    Result<std::vector<SqlRow>> r = Query(sql, params);
    return r.ok() ? Status::Ok() : r.status();
  }

  // Bounds how long a statement waits for the ledger's lock (another
  // writer's transaction) before it fails with IoError: SQLite's busy
  // timeout, PostgreSQL's lock_timeout (which the advisory lock obeys). A
  // service sets it below its request deadline, so that a check never
  // records after its client was cut off.
  virtual Status SetLockWait(int milliseconds) = 0;

  virtual Status BeginWrite() = 0;
  virtual Status BeginRead() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;

  // Whether the ledger's tables exist (the meta table, which init creates first).
  virtual Result<bool> HasSchema() = 0;
  // The statements that migrate the schema from version `to - 1` to `to`, in
  // this store's dialect. Empty for a version that does not exist.
  virtual std::vector<std::string> MigrationTo(int to) const = 0;

  // What made the last failed call fail, for LedgerPool's retry. Read from
  // the database's error codes, never from message text (PostgreSQL words
  // its messages in the server's lc_messages).
  enum class Failure {
    kNone,   // the last statement succeeded (a failure came from elsewhere)
    kBusy,   // the ledger's lock was not granted within the lock wait
    // The connection was found unusable before any transaction of the call
    // was open: the SQLite file replaced or removed since it was opened
    // (BeginWrite()/BeginRead() check); the PostgreSQL connection lost
    // outside a transaction or while one was being opened (BEGIN, the lock:
    // they change nothing, and a server that lost the connection rolls them
    // back). The ledger writes only between BeginWrite() and Commit(), so
    // nothing was written: a fresh connection may run the call again.
    kStale,
    // Anything else, a failed COMMIT included whatever its cause: it may
    // have committed, so the call must not run again.
    kOther,
  };
  Failure last_failure() const { return last_failure_; }
  // Forgets the last failure (LedgerPool, before each use: a failure that
  // is not a statement's, an I/O error of the ledger's own, must not be
  // read as an earlier use's "busy").
  void ClearFailure() { last_failure_ = Failure::kNone; }

 protected:
  Failure last_failure_ = Failure::kNone;
};

// Schema version 1, the tables and indexes, in the SQL both stores accept
// (BIGINT, INTEGER, TEXT): one definition, so the stores cannot drift apart.
const std::vector<std::string>& LedgerTablesV1();

// Opens the ledger a URL names: "sqlite:PATH" or "postgresql://…" /
// "postgres://…" (a libpq connection URI). `create`: a missing SQLite file is
// created (ledger init); otherwise it is NotFound. InvalidInput for a URL of
// another kind; IoError when the database cannot be reached.
Result<std::unique_ptr<SqlStore>> OpenSqlStore(const std::string& url, bool create);
// Whether `url` is of a kind OpenSqlStore opens (for the CLI to refuse
// another as a usage error before any work).
bool IsLedgerUrl(const std::string& url);

// `url` with the password replaced by "***": a URI's user:PASSWORD@, and
// the value of every key ending in "password" in any case, spaces around
// '=' or not, quoted ('a b', with backslash escapes) or not, commas and all.
std::string RedactUrl(const std::string& url);
// The password `url` carries, "" when none (for scrubbing messages).
std::string UrlPassword(const std::string& url);
// `message` (a database library's, about the connection `secret` belongs
// to) with passwords replaced by "***": every key=value password and URI
// userinfo in it, whatever `secret` is; then `secret` (also %-decoded) and
// each piece of it between '/', '?', '#', '@', ',' and ':' — wherever it
// occurs when at least 6 bytes long, only where it stands whole in quotes
// when shorter (so that a short password does not garble the message).
std::string Scrub(std::string message, const std::string& secret);

}  // namespace dxcheck

#endif  // DXCHECK_LEDGER_SQL_STORE_H_
