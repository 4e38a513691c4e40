// URL handling shared by the stores, and the dispatch on the URL's scheme.
#include "checker/ledger/sql_store.h"

#include <algorithm>
#include <cctype>
#include <string_view>

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

// Where a password is given as a key's value: the [start, end) of each
// value (quotes included) of a key ending in "password" (any case, so
// sslpassword and a mistyped "Password" too), with or without spaces around
// '=': a URI query parameter (after '?' or '&': the value ends at '&' or
// '#', spaces and commas included) or a libpq key=value connection string
// (single-quoted with backslash escapes, or up to the next whitespace).
// `in_message`: `s` is a message with URLs in it, where a query value ends
// at whitespace too (else the rest of the message would go with it).
std::vector<std::pair<size_t, size_t>> KeyValuePasswords(const std::string& s,
                                                         bool in_message = false) {
  std::vector<std::pair<size_t, size_t>> spans;
  static constexpr char kKey[] = "password";
  constexpr size_t kKeyLen = sizeof kKey - 1;
  for (size_t p = 0; p + kKeyLen <= s.size(); ++p) {
    bool key = true;
    for (size_t i = 0; i < kKeyLen && key; ++i) {
      key = std::tolower(static_cast<unsigned char>(s[p + i])) == kKey[i];
    }
    if (!key) continue;
    size_t k = p;  // the start of the key (sslpassword: "ssl" belongs to it)
    while (k > 0 && (std::isalnum(static_cast<unsigned char>(s[k - 1])) || s[k - 1] == '_')) --k;
    bool in_query = k > 0 && (s[k - 1] == '?' || s[k - 1] == '&');
    size_t q = p + kKeyLen;
    while (q < s.size() && (s[q] == ' ' || s[q] == '\t')) ++q;
    if (q >= s.size() || s[q] != '=') continue;
    ++q;
    while (q < s.size() && (s[q] == ' ' || s[q] == '\t')) ++q;
    size_t end = q;
    if (q < s.size() && s[q] == '\'') {
      end = q + 1;
      while (end < s.size() && s[end] != '\'') end += s[end] == '\\' && end + 1 < s.size() ? 2 : 1;
      end = std::min(end + 1, s.size());  // past the closing quote (unclosed: to the end)
    } else if (in_query) {
      end = s.find_first_of(in_message ? "&# \t\r\n" : "&#", q);
    } else {
      end = s.find_first_of(" \t\r\n", q);
    }
    if (end == std::string::npos) end = s.size();
    spans.push_back({q, end});
    p = end > p ? end - 1 : p;
  }
  return spans;
}

// A value as KeyValuePasswords spans it, without its quotes and escapes.
std::string Unquoted(const std::string& v) {
  if (v.empty() || v[0] != '\'') return v;
  std::string out;
  for (size_t i = 1; i < v.size() && v[i] != '\''; ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) ++i;
    out += v[i];
  }
  return out;
}

// %XX decoded, as libpq decodes a URI's userinfo and query values.
std::string PercentDecoded(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// `s` with every KeyValuePasswords span replaced by "***" (one that is
// "***" already, as in a redacted URL, left alone: "***:" is not a password).
std::string RedactKeyValues(std::string s, bool in_message = false) {
  std::vector<std::pair<size_t, size_t>> spans = KeyValuePasswords(s, in_message);
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
    std::string_view v(s.data() + it->first, it->second - it->first);
    if (v.substr(0, 3) == "***" &&
        std::all_of(v.begin() + 3, v.end(), [](char c) { return std::ispunct(static_cast<unsigned char>(c)); })) {
      continue;
    }
    s.replace(it->first, it->second - it->first, "***");
  }
  return s;
}

