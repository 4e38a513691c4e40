// The consistency checks of spec/manifest.md, each with its message pinned.
// (The exit code 65 of each is pinned by tests/bad_inputs.)
#include "checker/rules/consistency.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "checker/manifest/manifest_loader.h"
#include "checker/rules/data_profile.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

using test::ManifestBuilder;
using test::TaggedField;

std::string Errors(const ManifestBuilder& b, bool strict = false) {
  test::CheckRun run = test::RunOn(b.Json(), "2026-12-01", true, strict);
  std::string out;
  for (const Diagnostic& d : run.diags.all()) {
    if (d.severity == Severity::kError) out += d.code + " " + d.json_pointer + ": " + d.message + "\n";
  }
  CHECK(run.status.ok() == out.empty());
  return out;
}

TEST_CASE("personal field without subjects.personal") {
  ManifestBuilder b;
  b.Fields("[" + TaggedField("NAME", "pi.basic") + "]");
  CHECK(Errors(b) ==
        "E1201 /dxcheck/subjects/personal: field \"NAME\" (/resources/0/schema/fields/0) is "
        "pi.basic (declared), personal information: subjects.personal must be > 0 (missing)\n");
  b.Set("/dxcheck/subjects", "{\"personal\": 0}");
  CHECK(Errors(b).find("subjects.personal must be > 0 (found 0)") != std::string::npos);
  b.Set("/dxcheck/deidentification", "\"anonymized\"");
  CHECK(Errors(b) == "");
}

TEST_CASE("a pattern-classified field counts like a declared one") {
  ManifestBuilder b;
  b.Fields(R"([{"name": "身份证号", "type": "string"}])").Set("/dxcheck/subjects", "{\"personal\": 5}");
  CHECK(Errors(b) ==
        "E1202 /dxcheck/subjects/sensitive: field \"身份证号\" (/resources/0/schema/fields/0) is "
        "pi.id_document (by name pattern \"身份证\"), sensitive personal information: "
        "subjects.sensitive must be > 0 (missing)\n");
}

TEST_CASE("sensitive override both ways") {
  ManifestBuilder b;
  b.Fields(R"([{"name": "X", "dxcheck": {"categories": ["pi.basic"], "sensitive": true}}])")
      .Set("/dxcheck/subjects", "{\"personal\": 5}");
  CHECK(Errors(b).find("E1202 /dxcheck/subjects/sensitive: field \"X\" "
                       "(/resources/0/schema/fields/0) is marked sensitive: true") == 0);
  b.Fields(R"([{"name": "X", "dxcheck": {"categories": ["pi.health"], "sensitive": false}}])");
  CHECK(Errors(b) == "");
}

TEST_CASE("count relations") {
  ManifestBuilder b;
  b.Set("/dxcheck/subjects", R"({"personal": 10, "sensitive": 20})");
  CHECK(Errors(b) == "E1203 /dxcheck/subjects/sensitive: must be <= subjects.personal (20 > 10)\n");
  b.Set("/dxcheck/subjects", R"({"personal": 10, "sensitive": 5, "minorsUnder14": 6})");
  CHECK(Errors(b) == "E1204 /dxcheck/subjects/minorsUnder14: must be <= subjects.sensitive: the "
                     "PI of minors under 14 is sensitive (6 > 5)\n");
  // Always checked, anonymised or not; an absent count is 0.
  b.Set("/dxcheck/subjects", R"({"sensitive": 1})").Set("/dxcheck/deidentification", "\"anonymized\"");
  CHECK(Errors(b) == "E1203 /dxcheck/subjects/sensitive: must be <= subjects.personal (1 > 0)\n");
}

TEST_CASE("HGR data requires hgr.information") {
  ManifestBuilder b;
  b.Fields(R"([{"name": "genotype_call"}])")
      .Set("/dxcheck/subjects", R"({"personal": 5, "sensitive": 5})");
  CHECK(Errors(b) ==
        "E1205 /dxcheck/hgr/information: field \"genotype_call\" (/resources/0/schema/fields/0) is "
        "hgr.genomic (by name pattern \"genotyp\"), human genetic resources information: "
        "hgr.information must be true\n");
  ManifestBuilder c;
  c.Set("/dxcheck/hgr", R"({"sequencingSubjects": 3})");
  CHECK(Errors(c) == "E1206 /dxcheck/hgr/information: hgr.sequencingSubjects is 3: sequencing data "
                     "is human genetic resources information, so hgr.information must be true\n");
  // Anonymised HGR data is still HGR information.
  b.Set("/dxcheck/deidentification", "\"anonymized\"");
  CHECK(Errors(b).find("E1205") == 0);
}

TEST_CASE("countingKey names a field") {
  ManifestBuilder b;
  b.Set("/dxcheck/subjects", R"({"countingKey": "USUBJID"})");
  CHECK(Errors(b) == "E1208 /dxcheck/subjects/countingKey: \"USUBJID\" is not the name of a field "
                     "of any resource\n");
  b.Set("/dxcheck/subjects", R"({"countingKey": "BATCH_NO"})");
  CHECK(Errors(b) == "");
}

