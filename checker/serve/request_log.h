// The service's log: one JSON object per line on stderr, for each request
// answered and for each service event (listening, reload, drain, stop).
//
// A request line carries the time (UTC, milliseconds), method, route, HTTP
// status, verdict, exit code, transfer id, duration and rule-set version, and
// nothing else of the request: never manifest content beyond its transfer id,
// never a token, never the raw path (a route outside the service's is logged
// as "other"). Strings are JSON-escaped, control characters included, so a
// transfer id cannot forge a line.
#ifndef DXCHECK_SERVE_REQUEST_LOG_H_
#define DXCHECK_SERVE_REQUEST_LOG_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dxcheck {

struct RequestLogEntry {
  std::chrono::system_clock::time_point time;
  std::string method;
  std::string route;  // RouteLabel() of the path
  int status = 0;
  std::string verdict;      // "" when no decision
  int exit_code = -1;       // -1 when none
  std::string transfer_id;  // "" when the manifest was not read
  double duration_ms = 0;
  uint64_t rules_version = 0;  // 0 when the request used no rule set
};

// The entry as one line of JSON (newline included).
std::string RequestLogLine(const RequestLogEntry& e);

// A service event: {"time", "event", then `fields` as strings}, one line.
std::string EventLogLine(const std::string& event,
                         const std::vector<std::pair<std::string, std::string>>& fields);

// `s` as a JSON string: JsonQuote, with DEL escaped too, cut at `max_bytes`
// (on a UTF-8 character boundary).
std::string LogQuote(const std::string& s, size_t max_bytes = 256);

}  // namespace dxcheck

#endif  // DXCHECK_SERVE_REQUEST_LOG_H_
