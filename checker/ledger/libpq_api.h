// LibPq: the libpq functions the PostgreSQL ledger store calls, loaded with
// dlopen the first time a postgresql:// ledger is opened rather than linked.
//
// Why: libpq.so.5 brings about twenty libraries with it (Kerberos, LDAP,
// GnuTLS, SASL, p11-kit, …). Linked, every dxcheck process paid for loading
// and relocating them (about half of a fresh `dxcheck check`'s start-up,
// bench/README.md), although only a postgresql:// ledger ever uses them.
// The types and signatures still come from <libpq-fe.h> (decltype), so a
// mismatch with the header is a compile error, not a crash.
#ifndef DXCHECK_LEDGER_LIBPQ_API_H_
#define DXCHECK_LEDGER_LIBPQ_API_H_

#include <libpq-fe.h>

#include "checker/base/status.h"

namespace dxcheck {

struct LibPq {
  decltype(&::PQconnectdb) connectdb;
  decltype(&::PQsetNoticeProcessor) set_notice_processor;
  decltype(&::PQstatus) status;
  decltype(&::PQerrorMessage) error_message;
  decltype(&::PQfinish) finish;
  decltype(&::PQpass) pass;
  decltype(&::PQexec) exec;
  decltype(&::PQexecParams) exec_params;
  decltype(&::PQresultStatus) result_status;
  decltype(&::PQresultErrorMessage) result_error_message;
  decltype(&::PQresultErrorField) result_error_field;
  decltype(&::PQclear) clear;
  decltype(&::PQntuples) ntuples;
  decltype(&::PQnfields) nfields;
  decltype(&::PQgetvalue) getvalue;
  decltype(&::PQgetlength) getlength;
};

// libpq, loaded once per process (thread-safe; the library stays loaded).
// IoError naming the library and dlerror()'s reason when it cannot be
// loaded or lacks a function (Debian: package libpq5).
Result<const LibPq*> LoadLibPq();

}  // namespace dxcheck

#endif  // DXCHECK_LEDGER_LIBPQ_API_H_
