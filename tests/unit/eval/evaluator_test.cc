// The composition of spec/decision.md beyond the public conformance cases.
#include "checker/eval/evaluator.h"

#include <stdlib.h>

#include <algorithm>
#include <cstdio>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

using test::ManifestBuilder;
using test::RunOn;
using test::TaggedField;

// Personal, non-sensitive data of `n` persons.
ManifestBuilder Personal(uint64_t n) {
  ManifestBuilder b;
  b.Fields("[" + TaggedField("NAME", "pi.basic") + "]")
      .Set("/dxcheck/subjects", "{\"personal\": " + std::to_string(n) + "}");
  return b;
}

// Health data of `n` persons, exporter in the Beijing FTZ.
ManifestBuilder BeijingHealth(uint64_t n) {
  ManifestBuilder b;
  b.Fields("[" + TaggedField("DX", "pi.health") + "]")
      .Set("/dxcheck/subjects", "{\"personal\": " + std::to_string(n) + ", \"sensitive\": " +
                                    std::to_string(n) + "}")
      .Set("/dxcheck/exporter/zone", "\"CN-BJ-FTZ\"")
      .Set("/dxcheck/exporter/exportsFromZone", "true")
      .Set("/dxcheck/transfer/scenario", "\"clinical_trial\"");
  return b;
}

TEST_CASE("volume thresholds at their edges (Order 16 Arts. 5(4), 7, 8)") {
  CHECK(RunOn(Personal(99999).Json()).decision.verdict == Verdict::kFreeFlow);
  CHECK(RunOn(Personal(100000).Json()).decision.verdict == Verdict::kContractOrCertification);
  CHECK(RunOn(Personal(999999).Json()).decision.verdict == Verdict::kContractOrCertification);
  CHECK(RunOn(Personal(1000000).Json()).decision.verdict == Verdict::kSecurityAssessment);
  ManifestBuilder spi;
  spi.Fields("[" + TaggedField("DX", "pi.health") + "]")
      .Set("/dxcheck/subjects", R"({"personal": 9999, "sensitive": 9999})");
  CHECK(RunOn(spi.Json()).decision.verdict == Verdict::kContractOrCertification);
  spi.Set("/dxcheck/subjects", R"({"personal": 10000, "sensitive": 10000})");
  CHECK(RunOn(spi.Json()).decision.verdict == Verdict::kSecurityAssessment);
}

TEST_CASE("prior counts are added only when this transfer has that kind of PI") {
  ManifestBuilder b;
  b.Set("/dxcheck/subjects", R"({"priorThisYear": {"personal": 500000, "sensitive": 50000}})");
  test::CheckRun run = RunOn(b.Json());
  CHECK(run.decision.counts.cumulative_personal == 0);
  CHECK(run.decision.verdict == Verdict::kFreeFlow);
  ManifestBuilder p = Personal(10);
  p.Set("/dxcheck/subjects/priorThisYear", R"({"personal": 99990, "sensitive": 50000})");
  run = RunOn(p.Json());
  CHECK(run.decision.counts.cumulative_personal == 100000);
  CHECK(run.decision.counts.cumulative_sensitive == 0);
  CHECK(run.decision.verdict == Verdict::kContractOrCertification);
}

TEST_CASE("Art. 3 exemptions need no PI and no important data") {
  ManifestBuilder b;
  b.Set("/dxcheck/transfer/exemption", "\"trade\"");
  test::CheckRun run = RunOn(b.Json());
  CHECK(run.decision.exemption.applied);
  CHECK(run.HasWarning("W-EXEMPTION-CLAIMED"));
  ManifestBuilder p = Personal(10);
  p.Set("/dxcheck/transfer/exemption", "\"academic\"");
  run = RunOn(p.Json());
  CHECK_FALSE(run.decision.exemption.applied);
  CHECK(run.HasWarning("W-EXEMPTION-IGNORED"));
  CHECK(run.HasObligation("separate_consent"));
}

