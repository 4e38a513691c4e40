// LedgerPool: connections to one ledger shared by the threads of a service
// (`dxcheck serve --ledger URL`). A Ledger is one database connection and is
// not thread-safe; the pool lends each caller one of its own for the length
// of a call, opening up to `max_open` of them on demand and keeping them open
// between calls. The serialisation that makes counts exact is the store's
// (BEGIN IMMEDIATE, an advisory lock on PostgreSQL), not the pool's: replicas
// of a service on other machines share the ledger the same way.
//
// A connection whose call failed for a reason other than the input or a busy
// lock (IoError, Internal: a server restarted, a broken socket) is closed
// rather than lent again; the next call opens a fresh one.
#ifndef DXCHECK_LEDGER_LEDGER_POOL_H_
#define DXCHECK_LEDGER_LEDGER_POOL_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "checker/base/status.h"
#include "checker/ledger/ledger.h"

namespace dxcheck {

class LedgerPool {
 public:
  // REQUIRES: max_open >= 1. Opens nothing yet (Probe() does). `wait_ms` (0:
  // unbounded) bounds both how long Use waits for a free connection and how
  // long a connection waits for the ledger's lock (SqlStore::SetLockWait):
  // past it, Use fails with IoError ("busy") instead of answering late.
  LedgerPool(std::string url, size_t max_open, int wait_ms = 0);

  // Opens one connection and checks the schema, so that a service refuses to
  // start on a ledger it cannot use (the Status says why, password redacted).
  Status Probe();

  // Runs `fn` with a connection of its own; waits while `max_open` are lent.
  // Returns what `fn` returns, or the failure to open a connection. When a
  // kept connection turns out stale as a transaction opens
  // (SqlStore::Failure::kStale: a PostgreSQL restart left it dead, a SQLite
  // file was replaced or removed), every idle connection is closed (they are
  // as old) and `fn` runs once more on a newly opened one: nothing had been
  // written. Any other failure is returned as it is, never retried — a
  // failed COMMIT may have committed, and a busy lock stays busy.
  Status Use(const std::function<Status(Ledger*)>& fn);

  // The URL with any password replaced (for logs).
  const std::string& display_url() const { return display_url_; }

 private:
  // `fresh`: open a new connection (closing an idle one if that is what
  // stands in the way of max_open) rather than lend a kept one. `reused`:
  // set when the connection was kept from an earlier use.
  Result<std::unique_ptr<Ledger>> Take(bool fresh = false, bool* reused = nullptr);
  // Closes every idle connection.
  void DropIdle();
  void Give(std::unique_ptr<Ledger> l, bool healthy);

  const std::string url_;
  const size_t max_open_;
  const int wait_ms_;
  std::string display_url_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Ledger>> idle_;
  size_t open_ = 0;  // lent + idle + being opened
};

}  // namespace dxcheck

#endif  // DXCHECK_LEDGER_LEDGER_POOL_H_
