// The PostgreSQL ledger store (sql_store.h): one database shared by workers on
// many machines. Writers serialise on a transaction-scoped advisory lock
// (pg_advisory_xact_lock) taken right after BEGIN: the whole ledger is one hash
// chain, so appends are ordered ledger-wide, and the lock is released by
// COMMIT, ROLLBACK or the server noticing a dead connection. Reads run in a
// REPEATABLE READ snapshot.
//
// The connection string is libpq's (postgresql://user@host/db?…); the password
// comes from the URL, PGPASSFILE/~/.pgpass or PGPASSWORD, as libpq reads them,
// and is removed from every message. libpq's notices are swallowed: the
// library never prints.
#ifndef DXCHECK_LEDGER_POSTGRES_STORE_H_
#define DXCHECK_LEDGER_POSTGRES_STORE_H_

#include <memory>
#include <string>

#include "checker/ledger/sql_store.h"

namespace dxcheck {

// The advisory lock key all dxcheck ledger writers take ("dxcheck" in ASCII).
constexpr long long kLedgerAdvisoryLock = 0x647863686563LL;

Result<std::unique_ptr<SqlStore>> OpenPostgresStore(const std::string& url);

}  // namespace dxcheck

#endif  // DXCHECK_LEDGER_POSTGRES_STORE_H_