TEST_CASE("PI exemptions relieve thresholds, CIIO included, never the impact assessment") {
  for (const char* e : {"foreign_origin", "contract", "hr", "emergency", "statutory_duty"}) {
    CAPTURE(e);
    ManifestBuilder b = Personal(5000000);
    b.Set("/dxcheck/exporter/ciio", "true").Set("/dxcheck/transfer/exemption", std::string("\"") + e + "\"");
    test::CheckRun run = RunOn(b.Json());
    CHECK(run.decision.verdict == Verdict::kFreeFlow);
    CHECK(run.Relieved("art7-1-ciio-pi"));
    CHECK(run.HasObligation("pi_impact_assessment"));
    CHECK(run.HasObligation("separate_consent") == (std::string(e) == "foreign_origin"));
  }
}

TEST_CASE("no exemption covers important data") {
  ManifestBuilder b;
  b.Set("/dxcheck/importantData", R"({"status": "listed"})").Set("/dxcheck/transfer/exemption", "\"contract\"");
  test::CheckRun run = RunOn(b.Json());
  CHECK(run.decision.verdict == Verdict::kSecurityAssessment);
  CHECK(run.decision.important_data);
  CHECK(run.Fired("art7-important-data"));
}

TEST_CASE("FTZ eligibility: zone, from the zone, sector, scenario, CIIO") {
  CHECK(RunOn(BeijingHealth(500).Json()).decision.verdict == Verdict::kFreeFlow);
  struct Case {
    const char* pointer;
    const char* json;
    const char* reason;
  };
  const Case cases[] = {
      {"/dxcheck/exporter/exportsFromZone", "false", "the export is not carried out from the zone"},
      {"/dxcheck/exporter/sector", "\"medical_devices\"", "sector medical_devices is not covered by this list"},
      {"/dxcheck/transfer/scenario", "\"hr\"", "scenario hr is not covered by this list"},
      {"/dxcheck/exporter/ciio", "true", "a CIIO cannot rely on an FTZ list"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pointer);
    ManifestBuilder b = BeijingHealth(500);
    b.Set(c.pointer, c.json);
    test::CheckRun run = RunOn(b.Json());
    CHECK(run.decision.verdict >= Verdict::kContractOrCertification);
    CHECK_FALSE(run.HasObligation("ftz_filing"));
    for (const ListRecord& l : run.decision.lists) {
      if (l.id == "bj-ftz-2024-pharma") {
        CHECK_FALSE(l.applied);
        CHECK(l.reason == c.reason);
      }
    }
  }
}

TEST_CASE("an FTZ list is not applied at all to data it does not cover") {
  ManifestBuilder b = BeijingHealth(500);
  b.Set("/dxcheck/exportControlled", "true");
  test::CheckRun run = RunOn(b.Json());
  CHECK(run.decision.verdict == Verdict::kProhibited);
  CHECK(run.decision.exit_code == 30);
  CHECK(run.HasWarning("W-LIST-NOT-APPLIED"));
  CHECK_FALSE(run.HasObligation("ftz_filing"));
  CHECK_FALSE(run.HasObligation("standard_contract_filing"));
  CHECK(run.HasObligation("pi_impact_assessment"));  // still listed on a prohibition
}

TEST_CASE("FTZ items: important data, and no filing when the list relieves nothing") {
  test::CheckRun run = RunOn(BeijingHealth(100000).Json());
  CHECK(run.decision.verdict == Verdict::kSecurityAssessment);
  CHECK(run.Fired("health-data-100k"));
  CHECK(run.Relieved("art7-2-spi-volume"));
  CHECK_FALSE(run.HasObligation("ftz_filing"));
  run = RunOn(BeijingHealth(99999).Json());
  CHECK(run.decision.verdict == Verdict::kFreeFlow);
  CHECK(run.decision.baseline_verdict == Verdict::kSecurityAssessment);
  CHECK(run.HasObligation("ftz_filing"));
  CHECK(run.HasWarning("W-UNVERIFIED-RULE"));
  CHECK(run.HasWarning("W-PARTIAL-LIST"));
}

