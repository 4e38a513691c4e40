// Metrics: the counters a service exposes on GET /metrics, rendered in the
// Prometheus text exposition format (version 0.0.4):
//
//   dxcheck_requests_total{route,status,verdict}   counter
//   dxcheck_request_duration_seconds{route}        histogram
//   dxcheck_rule_set_version / _info{digest}       gauges (the set in force)
//   dxcheck_rule_set_reloads_total{result}         counter (ok, failed)
//   dxcheck_ledger_errors_total                    counter
//   dxcheck_connections_closed_total{reason}       counter (timeout, limit)
//
// Label values come from fixed sets (routes the service knows, else
// "other"; verdict names or "none"), so a client cannot grow the registry.
// Thread-safe; Observe() is a short critical section.
#ifndef DXCHECK_SERVE_METRICS_H_
#define DXCHECK_SERVE_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace dxcheck {

class Metrics {
 public:
  // Upper bounds of the latency histogram's buckets, in seconds (+Inf last).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

  // One answered request. `route` one of the service's routes (anything else
  // is counted as "other"); `verdict` a verdict name or "" when none.
  void Observe(const std::string& route, int status, const std::string& verdict, double seconds);
  void SetRuleSet(uint64_t version, const std::string& digest);
  void CountReload(bool ok);
  void CountLedgerError();
  void CountConnectionClosed(const std::string& reason);  // "timeout" or "limit"

  // The exposition text (Content-Type: text/plain; version=0.0.4).
  std::string Render() const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};  // per bucket, not cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, int, std::string>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  uint64_t rule_set_version_ = 0;
  std::string rule_set_digest_;
  uint64_t reloads_ok_ = 0, reloads_failed_ = 0, ledger_errors_ = 0;
  std::map<std::string, uint64_t> closed_;
};

// The route label for a request path: the path itself for the service's
// routes, "other" for anything else.
std::string RouteLabel(const std::string& path);

}  // namespace dxcheck

#endif  // DXCHECK_SERVE_METRICS_H_
