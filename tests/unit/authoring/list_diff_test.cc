#include "checker/authoring/list_diff.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "checker/base/file_io.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

RuleList Load(const std::string& text) {
  DiagnosticList d;
  Result<RuleList> l = LoadRuleList(text, "l.json", test::ShippedRules().categories(), &d);
  REQUIRE_MESSAGE(l.ok(), d.RenderAll());
  return std::move(l).value();
}

void Replace(std::string* s, const std::string& from, const std::string& to) {
  size_t at = s->find(from);
  REQUIRE(at != std::string::npos);
  s->replace(at, from.size(), to);
}

TEST_CASE("a lowered threshold is reported at its node; added and removed rules are listed") {
  std::string before = ReadFile(test::SourcePath("rules/cn-baseline.json")).value();
  std::string after = before;
  Replace(&after, "\"gte\": 100000}", "\"gte\": 50000}");
  Replace(&after, "\"id\": \"state-secret\"", "\"id\": \"state-secrets\"");
  Replace(&after, "\"citation\": \"DSL Art. 36; PIPL Art. 41\"", "\"citation\": \"DSL Art. 36\"");
  ListDiff d = DiffLists(Load(before), Load(after));
  CHECK(d.metadata.empty());
  CHECK(d.removed == std::vector<std::string>{"state-secret"});
  CHECK(d.added == std::vector<std::string>{"state-secrets"});
  REQUIRE(d.changed.size() == 2);
  CHECK(d.changed[0].rule == "dsl36-foreign-judicial");
  CHECK(d.changed[0].changes[0].what == "citation");
  CHECK(d.changed[1].rule == "art8-pi-volume");
  REQUIRE(d.changed[1].changes.size() == 1);
  CHECK(d.changed[1].changes[0].what == "when /all/1");
  CHECK(d.changed[1].changes[0].before == "cumulative.personal >= 100000");
  CHECK(d.changed[1].changes[0].after == "cumulative.personal >= 50000");
}

TEST_CASE("identical lists have no differences; a changed shape is reported at the group") {
  std::string text = ReadFile(test::SourcePath("rules/cn-hgr.json")).value();
  CHECK(DiffLists(Load(text), Load(text)).empty());
  std::string after = text;
  Replace(&after, "\"when\": {\"fact\": \"hgr.materials\", \"is\": true}",
          "\"when\": {\"all\": [{\"fact\": \"hgr.materials\", \"is\": true}]}");
  ListDiff d = DiffLists(Load(text), Load(after));
  REQUIRE(d.changed.size() == 1);
  CHECK(d.changed[0].changes[0].what == "when /");
  CHECK(d.changed[0].changes[0].after == "all of 1 conditions");
}

}  // namespace
}  // namespace dxcheck

namespace dxcheck {
namespace {

TEST_CASE("DiffDecisions: verdict, exit code, rules in force and open obligations") {
  test::ManifestBuilder b;
  b.Fields("[" + test::TaggedField("NAME", "pi.basic") + "]").Set("/dxcheck/subjects", R"({"personal": 50000})");
  Decision small = test::RunOn(b.Json()).decision;
  b.Set("/dxcheck/subjects/personal", "150000");
  Decision big = test::RunOn(b.Json()).decision;
  DecisionDelta d = DiffDecisions(small, big);
  CHECK(d.changed());
  CHECK(d.verdict_before == "free_flow");
  CHECK(d.verdict_after == "contract_or_certification");
  CHECK(d.exit_before == 5);
  CHECK(d.exit_after == 10);
  CHECK(d.rules_added == std::vector<std::string>{"cn-baseline/art8-pi-volume"});
  CHECK(d.rules_removed.empty());
  CHECK(std::find(d.open_added.begin(), d.open_added.end(), "standard_contract_filing") != d.open_added.end());
  CHECK_FALSE(DiffDecisions(big, big).changed());
}

}  // namespace
}  // namespace dxcheck