TEST_CASE("list items designating important data are not relieved by exemptions") {
  ManifestBuilder b = BeijingHealth(200000);
  b.Set("/dxcheck/transfer/exemption", "\"contract\"");
  test::CheckRun run = RunOn(b.Json());
  CHECK(run.decision.verdict == Verdict::kSecurityAssessment);
  CHECK(run.Fired("health-data-100k"));
}

TEST_CASE("HGR: parallel obligations, the 500 threshold, prohibition") {
  ManifestBuilder b;
  b.Fields("[" + TaggedField("VCF", "hgr.genomic") + "]")
      .Set("/dxcheck/subjects", R"({"personal": 600, "sensitive": 600})")
      .Set("/dxcheck/hgr", R"({"information": true, "sequencingSubjects": 500})");
  test::CheckRun run = RunOn(b.Json());
  CHECK(run.HasObligation("hgr_prior_report"));
  CHECK_FALSE(run.HasObligation("hgr_security_review"));
  b.Set("/dxcheck/hgr/sequencingSubjects", "501");
  run = RunOn(b.Json());
  CHECK(run.HasObligation("hgr_security_review"));
  CHECK(run.HasWarning("W-UNVERIFIED-RULE"));
  b.Set("/dxcheck/hgr/sequencingSubjects", "1").Set("/dxcheck/hgr/importantPedigree", "true");
  CHECK(RunOn(b.Json()).HasObligation("hgr_security_review"));
  b.Set("/dxcheck/exporter/foreignControlled", "true");
  run = RunOn(b.Json());
  CHECK(run.decision.verdict == Verdict::kProhibited);
  CHECK_FALSE(run.HasObligation("standard_contract_filing"));
  CHECK(run.HasObligation("hgr_prior_report"));
}

TEST_CASE("HGR obligations alone exit 5, and are never relieved by an FTZ list") {
  ManifestBuilder b = BeijingHealth(10);
  b.Fields("[" + TaggedField("VCF", "hgr.genomic") + "]")
      .Set("/dxcheck/hgr", R"({"information": true, "materials": true})")
      .Set("/dxcheck/status", R"({"separateConsent": true, "piImpactAssessment": {"completedOn": "2026-01-01"},
                                   "standardContract": {"reference": "S", "filedOn": "2026-01-01"}})");
  test::CheckRun run = RunOn(b.Json());
  CHECK(run.decision.verdict == Verdict::kContractOrCertification);  // the list is not applied
  CHECK(run.decision.exit_code == 5);
  CHECK(run.HasObligation("hgr_material_export_approval"));
}

TEST_CASE("no baseline in force: no decision (fail closed), never free_flow") {
  // Before every list's start date: core data would otherwise pass as free_flow.
  ManifestBuilder core = Personal(150000);
  core.Set("/dxcheck/coreData", "true");
  test::CheckRun run = RunOn(core.Json(), "2024-03-21");
  CHECK(run.status.code() == StatusCode::kInvalidInput);
  REQUIRE(run.diags.error_count() == 1);
  CHECK(run.diags.all()[0].code == "E1313");
  CHECK(run.diags.all()[0].message ==
        "no baseline list is in force on 2024-03-21 (cn-baseline 2024.1 is in force from "
        "2024-03-22); the national rules always apply, so no decision can be made");
  // A rule set with no baseline at all (a rules directory holding only the code list).
  DiagnosticList diags;
  const RuleSet& shipped = test::ShippedRules();
  Result<RuleSet> bare =
      RuleSet::FromSources(shipped.categories_source(), {}, {}, &diags, "only-categories");
  REQUIRE(bare.ok());
  run = RunOn(core.Json(), "2026-12-01", true, false, &*bare);
  CHECK(run.status.code() == StatusCode::kInvalidInput);
  REQUIRE(run.diags.error_count() == 1);
  CHECK(run.diags.all()[0].file == "only-categories");
  CHECK(run.diags.all()[0].message.rfind("no baseline list is loaded", 0) == 0);
}

