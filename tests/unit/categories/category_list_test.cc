#include "checker/categories/category_list.h"

#include <doctest/doctest.h>

#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

std::string LoadErrors(const std::string& json) {
  DiagnosticList diags;
  CategoryList::Load(json, "c.json", &diags);
  return diags.RenderAll();
}

TEST_CASE("the shipped code list keeps the pinned defaults") {
  const CategoryList& c = test::ShippedRules().categories();
  struct Want {
    const char* code;
    bool personal, sensitive, hgr;
  };
  const Want wants[] = {{"pi.basic", true, false, false},       {"pi.identity", true, false, false},
                        {"pi.id_document", true, true, false},  {"pi.health.diagnosis", true, true, false},
                        {"clinical.lab", true, true, false},    {"omics.proteomic", true, true, false},
                        {"hgr.genomic", true, true, true},      {"rd.process", false, false, false},
                        {"nonpersonal", false, false, false}};
  for (const Want& w : wants) {
    CAPTURE(w.code);
    const Category* cat = c.Resolve(w.code);
    REQUIRE(cat != nullptr);
    CHECK(cat->personal == w.personal);
    CHECK(cat->sensitive == w.sensitive);
    CHECK(cat->hgr == w.hgr);
  }
  CHECK(c.Resolve("person.email") == nullptr);
  // "pi.healthy" is not under pi.health, but it does extend the family code "pi".
  CHECK(c.Resolve("pi.healthy")->code == "pi");
  CHECK(c.Resolve("pi.health.diagnosis")->code == "pi.health");
}

TEST_CASE("code prefixes match at dots only") {
  CHECK(CodeUnder("pi.health.diagnosis", "pi.health"));
  CHECK(CodeUnder("pi.health", "pi.health"));
  CHECK_FALSE(CodeUnder("pi.healthy", "pi.health"));
  CHECK_FALSE(CodeUnder("pi", "pi.health"));
  CHECK(IsCategoryCode("pi.location.precise"));
  CHECK_FALSE(IsCategoryCode("pi..x"));
  CHECK_FALSE(IsCategoryCode("PI.basic"));
}

TEST_CASE("a code list that breaks the spec's defaults is rejected") {
  std::string out = LoadErrors(R"({"codeListVersion": "x", "categories": [
    {"code": "pi", "title": {"zh": "个人", "en": "PI"}, "personal": true, "sensitive": false, "hgr": false}
  ]})");
  // pi.health extends "pi" here, so it exists but with the wrong defaults.
  CHECK(out.find("error[E1311]: \"pi.health\" must keep the defaults of spec/manifest.md (personal "
                 "yes, sensitive yes, HGR no)") != std::string::npos);
  CHECK(out.find("error[E1311]: the code list lacks \"hgr.genomic\", which spec/manifest.md "
                 "requires") != std::string::npos);
  CHECK(out.find("\"pi.basic\" must keep") == std::string::npos);
}

TEST_CASE("structural errors of a code list") {
  std::string out = LoadErrors(R"({"codeListVersion": "x", "categories": [
    {"code": "Bad Code", "title": {"zh": "a", "en": "b"}, "personal": true, "sensitive": false, "hgr": false},
    {"code": "x", "title": {"zh": "a"}, "personal": true, "sensitive": true, "hgr": false, "colour": 1}
  ]})");
  CHECK(out.find("c.json:2:14: error[E1311]: /categories/0/code: \"Bad Code\" is not a dotted "
                 "lower_snake category code") != std::string::npos);
  CHECK(out.find("error[E1101]: /categories/1/title/en: required string \"en\" is missing") !=
        std::string::npos);
  CHECK(out.find("error[E1103]: /categories/1/colour: unknown key \"colour\" in a category") !=
        std::string::npos);
}

}  // namespace
}  // namespace dxcheck
