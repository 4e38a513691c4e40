#include "checker/serve/metrics.h"

#include <cstdio>
#include <cstdlib>

namespace dxcheck {
namespace {

const char* const kRoutes[] = {"/v1/check", "/v1/verify", "/v1/lists", "/healthz", "/readyz",
                               "/metrics"};

// The shortest decimal that reads back as `v` ("0.0005", not
// "0.00050000000000000001"), as Prometheus's own clients write floats.
std::string Float(double v) {
  char buf[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// Label values here come from fixed sets; escaping is for the digest's sake
// only (hex, nothing to escape), kept for safety.
std::string Label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string RouteLabel(const std::string& path) {
  for (const char* r : kRoutes) {
    if (path == r) return r;
  }
  return "other";
}

void Metrics::Observe(const std::string& route, int status, const std::string& verdict,
                      double seconds) {
  std::string r = RouteLabel(route);
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{r, status, verdict.empty() ? "none" : verdict}];
  Histogram& h = latency_[r];
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  if (i < kBuckets.size()) ++h.counts[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::SetRuleSet(uint64_t version, const std::string& digest) {
  std::lock_guard<std::mutex> lock(mu_);
  rule_set_version_ = version;
  rule_set_digest_ = digest;
}

void Metrics::CountReload(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  ++(ok ? reloads_ok_ : reloads_failed_);
}

void Metrics::CountLedgerError() {
  std::lock_guard<std::mutex> lock(mu_);
  ++ledger_errors_;
}

void Metrics::CountConnectionClosed(const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  ++closed_[reason];
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string o;
  o += "# HELP dxcheck_requests_total Requests answered, by route, HTTP status and verdict.\n";
  o += "# TYPE dxcheck_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, status, verdict] = key;
    o += "dxcheck_requests_total{route=\"" + Label(route) + "\",status=\"" +
         std::to_string(status) + "\",verdict=\"" + Label(verdict) + "\"} " + std::to_string(n) +
         "\n";
  }
  o += "# HELP dxcheck_request_duration_seconds Time from the request's headers to its answer.\n";
  o += "# TYPE dxcheck_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::string l = "route=\"" + Label(route) + "\"";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.counts[i];
      o += "dxcheck_request_duration_seconds_bucket{" + l + ",le=\"" + Float(kBuckets[i]) +
           "\"} " + std::to_string(cumulative) + "\n";
    }
    o += "dxcheck_request_duration_seconds_bucket{" + l + ",le=\"+Inf\"} " +
         std::to_string(h.count) + "\n";
    o += "dxcheck_request_duration_seconds_sum{" + l + "} " + Float(h.sum) + "\n";
    o += "dxcheck_request_duration_seconds_count{" + l + "} " + std::to_string(h.count) + "\n";
  }
  o += "# HELP dxcheck_rule_set_version Rule set in force: 1 at start, +1 per successful reload.\n";
  o += "# TYPE dxcheck_rule_set_version gauge\n";
  o += "dxcheck_rule_set_version " + std::to_string(rule_set_version_) + "\n";
  o += "# HELP dxcheck_rule_set_info The rule set in force, by the digest of its files' sha256.\n";
  o += "# TYPE dxcheck_rule_set_info gauge\n";
  o += "dxcheck_rule_set_info{digest=\"" + Label(rule_set_digest_) + "\"} 1\n";
  o += "# HELP dxcheck_rule_set_reloads_total Reloads (SIGHUP), by result.\n";
  o += "# TYPE dxcheck_rule_set_reloads_total counter\n";
  o += "dxcheck_rule_set_reloads_total{result=\"ok\"} " + std::to_string(reloads_ok_) + "\n";
  o += "dxcheck_rule_set_reloads_total{result=\"failed\"} " + std::to_string(reloads_failed_) +
       "\n";
  o += "# HELP dxcheck_ledger_errors_total Ledger operations that failed.\n";
  o += "# TYPE dxcheck_ledger_errors_total counter\n";
  o += "dxcheck_ledger_errors_total " + std::to_string(ledger_errors_) + "\n";
  o += "# HELP dxcheck_connections_closed_total Connections the service closed, by reason.\n";
  o += "# TYPE dxcheck_connections_closed_total counter\n";
  for (const char* reason : {"limit", "timeout"}) {
    auto it = closed_.find(reason);
    o += std::string("dxcheck_connections_closed_total{reason=\"") + reason + "\"} " +
         std::to_string(it == closed_.end() ? 0 : it->second) + "\n";
  }
  return o;
}

}  // namespace dxcheck