TEST_CASE("a list not in force at the evaluation date is not applied, with a warning") {
  const RuleSet& shipped = test::ShippedRules();
  std::vector<RuleSet::Source> lists = shipped.list_sources();
  for (RuleSet::Source& src : lists) {
    if (src.path.find("bj-ftz-2024-pharma") == std::string::npos) continue;
    size_t at = src.bytes.find("\"from\": \"2024-03-22\"");
    REQUIRE(at != std::string::npos);
    src.bytes.replace(at, 20, "\"from\": \"2027-01-01\"");
  }
  DiagnosticList diags;
  Result<RuleSet> later = RuleSet::FromSources(shipped.categories_source(), lists, {}, &diags, "r");
  REQUIRE(later.ok());
  test::CheckRun run = RunOn(BeijingHealth(99999).Json(), "2026-12-01", true, false, &*later);
  REQUIRE(run.status.ok());
  bool seen = false;
  for (const ListRecord& l : run.decision.lists) {
    if (l.id != "bj-ftz-2024-pharma") continue;
    seen = true;
    CHECK_FALSE(l.applied);
    CHECK(l.reason == "not in force on 2026-12-01");
  }
  CHECK(seen);
  CHECK(run.HasWarning("W-LIST-NOT-IN-FORCE"));
  CHECK(run.decision.verdict == Verdict::kSecurityAssessment);  // no FTZ relief: 99,999 sensitive
}

TEST_CASE("--no-clearance: every obligation open, exit code by verdict alone") {
  ManifestBuilder b = Personal(150000);
  b.Set("/dxcheck/status", R"({"standardContract": {"reference": "S", "filedOn": "2026-01-01"},
                               "separateConsent": true, "piImpactAssessment": {"completedOn": "2026-01-01"}})");
  test::CheckRun run = RunOn(b.Json());
  CHECK(run.decision.may_proceed);
  CHECK(run.decision.exit_code == 0);
  run = RunOn(b.Json(), "2026-12-01", false);
  CHECK_FALSE(run.decision.may_proceed);
  CHECK(run.decision.exit_code == 10);
  for (const Obligation& o : run.decision.obligations) CHECK_FALSE(o.satisfied);
}

TEST_CASE("evaluation is deterministic") {
  std::string json = BeijingHealth(99999).Json();
  CHECK(DecisionToJson(RunOn(json).decision) == DecisionToJson(RunOn(json).decision));
}

}  // namespace
}  // namespace dxcheck

