// URL handling shared by the stores, and the dispatch on the URL's scheme.
#include "checker/ledger/sql_store.h"

#include "checker/ledger/postgres_store.h"
#include "checker/ledger/sqlite_store.h"

namespace dxcheck {
namespace {

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// The [start, end) of the password in a URI's userinfo, or npos.
std::pair<size_t, size_t> UserinfoPassword(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return {std::string::npos, 0};
  size_t start = scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  if (end == std::string::npos) end = url.size();
  size_t at = url.rfind('@', end);
  if (at == std::string::npos || at < start) return {std::string::npos, 0};
  size_t colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) return {std::string::npos, 0};
  return {colon + 1, at};
}

// The [start, end) of what lies between the first ':' after "://" and the
// last '@', or npos: the password however it is spelt, since one holding '/',
// '?', '#' or '@' ends the authority early for UserinfoPassword's strict
// parse. It may take in more than the password (a port, say); for hiding a
// secret, too much is harmless.
std::pair<size_t, size_t> WideUserinfoPassword(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return {std::string::npos, 0};
  size_t at = url.rfind('@');
  size_t colon = url.find(':', scheme + 3);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return {std::string::npos, 0};
  return {colon + 1, at};
}

// The [start, end) of a "password=" parameter's value, or npos.
std::pair<size_t, size_t> ParamPassword(const std::string& url) {
  size_t q = url.find('?');
  if (q == std::string::npos) return {std::string::npos, 0};
  size_t p = q;
  while ((p = url.find("password=", p)) != std::string::npos) {
    if (url[p - 1] == '?' || url[p - 1] == '&') {
      size_t start = p + 9;
      size_t end = url.find('&', start);
      return {start, end == std::string::npos ? url.size() : end};
    }
    ++p;
  }
  return {std::string::npos, 0};
}

}  // namespace

const std::vector<std::string>& LedgerTablesV1() {
  static const std::vector<std::string> kTables = {
      "CREATE TABLE dxcheck_ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
      "CREATE TABLE dxcheck_ledger_entries (seq BIGINT PRIMARY KEY, hash TEXT NOT NULL, "
      "prev_hash TEXT NOT NULL, kind TEXT NOT NULL, exporter TEXT NOT NULL, year INTEGER NOT "
      "NULL, transfer_id TEXT NOT NULL, manifest_sha256 TEXT NOT NULL, cancels BIGINT NOT "
      "NULL, personal BIGINT NOT NULL, personal_tokenised INTEGER NOT NULL, sensitive BIGINT "
      "NOT NULL, sensitive_tokenised INTEGER NOT NULL, body TEXT NOT NULL)",
      "CREATE INDEX dxcheck_ledger_entries_exporter_year ON dxcheck_ledger_entries "
      "(exporter, year)",
      "CREATE INDEX dxcheck_ledger_entries_transfer ON dxcheck_ledger_entries "
      "(exporter, transfer_id)",
      "CREATE INDEX dxcheck_ledger_entries_cancels ON dxcheck_ledger_entries (cancels)",
      "CREATE TABLE dxcheck_ledger_tokens (seq BIGINT NOT NULL, sensitive INTEGER NOT NULL, "
      "token TEXT NOT NULL, PRIMARY KEY (seq, sensitive, token))",
  };
  return kTables;
}

std::string Scrub(std::string message, const std::string& secret) {
  if (secret.empty()) return message;
  // The secret, and each piece of it between '/', '?', '#' and '@': libpq
  // quotes what it parsed of a password that cut its URI short ("invalid
  // integer value \"pa\" for connection option \"port\"").
  std::vector<std::string> pieces = {secret};
  size_t from = 0;
  for (size_t i = 0; i <= secret.size(); ++i) {
    if (i == secret.size() || std::string_view("/?#@").find(secret[i]) != std::string_view::npos) {
      if (i > from && i - from < secret.size()) pieces.push_back(secret.substr(from, i - from));
      from = i + 1;
    }
  }
  for (const std::string& piece : pieces) {
    size_t p = 0;
    while ((p = message.find(piece, p)) != std::string::npos) {
      message.replace(p, piece.size(), "***");
      p += 3;
    }
  }
  return message;
}

std::string UrlPassword(const std::string& url) {
  auto [s, e] = UserinfoPassword(url);
  if (s != std::string::npos && e > s) return url.substr(s, e - s);
  if (auto [ws, we] = WideUserinfoPassword(url); ws != std::string::npos && we > ws) {
    return url.substr(ws, we - ws);
  }
  auto [ps, pe] = ParamPassword(url);
  if (ps != std::string::npos && pe > ps) return url.substr(ps, pe - ps);
  return "";
}

std::string RedactUrl(const std::string& url) {
  // Wider than what OpenSqlStore accepts, since it words errors about URLs it
  // refuses too: every "password=" value anywhere (each query parameter, a
  // key=value connection string, quoted or not), and WideUserinfoPassword's
  // span. Too much hidden is harmless here; a password shown is not.
  std::string out = url;
  size_t p = 0;
  while ((p = out.find("password=", p)) != std::string::npos) {
    size_t start = p + 9;
    size_t end = start < out.size() && out[start] == '\''
                     ? out.find('\'', start + 1)
                     : out.find_first_of("& \t", start);
    end = end == std::string::npos ? out.size() : end + (out[start] == '\'' ? 1 : 0);
    out.replace(start, end - start, "***");
    p = start + 3;
  }
  if (auto [ws, we] = WideUserinfoPassword(out); ws != std::string::npos) out.replace(ws, we - ws, "***");
  return out;
}

Result<std::unique_ptr<SqlStore>> OpenSqlStore(const std::string& url, bool create) {
  if (StartsWith(url, "sqlite:")) return OpenSqliteStore(url, url.substr(7), create);
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
    return OpenPostgresStore(url);
  }
  return Status::InvalidInput("ledger URL " + RedactUrl(url) +
                              ": expected sqlite:PATH or postgresql://… (a libpq URI)");
}

}  // namespace dxcheck
