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