namespace dxcheck {
namespace {

using test::ManifestBuilder;
using test::RunOn;
using test::TaggedField;

ManifestBuilder InZone(const char* zone, const std::string& fields, uint64_t persons) {
  ManifestBuilder b;
  b.Fields(fields)
      .Set("/dxcheck/subjects", "{\"personal\": " + std::to_string(persons) + ", \"sensitive\": " +
                                    std::to_string(persons) + "}")
      .Set("/dxcheck/exporter/zone", std::string("\"") + zone + "\"")
      .Set("/dxcheck/exporter/exportsFromZone", "true")
      .Set("/dxcheck/transfer/scenario", "\"clinical_trial\"");
  return b;
}

TEST_CASE("Jiangsu model list: relief for the three zones, medical devices included, said to be a model") {
  for (const char* zone : {"CN-JS-FTZ-NJ", "CN-JS-FTZ-SZ", "CN-JS-FTZ-LYG"}) {
    CAPTURE(zone);
    test::CheckRun run = RunOn(InZone(zone, "[" + TaggedField("DX", "pi.health") + "]", 500).Json());
    CHECK(run.decision.verdict == Verdict::kFreeFlow);
    CHECK(run.HasObligation("ftz_filing"));
    CHECK(run.HasWarning("W-MODEL-LIST"));
    CHECK(run.Relieved("art8-spi-volume"));
  }
  ManifestBuilder devices = InZone("CN-JS-FTZ-SZ", "[" + TaggedField("DX", "pi.health") + "]", 500);
  devices.Set("/dxcheck/exporter/sector", "\"medical_devices\"");
  CHECK(RunOn(devices.Json()).decision.verdict == Verdict::kFreeFlow);
  ManifestBuilder big = InZone("CN-JS-FTZ-NJ", "[" + TaggedField("DX", "clinical.treatment_record") + "]", 150000);
  test::CheckRun run = RunOn(big.Json());
  CHECK(run.decision.verdict == Verdict::kSecurityAssessment);
  CHECK(run.Fired("treatment-records-over-100k"));
  CHECK(run.decision.important_data);
  ManifestBuilder hgr = InZone("CN-JS-FTZ-SZ", "[" + TaggedField("V", "hgr.genomic") + "]", 50);
  hgr.Set("/dxcheck/hgr", R"({"information": true})");
  run = RunOn(hgr.Json());
  CHECK(run.decision.verdict == Verdict::kContractOrCertification);
  CHECK(run.HasWarning("W-LIST-NOT-APPLIED"));
  CHECK_FALSE(run.HasWarning("W-MODEL-LIST"));
}

TEST_CASE("Lingang positive list: data on the list flows after filing; data off it does not") {
  std::string on = "[" + TaggedField("USUBJID", "pi.identity") + "," + TaggedField("LB", "clinical.lab") + "]";
  test::CheckRun run = RunOn(InZone("CN-SH-FTZ-LG", on, 5000).Json());
  CHECK(run.decision.verdict == Verdict::kFreeFlow);
  CHECK(run.Fired("clinical-trials-and-research"));
  CHECK(run.HasObligation("ftz_filing"));
  std::string off = "[" + TaggedField("USUBJID", "pi.identity") + "," + TaggedField("ACCT", "pi.financial") + "]";
  run = RunOn(InZone("CN-SH-FTZ-LG", off, 5000).Json());
  CHECK(run.decision.verdict == Verdict::kContractOrCertification);
  CHECK_FALSE(run.HasObligation("ftz_filing"));
  ManifestBuilder hr = InZone("CN-SH-FTZ-LG", on, 5000);
  hr.Set("/dxcheck/transfer/scenario", "\"hr\"");
  CHECK(RunOn(hr.Json()).decision.verdict == Verdict::kContractOrCertification);
  ManifestBuilder important = InZone("CN-SH-FTZ-LG", on, 5000);
  important.Set("/dxcheck/importantData", R"({"status": "notified"})");
  run = RunOn(important.Json());
  CHECK(run.decision.verdict == Verdict::kSecurityAssessment);
  CHECK_FALSE(run.HasObligation("ftz_filing"));
}

}  // namespace
}  // namespace dxcheck