// Replaces every occurrence of `piece` in `message` by "***".
void ReplaceAll(std::string* message, const std::string& piece) {
  size_t p = 0;
  while ((p = message->find(piece, p)) != std::string::npos) {
    message->replace(p, piece.size(), "***");
    p += 3;
  }
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
  // By position first, whatever the secret: key=value passwords, and the
  // userinfo of each URI in the message (a token from "scheme://" to the
  // next space or double quote; WideUserinfoPassword over the whole message
  // would run to any later '@' and swallow the text between).
  message = RedactKeyValues(std::move(message), true);
  for (size_t p = 0; (p = message.find("://", p)) != std::string::npos;) {
    size_t start = message.rfind(' ', p);
    start = start == std::string::npos ? 0 : start + 1;
    size_t end = message.find_first_of(" \t\n\"", p);
    if (end == std::string::npos) end = message.size();
    std::string token = RedactUrl(message.substr(start, end - start));
    message.replace(start, end - start, token);
    p = start + token.size();
  }
  if (secret.empty()) return message;
  // Then the secret itself, as given and %-decoded, and each piece of it
  // between '/', '?', '#', '@', ',' and ':': libpq quotes what it parsed of a
  // password that cut its URI short, as a port or as one of a list of hosts
  // ("invalid integer value \"pa\" for connection option \"port\"",
  // "could not translate host name \"ss\" to address"). A string of at
  // least kMinFreeScrub bytes is replaced wherever it occurs; a shorter one
  // only where it stands whole in quotes, since replacing every "a" or "pw"
  // would garble the message (and tell where the password's letters occur).
  constexpr size_t kMinFreeScrub = 6;
  std::vector<std::string> pieces;
  for (const std::string& whole : {secret, PercentDecoded(secret)}) {
    pieces.push_back(whole);
    size_t from = 0;
    for (size_t i = 0; i <= whole.size(); ++i) {
      if (i == whole.size() || std::string_view("/?#@,:").find(whole[i]) != std::string_view::npos) {
        if (i > from && i - from < whole.size()) pieces.push_back(whole.substr(from, i - from));
        from = i + 1;
      }
    }
  }
  // Longest first, so that a piece does not cut up a longer string holding it.
  std::stable_sort(pieces.begin(), pieces.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& piece : pieces) {
    if (piece.size() >= kMinFreeScrub) {
      ReplaceAll(&message, piece);
    } else {
      for (const char* q : {"\"", "'"}) {
        std::string quoted = q + piece + q;
        for (size_t p = 0; (p = message.find(quoted, p)) != std::string::npos;) {
          message.replace(p, quoted.size(), std::string(q) + "***" + q);
          p += 5;
        }
      }
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
  for (auto [ps, pe] : KeyValuePasswords(url)) {
    if (pe > ps) return Unquoted(url.substr(ps, pe - ps));
  }
  return "";
}

std::string RedactUrl(const std::string& url) {
  // Wider than what OpenSqlStore accepts, since it words errors about URLs it
  // refuses too: every password value anywhere (KeyValuePasswords: each query
  // parameter, a key=value connection string, quoted or not, any case,
  // spaces around '='), and WideUserinfoPassword's span. Too much hidden is
  // harmless here; a password shown is not.
  std::string out = RedactKeyValues(url);
  if (auto [ws, we] = WideUserinfoPassword(out); ws != std::string::npos) out.replace(ws, we - ws, "***");
  return out;
}

bool IsLedgerUrl(const std::string& url) {
  return StartsWith(url, "sqlite:") || StartsWith(url, "postgresql://") ||
         StartsWith(url, "postgres://");
}

Result<std::unique_ptr<SqlStore>> OpenSqlStore(const std::string& url, bool create) {
  if (StartsWith(url, "sqlite:")) return OpenSqliteStore(url, url.substr(7), create);
  if (IsLedgerUrl(url)) return OpenPostgresStore(url);
  return Status::InvalidInput("ledger URL " + RedactUrl(url) +
                              ": expected sqlite:PATH or postgresql://… (a libpq URI)");
}

}  // namespace dxcheck