TEST_CASE("unclassified fields and schema-less resources: warnings, errors under --strict") {
  ManifestBuilder b;
  b.Fields(R"([{"name": "zzqx"}])");
  test::CheckRun run = test::RunOn(b.Json());
  CHECK(run.status.ok());
  CHECK(run.HasWarning("W-UNCLASSIFIED-FIELD"));
  CHECK(Errors(b, true) == "E1209 /resources/0/schema/fields/0: field \"zzqx\" matches no category "
                           "pattern; tag it with dxcheck.categories (nonpersonal if it holds no "
                           "personal information; every code: dxcheck lists --codes)\n");
  // The likeliest codes, when the field's words point somewhere.
  ManifestBuilder w;
  w.Fields(R"([{"name": "PATIENT_WEIGHT_KG"}])");
  CHECK(Errors(w, true) == "E1209 /resources/0/schema/fields/0: field \"PATIENT_WEIGHT_KG\" matches "
                           "no category pattern; tag it with dxcheck.categories (likeliest: "
                           "pi.health, pi.basic, pi.identity; every code: dxcheck lists --codes)\n");
  ManifestBuilder c;
  c.Remove("/resources/0/schema");
  CHECK(test::RunOn(c.Json()).HasWarning("W-NO-SCHEMA"));
  CHECK(Errors(c, true) == "E1210 /resources/0: resource \"batches\" has no schema: its contents "
                           "are not classified\n");
}

TEST_CASE("zone warnings") {
  ManifestBuilder b;
  b.Set("/dxcheck/exporter/zone", "\"CN-XX-FTZ\"");
  CHECK(test::RunOn(b.Json()).HasWarning("W-UNKNOWN-ZONE"));
  // A typo'd zone names the nearest declared zone and every declared one.
  b.Set("/dxcheck/exporter/zone", "\"CN-JS-FTZ-SUZHOU\"");
  test::CheckRun run = test::RunOn(b.Json());
  bool found = false;
  for (const DecisionWarning& w : run.decision.warnings) {
    if (w.code != "W-UNKNOWN-ZONE") continue;
    found = true;
    CHECK(w.message ==
          "zone CN-JS-FTZ-SUZHOU is declared by no loaded list: only the national rules apply, "
          "with no FTZ relief (did you mean CN-JS-FTZ-SZ?); the loaded lists declare CN-BJ-FTZ, "
          "CN-JS-FTZ-LYG, CN-JS-FTZ-NJ, CN-JS-FTZ-SZ, CN-SH-FTZ-LG");
  }
  CHECK(found);
  ManifestBuilder c;
  c.Set("/dxcheck/exporter/exportsFromZone", "true");
  CHECK(test::RunOn(c.Json()).HasWarning("W-ZONE-MISSING"));
}

TEST_CASE("missing-key consistency errors are located at the nearest parent") {
  ManifestBuilder b;
  b.Fields("[" + TaggedField("NAME", "pi.basic") + "]");
  test::CheckRun run = test::RunOn(b.Json());
  REQUIRE(run.diags.all().size() == 1);
  const Diagnostic& d = run.diags.all()[0];
  CHECK(d.json_pointer == "/dxcheck/subjects/personal");
  CHECK(d.line > 1);  // the line of the "dxcheck" object, not 0
}

// A sink that says it is full after `keep` diagnostics, and records what it
// is sent each way.
class FullAfter : public DiagnosticSink {
 public:
  explicit FullAfter(size_t keep) : keep_(keep) {}
  void Report(Diagnostic d) override { reported.push_back(std::move(d)); }
  void ReportOmitted(size_t errors, size_t warnings) override {
    omitted_errors += errors;
    omitted_warnings += warnings;
  }
  bool Full() const override { return reported.size() >= keep_; }
  std::vector<Diagnostic> reported;
  size_t omitted_errors = 0, omitted_warnings = 0;

 private:
  size_t keep_;
};

// Past a sink's bound the unclassified-field diagnostics are counted without
// being built (no likeliest-code search): the counts, and what is kept, must
// be those of building and dropping them, and nothing is sent to a full sink.
TEST_CASE("unclassified fields past the diagnostics bound are counted, not built") {
  std::string fields = "[";
  for (int i = 0; i < 40; ++i) {
    fields += std::string(i ? "," : "") + "{\"name\": \"qzx_" + std::to_string(i) + "\"}";
  }
  ManifestBuilder b;
  b.Fields(fields + "]");
  DiagnosticList load;
  const RuleSet& rules = test::ShippedRules();
  Result<Manifest> m = LoadManifest(b.Json(), "m.json", rules.categories(), &load);
  REQUIRE(m.ok());
  Result<DataProfile> p = BuildDataProfile(*m, rules.categories(), rules.classifier());
  REQUIRE(p.ok());
  for (bool strict : {false, true}) {
    ConsistencyOptions options{strict, rules.DeclaredZones(), &rules.likely_codes()};
    DiagnosticList all(1000), bounded(7);
    size_t all_errors = CheckConsistency(*m, *p, options, &all);
    size_t bounded_errors = CheckConsistency(*m, *p, options, &bounded);
    CHECK(all.omitted() == 0);
    CHECK(all.all().size() >= 40);
    CHECK(bounded_errors == all_errors);
    CHECK(all_errors == (strict ? all.error_count() : 0));
    CHECK(bounded.all().size() == 7);
    CHECK(bounded.error_count() == all.error_count());
    CHECK(bounded.warning_count() == all.warning_count());
    CHECK(bounded.omitted() == all.all().size() - 7);
    CHECK(bounded.has_errors() == strict);
    for (size_t i = 0; i < 7; ++i) {
      CHECK(RenderDiagnostic(bounded.all()[i]) == RenderDiagnostic(all.all()[i]));
    }

    FullAfter spy(5);
    CheckConsistency(*m, *p, options, &spy);
    const char* code = strict ? "E1209" : "W-UNCLASSIFIED-FIELD";
    size_t sent = static_cast<size_t>(std::count_if(
        spy.reported.begin(), spy.reported.end(), [&](const Diagnostic& d) { return d.code == code; }));
    CHECK(sent == 5);  // none past the bound: counted only
    CHECK((strict ? spy.omitted_errors : spy.omitted_warnings) == 35);
    CHECK((strict ? spy.omitted_warnings : spy.omitted_errors) == 0);
  }
}

}  // namespace
}  // namespace dxcheck