namespace dxcheck {
namespace {

TEST_CASE("HGR duties never lapse where the baseline applies (April 2024)") {
  test::ManifestBuilder b;
  b.Fields("[" + test::TaggedField("VCF", "hgr.genomic") + "]")
      .Set("/dxcheck/subjects", R"({"personal": 10, "sensitive": 10})")
      .Set("/dxcheck/hgr", R"({"information": true})")
      .Set("/dxcheck/transfer/date", "\"2024-04-15\"");
  test::CheckRun run = test::RunOn(b.Json(), "2024-04-15");
  CHECK(run.Fired("art8-spi-volume"));
  CHECK(run.HasObligation("hgr_prior_report"));
  CHECK_FALSE(run.HasWarning("W-LIST-NOT-IN-FORCE"));
}

TEST_CASE("a decision's computed texts (evidence, obligation rules, list reasons) survive moves") {
  // Evidence pointers and values, obligation rules and list reasons are views
  // of the decision's TextStore: moving decisions around (into a vector that
  // reallocates) must leave its JSON unchanged, as a freshly made one's.
  test::CheckRun run = RunOn(BeijingHealth(200000).Json());
  REQUIRE(run.status.ok());
  REQUIRE_FALSE(run.decision.matches.empty());
  REQUIRE_FALSE(run.decision.matches[0].evidence.empty());
  REQUIRE_FALSE(run.decision.obligations.empty());
  const std::string expected = DecisionToJson(run.decision);
  std::vector<Decision> moved;
  for (int i = 0; i < 40; ++i) moved.push_back(RunOn(BeijingHealth(200000).Json()).decision);
  moved.push_back(std::move(run.decision));
  Decision last = std::move(moved.back());
  moved.pop_back();
  for (const Decision& d : moved) CHECK(DecisionToJson(d) == expected);
  CHECK(DecisionToJson(last) == expected);
  CHECK(last.obligations[0].rule.find('/') != std::string_view::npos);
}

TEST_CASE("obligations come in the pinned order, ties in the order raised, past the inline sort too") {
  // A parallel list raising 40 namespaced obligations (ranked after every
  // pinned id, so all tied): with the baseline's pinned ones, more than the
  // 32 the insertion sort handles inline.
  std::string rules;
  for (int i = 0; i < 40; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "%02d", i);
    rules += std::string(i ? "," : "") + R"({"id": "r)" + id +
             R"(", "title": {"zh": "测试", "en": "test"}, "when": {"fact": "hgr.present", "is": false},
             "outcome": {"obligations": ["x-many:ob_)" + id + R"("]}, "citation": "test",
             "verification": "verified"})";
  }
  RuleSet::Source extra{"x-many.json", R"({"id": "x-many", "version": "1", "title": {"zh": "测试", "en": "test"},
      "issuer": "test", "kind": "parallel", "status": "official", "effective": {"from": "2024-03-22"},
      "rules": [)" + rules + "]}"};
  const RuleSet& shipped = test::ShippedRules();
  DiagnosticList diags;
  Result<RuleSet> many =
      RuleSet::FromSources(shipped.categories_source(), shipped.list_sources(), {extra}, &diags, "r");
  REQUIRE_MESSAGE(many.ok(), diags.RenderAll());
  test::CheckRun run = RunOn(Personal(150000).Json(), "2026-12-01", true, false, &*many);
  REQUIRE(run.status.ok());
  const std::vector<Obligation>& o = run.decision.obligations;
  REQUIRE(o.size() > 40);
  const std::vector<std::string>& pinned = PinnedObligations();
  auto rank = [&](std::string_view id) {
    return static_cast<size_t>(std::find(pinned.begin(), pinned.end(), id) - pinned.begin());
  };
  for (size_t i = 1; i < o.size(); ++i) CHECK(rank(o[i - 1].id) <= rank(o[i].id));
  std::vector<std::string> raised;
  for (const Obligation& ob : o) {
    if (ob.id.rfind("x-many:", 0) == 0) raised.emplace_back(ob.id);
  }
  REQUIRE(raised.size() == 40);
  for (size_t i = 1; i < raised.size(); ++i) CHECK(raised[i - 1] < raised[i]);  // as raised: r00..r39
}

