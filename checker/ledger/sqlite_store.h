// The SQLite ledger store (sql_store.h): one file in WAL mode, for one machine.
// Writers serialise on BEGIN IMMEDIATE, waiting up to the busy timeout;
// synchronous=FULL, so a committed entry survives a crash of the machine, and
// a process killed at any instant leaves the last committed state.
#ifndef DXCHECK_LEDGER_SQLITE_STORE_H_
#define DXCHECK_LEDGER_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "checker/ledger/sql_store.h"

namespace dxcheck {

// How long a writer waits for another to finish before giving up (IoError).
constexpr int kSqliteBusyTimeoutMs = 120000;

// `url` is kept for messages; `path` is the database file.
Result<std::unique_ptr<SqlStore>> OpenSqliteStore(const std::string& url, const std::string& path,
                                                  bool create);

}  // namespace dxcheck

#endif  // DXCHECK_LEDGER_SQLITE_STORE_H_
