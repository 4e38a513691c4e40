#include "checker/eval/decision_json.h"

#include <doctest/doctest.h>

#include "checker/base/file_io.h"
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

// The exact bytes, pinned: they are signed and compared (verify's
// "reproduced", recorded decisions), so a change of writer must keep them.
// The golden files were written by the RapidJSON Writer/PrettyWriter this
// document had before JsonOut (json_out.h).
namespace dxcheck {
namespace {

// A decision with a member of every kind the document has: non-ASCII and
// escaped text, nulls and objects in either form, evidence of each value
// type, data, ledger, content records, field groups, warnings.
Decision EveryMember() {
  // A decision refers to its rule set's texts (decision.h): these stand in
  // for a rule set's, and outlive every decision built here.
  static const std::string kListSha1(64, '1'), kListSha2(64, '2'), kCodesSha(64, 'c');
  Decision d;
  d.evaluated_at = *Date::Parse("2026-12-01");
  d.manifest_sha256 = std::string(64, 'a');
  d.transfer_id = "T-\"引号\"\\1";
  d.categories_version = "2026.1";
  d.categories_sha256 = kCodesSha;
  d.lists.push_back({"cn-baseline", "2024.3", "baseline", "official", "cn.json", kListSha1,
                     true, "always applies", "始终适用"});
  d.lists.push_back({"bj-ftz", "2024.1", "negative", "model", "bj.json", kListSha2,
                     false, "sector x is not covered by this list", "本清单不涵盖行业 x"});
  d.resources.push_back({"visits", "data/visits.csv", std::string(64, 'd'), {}, true});
  d.resources.push_back({"parts", "data/p-1.csv", std::string(64, 'e'),
                         {"data/p-1.csv", "data/p-2.csv"}, false});
  d.data.verified = true;
  d.data.resources.push_back({"visits", std::string(64, 'd'), "csv", 1234, 99, 7, true, 2});
  d.data.resources.push_back({"parts", std::string(64, 'e'), "parquet", 18446744073709551615u, 0, 0,
                              false, 0});
  d.data.persons_counted = true;
  d.data.personal = 98;
  d.data.sensitive = 3;
  d.data.sequencing_subjects = 0;
  d.counts.personal = 150000;
  d.counts.sensitive = 3;
  d.counts.prior_personal = 10;
  d.counts.prior_sensitive = 0;
  d.counts.cumulative_personal = 150010;
  d.counts.cumulative_sensitive = 3;
  d.counts.year = 2026;
  d.counts.source = "ledger";
  LedgerRecord ledger;
  ledger.head = std::string(64, 'f');
  ledger.entries = 12;
  ledger.recorded = true;
  d.ledger = ledger;
  d.pi_present = true;
  d.spi_present = true;
  d.hgr_present = false;
  d.important_data = true;
  d.exemption.claimed = "hr";
  d.exemption.applied = false;
  d.clearance = false;
  d.verdict = Verdict::kSecurityAssessment;
  d.baseline_verdict = Verdict::kProhibited;
  d.may_proceed = false;
  d.exit_code = -20;
  Obligation sa;
  sa.id = "security_assessment";
  sa.satisfied = true;
  sa.satisfied_by = "status.securityAssessment SA-1 (valid until 2027-06-30)";
  sa.rule = "cn-baseline/art8";
  sa.citation = "《促进和规范数据跨境流动规定》第七条";
  d.obligations.push_back(sa);
  Obligation pia;
  pia.id = "pia";
  pia.rule = "cn-baseline/pia";
  pia.citation = "PIPL Art. 55";
  d.obligations.push_back(pia);
  Match m;
  m.rule = "art8-pi-volume";
  m.list = "cn-baseline";
  m.outcome = Verdict::kSecurityAssessment;
  static const std::vector<std::string> kObligations = {"security_assessment", "pia"};
  m.obligations = &kObligations;
  m.important_data = true;
  m.title = {"个人信息达到一百万人", "PI of 1,000,000 people"};
  m.citation = "CAC Order 16 Art. 7";
  m.verification = "verified";
  static const Evidence kEvidence[] = {
      {"cumulative.personal", "/dxcheck/subjects/personal", "150010", ">= 100000"},
      {"categories", "/resources/0/schema/fields/1", "\"pi.health\"", "under pi.health"},
      {"exporter.ciio", "/dxcheck/exporter/ciio", "false", "is true"}};
  m.evidence = {kEvidence, 3};
  d.matches.push_back(m);
  Match only;
  only.rule = "duty-only";
  only.list = "cn-baseline";
  only.title = {"", "obligations only"};
  only.verification = "unverified";
  d.matches.push_back(only);
  Match relieved = m;
  relieved.rule = "relieved";
  relieved.evidence = {};
  relieved.relieved_by = "exemption:hr";
  d.relieved.push_back(relieved);
  d.fields.Start("/resources/0/schema/fields/0", "SEX", "tag", true, false, false);
  d.fields.AddCategory("pi.basic");
  d.fields.Start("/resources/0/schema/fields/1", "身份证号\t\x01\x1f\x7f", "pattern", true, true,
                 false);
  d.fields.AddCategory("pi.id_document");
  d.fields.AddCategory("spi.id");
  d.fields.AddPattern("身份证");
  d.fields.AddPattern("证号");
  d.fields.AddContent({"pi.id_document", "cn-resident-id", 40, 50, 3});
  d.fields.AddContent({"pi.phone", "cn-mobile", 0, 50, 0, ShareCount::kUnrecognised});
  d.fields.AddContent({"pi.contact", "email", 12, 50, 0, ShareCount::kRecognised, 37});
  d.fields.Start("/resources/0/schema/fields/2", "DNA", "crosswalk", false, false, true);
  d.fields.AddCategory("hgr.genetic");
  d.fields.AddLabel("CDISC PGx");
  d.field_count = 5;
  d.field_groups.push_back({{"pi.basic"}, "tag", 3, true, false, false});
  d.field_groups.push_back({{}, "none", 2, false, false, true});
  d.field_groups_omitted = 1;
  AddWarning("W-A", {"a\b\f\n\r\t\"\\/é€😀 end"}, "/dxcheck/x", &d.texts, &d.warnings);
  AddWarning("W-B", {std::string_view("nul:\0.", 6)}, "", &d.texts, &d.warnings);
  d.warnings_omitted = 4;
  return d;
}

std::string Golden(const std::string& name) {
  return ReadFile(test::SourcePath("tests/unit/eval/golden/" + name)).value();
}

TEST_CASE("a decision with every kind of member has its pinned bytes, pretty and compact") {
  const Decision d = EveryMember();
  CHECK(DecisionToJson(d) == Golden("decision_every_member.json"));
  // The golden file ends with a newline; the compact form has none.
  CHECK(DecisionToCompactJson(d) + "\n" == Golden("decision_every_member.compact.json"));
}

TEST_CASE("the forms that write into a caller's buffer give the same bytes, whatever it held") {
  const Decision full = EveryMember();
  const Decision empty;
  // One buffer across documents, as the service and the bench keep it: a
  // longer document before a shorter one leaves nothing of the first behind.
  std::string out = "stale text that must not survive";
  DecisionToJson(full, &out);
  CHECK(out == Golden("decision_every_member.json"));
  DecisionToJson(empty, &out);
  CHECK(out == DecisionToJson(empty));
  DecisionToCompactJson(full, &out);
  CHECK(out + "\n" == Golden("decision_every_member.compact.json"));
  DecisionToCompactJson(empty, &out);
  CHECK(out == DecisionToCompactJson(empty));
}

TEST_CASE("an empty decision has its pinned bytes: empty arrays, null exemption, no optional keys") {
  const Decision d;
  CHECK(DecisionToJson(d) == R"({
  "tool": {
    "name": "dxcheck",
    "version": "0.1.0"
  },
  "evaluatedAt": "0000-00-00",
  "manifest": {
    "sha256": "",
    "transferId": ""
  },
  "categories": {
    "version": "",
    "sha256": ""
  },
  "lists": [],
  "resources": [],
  "data": {
    "verified": false
  },
  "counts": {
    "personal": 0,
    "sensitive": 0,
    "priorPersonal": 0,
    "priorSensitive": 0,
    "cumulativePersonal": 0,
    "cumulativeSensitive": 0,
    "year": 0,
    "source": "manifest"
  },
  "presence": {
    "personalInformation": false,
    "sensitivePersonalInformation": false,
    "hgrInformation": false,
    "importantData": false
  },
  "exemption": null,
  "clearance": true,
  "verdict": "free_flow",
  "baselineVerdict": "free_flow",
  "mayProceed": false,
  "exitCode": 0,
  "obligations": [],
  "matches": [],
  "relieved": [],
  "fields": [],
  "warnings": []
}
)");
  CHECK(DecisionToCompactJson(d) == R"({"tool":{"name":"dxcheck","version":"0.1.0"},"evaluatedAt":"0000-00-00","manifest":{"sha256":"","transferId":""},"categories":{"version":"","sha256":""},"lists":[],"resources":[],"data":{"verified":false},"counts":{"personal":0,"sensitive":0,"priorPersonal":0,"priorSensitive":0,"cumulativePersonal":0,"cumulativeSensitive":0,"year":0,"source":"manifest"},"presence":{"personalInformation":false,"sensitivePersonalInformation":false,"hgrInformation":false,"importantData":false},"exemption":null,"clearance":true,"verdict":"free_flow","baselineVerdict":"free_flow","mayProceed":false,"exitCode":0,"obligations":[],"matches":[],"relieved":[],"fields":[],"warnings":[]})");
}

TEST_CASE("the pretty and the compact form are the same document") {
  // Both forms carry the same document: parsed, they are equal values.
  const Decision d = EveryMember();
  rapidjson::Document pretty, compact;
  pretty.Parse(DecisionToJson(d).c_str());
  std::string c = DecisionToCompactJson(d);
  compact.Parse(c.c_str(), c.size());
  REQUIRE_FALSE(pretty.HasParseError());
  REQUIRE_FALSE(compact.HasParseError());
  CHECK(pretty == compact);
}

// PrepareDecisionHeads only saves work: every shipped sample's decision, in
// force and relieved matches included, has the same bytes with a prepared
// rule set as with one that is not.
TEST_CASE("a rule set prepared with PrepareDecisionHeads gives the same decision bytes") {
  DiagnosticList diags;
  Result<RuleSet> prepared = RuleSet::Load(test::SourcePath("rules"), {}, &diags);
  REQUIRE(prepared.ok());
  PrepareDecisionHeads(&*prepared);
  size_t heads = 0;
  for (const RuleList& l : prepared->lists()) {
    for (const Rule& r : l.rules) heads += !r.decision_head[0].empty() && !r.decision_head[1].empty();
  }
  CHECK(heads > 0);
  size_t matches = 0, relieved = 0, spliced = 0;
  for (const char* name : {"sdtm-mrct-us-sponsor.json", "hospital-rwd-beijing-ftz.json",
                           "wgs-academic-collaboration.json", "pv-icsr-global-safety.json",
                           "remote-access-analytics-nanjing.json", "hcp-master-data-crm.json",
                           "anonymised-aggregate.json", "manufacturing-batch-records.json"}) {
    CAPTURE(name);
    const std::string json = ReadFile(test::SourcePath(std::string("samples/") + name)).value();
    test::CheckRun plain = test::RunOn(json);
    test::CheckRun fast = test::RunOn(json, "2026-12-01", true, false, &*prepared);
    REQUIRE(plain.status.ok());
    REQUIRE(fast.status.ok());
    matches += plain.decision.matches.size();
    relieved += plain.decision.relieved.size();
    for (const Match& m : fast.decision.matches) spliced += !m.head_json[1].empty();
    CHECK(DecisionToJson(fast.decision) == DecisionToJson(plain.decision));
    CHECK(DecisionToCompactJson(fast.decision) == DecisionToCompactJson(plain.decision));
  }
  // The comparison covered both arrays, and the prepared run spliced.
  CHECK(matches > 0);
  CHECK(relieved > 0);
  CHECK(spliced == matches);
}

}  // namespace
}  // namespace dxcheck
