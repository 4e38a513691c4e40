#include "checker/serve/request_log.h"

#include <cstdio>
#include <ctime>

#include "checker/base/json_value.h"

namespace dxcheck {
namespace {

std::string Timestamp(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm;
  gmtime_r(&secs, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace

std::string LogQuote(const std::string& s, size_t max_bytes) {
  std::string cut = s;
  if (cut.size() > max_bytes) {
    size_t n = max_bytes;
    // Back up over continuation bytes so no character is split.
    while (n > 0 && (static_cast<unsigned char>(cut[n]) & 0xC0) == 0x80) --n;
    cut = cut.substr(0, n) + "...";
  }
  std::string q = JsonQuote(cut);
  std::string out;
  for (char c : q) {
    if (c == '\x7f') {
      out += "\\u007f";
    } else {
      out += c;
    }
  }
  return out;
}

std::string RequestLogLine(const RequestLogEntry& e) {
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3f", e.duration_ms);
  std::string o = "{\"time\":\"" + Timestamp(e.time) + "\",\"method\":" + LogQuote(e.method, 16) +
                  ",\"route\":" + LogQuote(e.route) + ",\"status\":" + std::to_string(e.status);
  o += ",\"verdict\":" + (e.verdict.empty() ? std::string("null") : LogQuote(e.verdict));
  o += ",\"exitCode\":" + (e.exit_code < 0 ? std::string("null") : std::to_string(e.exit_code));
  o += ",\"transferId\":" + (e.transfer_id.empty() ? std::string("null") : LogQuote(e.transfer_id));
  o += std::string(",\"durationMs\":") + duration;
  if (e.rules_version > 0) o += ",\"rulesVersion\":" + std::to_string(e.rules_version);
  return o + "}\n";
}

std::string EventLogLine(const std::string& event,
                         const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string o = "{\"time\":\"" + Timestamp(std::chrono::system_clock::now()) +
                  "\",\"event\":" + LogQuote(event);
  for (const auto& [k, v] : fields) o += "," + LogQuote(k) + ":" + LogQuote(v, 4096);
  return o + "}\n";
}

}  // namespace dxcheck
