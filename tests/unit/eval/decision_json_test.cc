#include "checker/eval/decision_json.h"

#include <doctest/doctest.h>

#include "rapidjson/document.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

TEST_CASE("the pinned keys are present with the pinned types") {
  test::ManifestBuilder b;
  b.Fields("[" + test::TaggedField("NAME", "pi.basic") + R"(, {"name": "身份证号"}])")
      .Set("/dxcheck/subjects", R"({"personal": 150000, "sensitive": 3})");
  test::CheckRun run = test::RunOn(b.Json());
  REQUIRE(run.status.ok());
  std::string json = DecisionToJson(run.decision);
  rapidjson::Document d;
  d.Parse(json.c_str());
  REQUIRE_FALSE(d.HasParseError());
  CHECK(std::string(d["tool"]["name"].GetString()) == "dxcheck");
  CHECK(std::string(d["evaluatedAt"].GetString()) == "2026-12-01");
  CHECK(d["manifest"]["sha256"].GetStringLength() == 64);
  CHECK(std::string(d["manifest"]["transferId"].GetString()) == "T-UNIT");
  CHECK(d["lists"].IsArray());
  CHECK(d["lists"][0]["sha256"].GetStringLength() == 64);
  CHECK(d["lists"][0]["applied"].IsBool());
  CHECK(d["counts"]["cumulativePersonal"].GetUint64() == 150000);
  CHECK(std::string(d["counts"]["source"].GetString()) == "manifest");
  CHECK(std::string(d["verdict"].GetString()) == "contract_or_certification");
  CHECK(d["mayProceed"].IsFalse());
  CHECK(d["exitCode"].GetInt() == 10);
  const auto& obl = d["obligations"];
  REQUIRE(obl.Size() >= 1);
  CHECK(obl[0].HasMember("id"));
  CHECK(obl[0]["satisfied"].IsBool());
  CHECK(obl[0]["satisfiedBy"].IsNull());
  CHECK(obl[0].HasMember("rule"));
  CHECK(obl[0].HasMember("citation"));
  const auto& m = d["matches"][0];
  for (const char* k : {"rule", "list", "outcome", "title", "citation", "verification", "evidence"}) {
    CHECK_MESSAGE(m.HasMember(k), k);
  }
  CHECK(m["evidence"][0].HasMember("pointer"));
  CHECK(m["evidence"][0].HasMember("value"));
  CHECK(m["evidence"][0].HasMember("test"));
  const auto& f = d["fields"][1];
  CHECK(std::string(f["source"].GetString()) == "pattern");
  CHECK(std::string(f["pattern"].GetString()) == "身份证");
  CHECK(std::string(f["categories"][0].GetString()) == "pi.id_document");
  CHECK(d["warnings"].IsArray());
}

}  // namespace
}  // namespace dxcheck

namespace dxcheck {
namespace {

// `n` untagged, non-personal fields, with one pi.basic field first.
std::string ManyFields(size_t n) {
  std::string f = "[" + test::TaggedField("NAME", "pi.basic");
  for (size_t i = 1; i < n; ++i) f += R"(, {"name": "yield_)" + std::to_string(i) + R"(", "dxcheck": {"categories": ["nonpersonal"]}})";
  return f + "]";
}

TEST_CASE("a decision lists kMaxDecisionFields fields; past it every field is counted in groups") {
  for (size_t n : {kMaxDecisionFields, kMaxDecisionFields + 1}) {
    CAPTURE(n);
    test::ManifestBuilder b;
    b.Fields(ManyFields(n)).Set("/dxcheck/subjects", R"({"personal": 10})");
    test::CheckRun run = test::RunOn(b.Json());
    REQUIRE(run.status.ok());
    rapidjson::Document d;
    std::string json = DecisionToCompactJson(run.decision);
    d.Parse(json.c_str());
    REQUIRE_FALSE(d.HasParseError());
    CHECK(d["fields"].Size() == std::min(n, kMaxDecisionFields));
    if (n == kMaxDecisionFields) {
      CHECK_FALSE(d.HasMember("fieldGroups"));
      continue;
    }
    CHECK(d["fieldCount"].GetUint64() == n);
    const auto& g = d["fieldGroups"];
    REQUIRE(g.Size() == 2);
    CHECK(g[0]["count"].GetUint64() == n - 1);
    CHECK(std::string(g[0]["categories"][0].GetString()) == "nonpersonal");
    CHECK(g[1]["count"].GetUint64() == 1);
    CHECK(g[1]["personal"].IsTrue());
  }
}

}  // namespace
}  // namespace dxcheck