TEST_CASE("when reading the data fails, every problem reaches the sink, the omitted ones counted") {
  // 105 resources whose files are missing: more errors than a list keeps
  // (kMaxDiagnostics), and the caller must learn how many there were.
  std::string resources = "[";
  for (int i = 0; i < 105; ++i) {
    resources += std::string(i ? "," : "") + R"({"name": "r)" + std::to_string(i) +
                 R"(", "path": "missing-)" + std::to_string(i) +
                 R"(.csv", "bytes": 1, "hash": "sha256:)" + std::string(64, '0') +
                 R"(", "schema": {"fields": [{"name": "BATCH_NO", "type": "string", "dxcheck": {"categories": ["rd.process"]}}]}})";
  }
  resources += "]";
  ManifestBuilder b;
  b.Set("/resources", resources);
  // An existing, empty folder: every resource's file is missing from it.
  std::string dir = (std::filesystem::temp_directory_path() / "dxcheck-unit-XXXXXX").string();
  REQUIRE(mkdtemp(dir.data()) != nullptr);
  DataOptions data;
  data.dir = dir;
  CheckOptions options;
  options.evaluation.at = *Date::Parse("2026-12-01");
  options.data = &data;
  DiagnosticList diags;
  Result<CheckedTransfer> t = PrepareTransfer(b.Json(), "m.json", test::ShippedRules(), options, &diags);
  CHECK_FALSE(t.ok());
  CHECK(diags.all().size() == kMaxDiagnostics);
  CHECK(diags.error_count() >= 105);
  CHECK(diags.omitted_errors() == diags.error_count() - kMaxDiagnostics);
  std::filesystem::remove(dir);
}

TEST_CASE("warnings and field pointers are views that survive moves of the transfer and copies of the manifest") {
  // PrepareTransfer keeps the consistency warnings' texts in the transfer's
  // store and the fields' pointers in a store Manifest::doc keeps alive: a
  // batch moves prepared transfers around (and the ledger decides one more
  // than once), so each must decide as a transfer prepared in place does.
  ManifestBuilder b = BeijingHealth(200000);
  b.Fields("[" + TaggedField("DX", "pi.health") +
           R"(, {"name": "zz_unclassifiable_column_with_a_long_name", "type": "string"}])");
  const std::string json = b.Json();
  CheckOptions options;
  options.evaluation.at = *Date::Parse("2026-12-01");
  DiagnosticList diags;
  Result<CheckedTransfer> first = PrepareTransfer(json, "m.json", test::ShippedRules(), options, &diags);
  REQUIRE(first.ok());
  REQUIRE_FALSE(first->warnings.empty());
  DecideTransfer(test::ShippedRules(), options, &*first);
  const std::string expected = DecisionToJson(first->decision);
  CHECK(expected.find("W-UNCLASSIFIED-FIELD") != std::string::npos);
  CHECK(expected.find("/resources/0/schema/fields/1") != std::string::npos);

  std::vector<CheckedTransfer> moved;
  for (int i = 0; i < 20; ++i) {
    DiagnosticList d;
    Result<CheckedTransfer> t = PrepareTransfer(json, "m.json", test::ShippedRules(), options, &d);
    REQUIRE(t.ok());
    moved.push_back(std::move(t).value());  // reallocates: every transfer moves
  }
  for (CheckedTransfer& t : moved) {
    DecideTransfer(test::ShippedRules(), options, &t);
    DecideTransfer(test::ShippedRules(), options, &t);  // again, as the ledger may
    CHECK(DecisionToJson(t.decision) == expected);
  }
  // A copy of a manifest keeps its fields' pointers after the original is gone.
  std::optional<Manifest> copy;
  {
    CheckedTransfer t = std::move(moved.back());
    moved.clear();
    copy = t.manifest;
  }
  REQUIRE(copy->resources.size() == 1);
  REQUIRE(copy->resources[0].fields.size() == 2);
  CHECK(copy->resources[0].fields[1].pointer == "/resources/0/schema/fields/1");
  // The sink got the diagnostics themselves (moved, not copied out of it).
  bool reported = false;
  for (const Diagnostic& d : diags.all()) reported |= d.code == "W-UNCLASSIFIED-FIELD";
  CHECK(reported);
}

}  // namespace
}  // namespace dxcheck
