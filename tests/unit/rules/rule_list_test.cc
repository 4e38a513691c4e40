#include "checker/rules/rule_list.h"

#include <doctest/doctest.h>

#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

std::string Errors(const std::string& json) {
  DiagnosticList diags;
  Result<RuleList> l = LoadRuleList(json, "l.json", test::ShippedRules().categories(), &diags);
  CHECK(l.ok() == !diags.has_errors());
  std::string out;
  for (const Diagnostic& d : diags.all()) out += d.code + " " + d.json_pointer + ": " + d.message + "\n";
  return out;
}

std::string List(const std::string& kind, const std::string& rules, const std::string& extra = "") {
  return R"({"id": "t", "version": "1", "title": {"zh": "测", "en": "t"}, "issuer": "me",
            "kind": ")" + kind + R"(", "status": "official", "effective": {"from": "2024-01-01"},)" +
         extra + R"( "rules": [)" + rules + "]}";
}

const char kRule[] = R"({"id": "r1", "title": {"zh": "a", "en": "b"},
  "when": {"fact": "coreData", "is": true}, "outcome": {"verdict": "prohibited"},
  "citation": "X Art. 1", "verification": "verified"})";

TEST_CASE("a minimal list loads, comments allowed") {
  CHECK(Errors("// a list\n" + List("baseline", kRule)) == "");
}

TEST_CASE("a list may name its JSON Schema (docs/schema/list.schema.json) for editors") {
  CHECK(Errors(List("baseline", kRule, R"( "$schema": "../docs/schema/list.schema.json",)")) == "");
  CHECK(Errors(List("baseline", kRule, R"( "$schema": 1,)")) ==
        "E1102 /$schema: expected a string, found a number\n");
}

TEST_CASE("list errors are pinned") {
  CHECK(Errors(List("baseline", std::string(kRule) + "," + kRule)) ==
        "E1303 /rules/1/id: duplicate rule id \"r1\"\n");
  CHECK(Errors(List("sideways", kRule)) ==
        "E1107 /kind: \"sideways\" is not one of: baseline, negative, positive, parallel\n");
  CHECK(Errors(List("negative", kRule)) ==
        "E1101 /eligibility: required object \"eligibility\" is missing\n");
  CHECK(Errors(List("baseline", R"({"id": "r", "title": {"zh": "a", "en": "b"},
      "when": {"fact": "coreData", "is": true}, "outcome": {"verdict": "prohibited"},
      "relief": {"exemptions": ["hr"]}, "citation": "c", "verification": "verified"})")) ==
        "E1312 /rules/0/relief: prohibitions and important data are never relieved (CAC Order 16 "
        "Art. 5 last para., Art. 6; DSL Art. 21)\n");
  CHECK(Errors(List("parallel", R"({"id": "r", "title": {"zh": "a", "en": "b"},
      "when": {"fact": "pi.present", "is": true}, "outcome": {"verdict": "contract_or_certification"},
      "relief": {"ftzList": true}, "citation": "c", "verification": "verified"})")) ==
        "E1312 /rules/0/relief: only a baseline list's rules can be relieved by an FTZ list\n");
  CHECK(Errors(List("baseline", R"({"id": "r", "title": {"zh": "a", "en": "b"},
      "when": {"fact": "pi.present", "is": true}, "outcome": {"obligations": ["notify_mom"]},
      "citation": "c", "verification": "maybe"})")) ==
        "E1309 /rules/0/outcome/obligations/0: obligation \"notify_mom\" is neither a pinned id of "
        "spec/decision.md nor namespaced as \"t:name\"\n"
        "E1107 /rules/0/verification: \"maybe\" is not one of: verified, secondary, unverified\n");
  CHECK(Errors(List("baseline", R"({"id": "r", "title": {"zh": "a", "en": "b"},
      "when": {"fact": "pi.present", "is": true}, "outcome": {"obligations": ["t:notify_dpo"]},
      "citation": "c", "verification": "verified", "severity": 3})")) ==
        "E1103 /rules/0/severity: unknown key \"severity\" in a rule\n");
  CHECK(Errors(List("baseline", R"({"id": "r", "title": {"zh": "a", "en": "b"},
      "when": {"fact": "pi.present", "is": true}, "outcome": {},
      "citation": "c", "verification": "verified"})")) ==
        "E1312 /rules/0/outcome: an outcome needs a verdict or at least one obligation\n");
  CHECK(Errors(List("baseline", kRule, R"( "eligibility": {"zones": ["CN-BJ-FTZ"]},)")) ==
        "E1312 /eligibility: only negative and positive lists have an eligibility\n");
}

TEST_CASE("a model list must say why") {
  std::string json = List("baseline", kRule);
  json.replace(json.find("\"official\""), 10, "\"model\"");
  CHECK(Errors(json) == "E1101 /statusNote: required string \"statusNote\" is missing\n");
}

}  // namespace
}  // namespace dxcheck
