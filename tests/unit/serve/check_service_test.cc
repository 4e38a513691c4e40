#include "checker/serve/check_service.h"

#include <doctest/doctest.h>

#include "checker/serve/metrics.h"
#include "checker/serve/request_log.h"
#include "checker/serve/rule_set_holder.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

RuleSetHolder ShippedHolder() {
  return RuleSetHolder([](DiagnosticSink* sink) {
    return RuleSet::Load(test::SourcePath("rules"), {}, sink);
  });
}

TEST_CASE("a failed reload keeps the rule set in force") {
  bool fail = false;
  RuleSetHolder h([&fail](DiagnosticSink* sink) -> Result<RuleSet> {
    if (fail) return Status::InvalidInput("broken list");
    return RuleSet::Load(test::SourcePath("rules"), {}, sink);
  });
  CHECK(h.Current().get() == nullptr);
  DiagnosticList d;
  REQUIRE(h.Reload(&d).ok());
  std::shared_ptr<const RuleSetSnapshot> first = h.Current();
  CHECK(first->version == 1);
  CHECK(first->digest == RuleSetDigest(first->rules));
  fail = true;
  CHECK(h.Reload(&d).message() == "broken list");
  CHECK(h.Current().get() == first.get());
  fail = false;
  REQUIRE(h.Reload(&d).ok());
  CHECK(h.Current()->version == 2);
  CHECK(h.Current()->digest == first->digest);  // same files, same digest
}

TEST_CASE("check: 200 for a verdict, 422 with diagnostics, 400 and 415") {
  RuleSetHolder h = ShippedHolder();
  DiagnosticList d;
  REQUIRE(h.Reload(&d).ok());
  CheckService s(&h, ServiceConfig{});
  Date today = *Date::Parse("2026-12-01");
  std::string manifest = test::ManifestBuilder().Json();
  ServiceReply ok = s.Check(manifest, "application/json; charset=utf-8", {}, {}, today);
  CHECK(ok.status == 200);
  CHECK(ok.exit_code == 0);
  CHECK(ok.verdict == "free_flow");
  CHECK(ok.body.find("\"evaluatedAt\":\"2026-12-01\"") != std::string::npos);
  ServiceReply bad = s.Check("{\"a\":1}", "", {}, {}, today);
  CHECK(bad.status == 422);
  CHECK(bad.exit_code == 65);
  CHECK(bad.body.find("\"code\":\"E1101\"") != std::string::npos);
  CHECK(bad.body.find("\"pointer\":\"/resources\"") != std::string::npos);
  CHECK(s.Check(manifest, "text/plain", {}, {}, today).status == 415);
  CHECK(s.Check(manifest, "application/x-www-form-urlencoded", {}, {}, today).status == 415);
  CHECK(s.Check(manifest, "application/vnd.dxcheck+json", {}, {}, today).status == 200);
  CHECK(s.Check(manifest, "", {{"at", "x"}}, {}, today).status == 400);
  ServiceReply record = s.Check(manifest, "", {{"record", "true"}}, {}, today);
  CHECK(record.status == 400);
  CHECK(record.body.find("record needs a ledger") != std::string::npos);
  CHECK(s.Verify("{}", "").status == 501);  // no trusted key
  CHECK(s.Lists().body.find("\"id\":\"cn-baseline\"") != std::string::npos);
}

TEST_CASE("metrics: fixed label sets, cumulative buckets") {
  Metrics m;
  m.Observe("/v1/check", 200, "free_flow", 0.0004);
  m.Observe("/v1/check", 200, "free_flow", 0.003);
  m.Observe("/etc/passwd", 404, "", 0.0001);
  std::string t = m.Render();
  CHECK(t.find("dxcheck_requests_total{route=\"/v1/check\",status=\"200\",verdict=\"free_flow\"} 2") !=
        std::string::npos);
  CHECK(t.find("route=\"other\",status=\"404\",verdict=\"none\"} 1") != std::string::npos);
  CHECK(t.find("passwd") == std::string::npos);
  CHECK(t.find("_bucket{route=\"/v1/check\",le=\"0.0005\"} 1") != std::string::npos);
  CHECK(t.find("_bucket{route=\"/v1/check\",le=\"0.005\"} 2") != std::string::npos);
  CHECK(t.find("_bucket{route=\"/v1/check\",le=\"+Inf\"} 2") != std::string::npos);
}

TEST_CASE("log lines escape control characters and never split a character") {
  RequestLogEntry e;
  e.method = "POST";
  e.route = "/v1/check";
  e.status = 200;
  e.transfer_id = "T-1\n{\"forged\":1}\x7f";
  std::string line = RequestLogLine(e);
  CHECK(line.find('\n') == line.size() - 1);
  CHECK(line.find("\"transferId\":\"T-1\\n{\\\"forged\\\":1}\\u007f\"") != std::string::npos);
  CHECK(LogQuote("\xe4\xb8\xad\xe6\x96\x87", 4) == "\"\xe4\xb8\xad...\"");
}

}  // namespace
}  // namespace dxcheck
