#include "checker/eval/recorded.h"

#include <doctest/doctest.h>

#include <string>

#include "checker/eval/decision_json.h"
#include "rapidjson/document.h"
#include "rapidjson/writer.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

std::string Decided() {
  test::ManifestBuilder b;
  b.Fields("[" + test::TaggedField("NAME", "pi.basic") + "]")
      .Set("/dxcheck/subjects", R"({"personal": 150000, "sensitive": 3})");
  test::CheckRun run = test::RunOn(b.Json());
  REQUIRE(run.status.ok());
  return DecisionToCompactJson(run.decision);
}

// `json` with the member at `path` (one or two keys) removed or replaced.
std::string Edited(const std::string& json, const char* a, const char* b, const char* replacement) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  rapidjson::Value& parent = b ? d[a] : d;
  const char* key = b ? b : a;
  if (replacement == nullptr) {
    parent.RemoveMember(key);
  } else {
    rapidjson::Document r;
    r.Parse(replacement);
    parent[key].CopyFrom(r, d.GetAllocator());
  }
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d.Accept(w);
  return buf.GetString();
}

TEST_CASE("a decision's recorded evaluation reads back what the check used") {
  Result<RecordedEvaluation> r = ReadRecordedEvaluation(Decided());
  REQUIRE(r.ok());
  CHECK(r->evaluated_at == "2026-12-01");
  CHECK(r->at == *Date::Parse("2026-12-01"));
  CHECK(r->clearance);
  CHECK(r->manifest_sha256.size() == 64);
  CHECK(r->categories_sha256.size() == 64);
  CHECK(r->lists.size() == test::ShippedRules().lists().size());
  CHECK(r->lists[0].first == test::ShippedRules().lists()[0].id);
  CHECK_FALSE(r->data_verified);
  CHECK_FALSE(r->ledger.has_value());  // counts.source "manifest"
  EvaluationOptions e = r->evaluation();
  CHECK(e.at == r->at);
  CHECK(e.clearance);
  CHECK_FALSE(e.ledger.has_value());
}

TEST_CASE("every part re-evaluation needs is required") {
  std::string json = Decided();
  const char* parts[][2] = {{"evaluatedAt", nullptr}, {"clearance", nullptr}, {"tool", "version"},
                            {"manifest", "sha256"},   {"categories", "sha256"}, {"lists", nullptr}};
  for (const auto& p : parts) {
    CAPTURE(p[0]);
    Result<RecordedEvaluation> r = ReadRecordedEvaluation(Edited(json, p[0], p[1], nullptr));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("lacks") != std::string::npos);
  }
  CHECK_FALSE(ReadRecordedEvaluation(Edited(json, "evaluatedAt", nullptr, R"("2026-02-30")")).ok());
  CHECK_FALSE(ReadRecordedEvaluation(Edited(json, "clearance", nullptr, R"("yes")")).ok());
  CHECK_FALSE(ReadRecordedEvaluation(Edited(json, "lists", nullptr, R"([{"id": "x"}])")).ok());
  CHECK(ReadRecordedEvaluation(Edited(json, "clearance", nullptr, "false"))->clearance == false);
}

TEST_CASE("ledger counts are read back, and a partial ledger record is refused") {
  std::string json = Edited(Decided(), "counts", "source", R"("ledger")");
  CHECK_FALSE(ReadRecordedEvaluation(json).ok());  // no ledger object yet
  std::string with_counts =
      Edited(Edited(json, "counts", "priorPersonal", "9000"), "counts", "priorSensitive", "8000");
  std::string ledger = R"({"head": ")" + std::string(64, 'a') + R"(", "entries": 12, "recorded": false})";
  with_counts.insert(with_counts.size() - 1, R"(,"ledger":)" + ledger);
  Result<RecordedEvaluation> r = ReadRecordedEvaluation(with_counts);
  REQUIRE(r.ok());
  REQUIRE(r->ledger.has_value());
  CHECK(r->ledger->prior_personal == 9000);
  CHECK(r->ledger->prior_sensitive == 8000);
  CHECK(r->ledger->entries == 12);
  CHECK(r->ledger->head == std::string(64, 'a'));
  CHECK_FALSE(r->ledger->recorded);
  CHECK(r->evaluation().ledger->prior_sensitive == 8000);
  CHECK_FALSE(ReadRecordedEvaluation(Edited(with_counts, "ledger", "entries", "-1")).ok());
}

TEST_CASE("a deep or malformed document is refused without recursion") {
  std::string deep = R"({"evaluatedAt": "2026-12-01", "clearance": true, "x": )" +
                     std::string(1000000, '[') + std::string(1000000, ']') + "}";
  Result<RecordedEvaluation> r = ReadRecordedEvaluation(deep);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("nests deeper") != std::string::npos);
  CHECK_FALSE(ReadRecordedEvaluation("").ok());
  CHECK_FALSE(ReadRecordedEvaluation("[]").ok());
  CHECK_FALSE(ReadRecordedEvaluation("{\"evaluatedAt\":").ok());
}

}  // namespace
}  // namespace dxcheck
