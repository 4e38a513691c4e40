#include "checker/categories/crosswalk.h"

#include <doctest/doctest.h>

#include <cctype>

#include "checker/base/file_io.h"
#include "checker/categories/classifier.h"
#include "checker/manifest/manifest_loader.h"
#include "checker/rules/data_profile.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

std::string FieldsOf(const std::string& fields, const std::string& resource = "data") {
  test::ManifestBuilder b;
  b.Set("/resources/0/name", "\"" + resource + "\"").Fields(fields).Set("/dxcheck/subjects", R"({"personal": 5, "sensitive": 5})");
  return b.Json();
}

TEST_CASE("labels of other tools map to categories; declared tags still win") {
  const Crosswalk& cw = test::ShippedRules().crosswalk();
  CHECK(*cw.Find(LabelKind::kCdiscVariable, "usubjid") == "pi.identity");
  CHECK(*cw.Find(LabelKind::kInfoType, "CHINA_RESIDENT_ID_NUMBER") == "pi.id_document");
  CHECK(*cw.Find(LabelKind::kTag, "PII.Sensitive") == "pi.sensitive");
  CHECK(*cw.Find(LabelKind::kFhirResource, "MolecularSequence") == "hgr.genomic");
  CHECK(*cw.Find(LabelKind::kCdiscDomain, "GF") == "hgr.genomic");
  CHECK(cw.Find(LabelKind::kTag, "USUBJID") == nullptr);  // kinds do not mix

  test::CheckRun run = test::RunOn(FieldsOf(R"([
      {"name": "USUBJID"},
      {"name": "remark", "tags": ["PII.Sensitive"]},
      {"name": "x1", "tags": [{"tagFQN": "PII.NonSensitive", "source": "Classification"}]},
      {"name": "x2", "infoTypes": ["PHONE_NUMBER"], "dxcheck": {"categories": ["nonpersonal"]}},
      {"name": "x3", "infoTypes": ["NOT_A_KNOWN_TYPE"]},
      {"name": "x4", "tags": "not an array"},
      {"name": "身份证号", "tags": ["PII.NonSensitive"]}])", "ae"));
  REQUIRE(run.status.ok());
  const auto& f = run.decision.fields;
  // The patterns classify first (spec/manifest.md); a label only adds what they did not give.
  CHECK(f[0].source() == "pattern");
  CHECK(f[0].categories().ToVector() == std::vector<std::string>{"pi.identity"});
  CHECK(f[0].labels().empty());
  // A label never takes a category away: a tag saying "non-sensitive" leaves 身份证号 sensitive.
  CHECK(f[6].source() == "pattern");
  CHECK(f[6].categories().front() == "pi.id_document");
  CHECK(f[6].sensitive());
  CHECK(f[1].categories().ToVector() == std::vector<std::string>{"pi.sensitive"});
  CHECK(f[2].categories().ToVector() == std::vector<std::string>{"pi"});
  CHECK(f[3].source() == "declared");
  // Unknown labels fall through to patterns, then to the resource's domain (AE: health).
  CHECK(f[4].categories().ToVector() == std::vector<std::string>{"pi.health"});
  CHECK(f[4].labels().ToVector() == std::vector<std::string>{"cdiscDomain:ae"});
  CHECK(f[5].source() == "crosswalk");
}

TEST_CASE("a nonpersonal label beside another category is dropped, whatever the order") {
  std::string text = ReadFile(test::SourcePath("rules/categories.json")).value();
  size_t at = text.find("\"code\": \"nonpersonal\",");
  REQUIRE(at != std::string::npos);
  text.insert(at, "\"crosswalk\": {\"tag\": [\"Aggregate.Stats\"]}, ");
  DiagnosticList d;
  CategoryList list = CategoryList::Load(text, "c.json", &d).value();
  Crosswalk cw = Crosswalk::Build(list, "c.json", &d).value();
  Classifier classifier = Classifier::Build(list, "c.json", &d).value();
  Result<Manifest> m = LoadManifest(FieldsOf(R"([
      {"name": "qx1", "tags": ["Aggregate.Stats", "PII.Sensitive"]},
      {"name": "qx2", "tags": ["PII.Sensitive", "Aggregate.Stats"]},
      {"name": "qx3", "tags": ["Aggregate.Stats"]}])"), "m.json", list, &d);
  REQUIRE(m.ok());
  Result<DataProfile> p = BuildDataProfile(*m, list, classifier, &cw);
  REQUIRE(p.ok());
  for (size_t i = 0; i < 2; ++i) {
    CHECK(p->fields[i].categories == std::vector<std::string>{"pi.sensitive"});
    CHECK(p->fields[i].labels.size() == 1);
    CHECK(p->fields[i].sensitive);
  }
  CHECK(p->fields[2].categories == std::vector<std::string>{"nonpersonal"});  // alone: kept
}

TEST_CASE("a label mapped to two categories is rejected") {
  std::string text = ReadFile(test::SourcePath("rules/categories.json")).value();
  size_t at = text.find("\"SUBJID\"");
  REQUIRE(at != std::string::npos);
  text.insert(at, "\"AETERM\", ");  // AETERM is already pi.health's
  DiagnosticList d;
  CategoryList list = CategoryList::Load(text, "c.json", &d).value();
  CHECK_FALSE(Crosswalk::Build(list, "c.json", &d).ok());
  CHECK(d.RenderAll() == "c.json: error[E1311]: cdisc label \"AETERM\" maps to both pi.identity and pi.health\n");
}

TEST_CASE("a crosswalk key the format does not know is an error") {
  std::string text = ReadFile(test::SourcePath("rules/categories.json")).value();
  size_t at = text.find("\"crosswalk\": {");
  REQUIRE(at != std::string::npos);
  text.insert(at + 14, "\"hl7\": [\"PID\"], ");
  DiagnosticList d;
  CHECK_FALSE(CategoryList::Load(text, "c.json", &d).ok());
  CHECK(d.RenderAll().find("unknown key \"hl7\" in a crosswalk (expected cdisc, cdiscDomain, fhir, infoType, tag)") !=
        std::string::npos);
}

TEST_CASE("crosswalk look-ups ignore ASCII case only, and find every listed label") {
  const CategoryList& list = test::ShippedRules().categories();
  const Crosswalk& cw = test::ShippedRules().crosswalk();
  size_t labels = 0;
  for (const Category& c : list.categories()) {
    for (const CrosswalkLabel& l : c.crosswalk) {
      ++labels;
      std::string lower = l.label, upper = l.label;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      for (const std::string& label : {l.label, lower, upper}) {
        const std::string* code = cw.Find(l.kind, label);
        REQUIRE(code != nullptr);
        CHECK(*code == c.code);
      }
      CHECK(cw.Find(l.kind, l.label + "\x01") == nullptr);
    }
  }
  // The shipped labels are more than the table's first 32 entries (half of
  // 64 slots): the lookups above ran after it grew.
  REQUIRE(labels > 32);
  CHECK(cw.Find(LabelKind::kCdiscVariable, "") == nullptr);
  // Only ASCII letters fold: "ſEX" (U+017F LONG S) is not SEX.
  CHECK(cw.Find(LabelKind::kCdiscVariable, "SEX") != nullptr);
  CHECK(cw.Find(LabelKind::kCdiscVariable, "\xC5\xBF" "EX") == nullptr);
  CHECK(Crosswalk().Find(LabelKind::kTag, "PII") == nullptr);  // never built: empty
}

}  // namespace
}  // namespace dxcheck
