#include "checker/serve/check_service.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include "checker/ledger/ledger.h"
#include "checker/ledger/ledger_pool.h"

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

TEST_CASE("check with a ledger: recorded once, repeats, 409, 422 and 503") {
  RuleSetHolder h = ShippedHolder();
  DiagnosticList d;
  REQUIRE(h.Reload(&d).ok());
  char dir[] = "/tmp/dxserve-ledger-XXXXXX";
  REQUIRE(mkdtemp(dir) != nullptr);
  std::string url = std::string("sqlite:") + dir + "/ledger.db";
  {
    Result<std::unique_ptr<Ledger>> l = Ledger::Open(url, true);
    REQUIRE(l.ok());
    REQUIRE((*l)->Init().ok());
  }
  LedgerPool pool(url, 2);
  REQUIRE(pool.Probe().ok());
  ServiceConfig config;
  config.ledger = &pool;
  CheckService s(&h, config);
  Date today = *Date::Parse("2026-12-01");
  std::string manifest = test::ManifestBuilder().Json();
  ServiceReply prior = s.Check(manifest, "", {}, {}, today);  // no record: nothing appended
  CHECK(prior.status == 200);
  CHECK_FALSE(prior.recorded);
  CHECK(prior.body.find("\"source\":\"ledger\"") != std::string::npos);
  ServiceReply first = s.Check(manifest, "", {{"record", "true"}}, {}, today);
  CHECK(first.status == 200);
  CHECK(first.recorded);
  CHECK(first.transfer_id == "T-UNIT");
  CHECK(first.body.find("\"entries\":1,\"recorded\":true") != std::string::npos);
  ServiceReply again = s.Check(manifest, "", {{"record", "true"}}, {}, today);
  CHECK(again.status == 200);
  CHECK_FALSE(again.recorded);
  CHECK(again.body == first.body);
  std::string other = test::ManifestBuilder().Set("/dxcheck/transfer/purpose", "\"other\"").Json();
  ServiceReply refused = s.Check(other, "", {{"record", "true"}}, {}, today);
  CHECK(refused.status == 409);
  CHECK(refused.exit_code == 65);
  CHECK_FALSE(refused.ledger_error);
  ServiceReply no_id = s.Check(test::ManifestBuilder().Remove("/dxcheck/transferId").Json(), "",
                               {{"record", "true"}}, {}, today);
  CHECK(no_id.status == 422);
  CHECK(no_id.exit_code == 65);
  // A ledger that is not there: 503, counted as a ledger error, exit code 66.
  LedgerPool missing(std::string("sqlite:") + dir + "/missing.db", 1);
  CHECK(missing.Probe().code() == StatusCode::kNotFound);
  ServiceConfig broken;
  broken.ledger = &missing;
  ServiceReply down = CheckService(&h, broken).Check(manifest, "", {}, {}, today);
  CHECK(down.status == 503);
  CHECK(down.exit_code == 66);
  CHECK(down.ledger_error);
  std::string cleanup = std::string("rm -rf ") + dir;
  CHECK(system(cleanup.c_str()) == 0);
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
