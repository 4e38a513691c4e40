#include "checker/rules/rule_set.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "checker/base/digest.h"
#include "checker/base/file_io.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

TEST_CASE("every shipped file loads without a diagnostic") {
  DiagnosticList diags;
  Result<RuleSet> rules = RuleSet::Load(test::SourcePath("rules"), {}, &diags);
  REQUIRE(rules.ok());
  CHECK(diags.RenderAll() == "");
  std::set<std::string> ids;
  for (const RuleList& l : rules->lists()) ids.insert(l.id);
  CHECK(ids == std::set<std::string>{"bj-ftz-2024-pharma", "cn-baseline", "cn-hgr",
                                     "js-ftz-biomed-model", "sh-lg-biomed-positive"});
  CHECK(rules->DeclaredZones().count("CN-BJ-FTZ") == 1);
  for (const RuleList& l : rules->lists()) {
    for (const Rule& r : l.rules) {
      CAPTURE(r.id);
      CHECK_FALSE(r.citation.empty());
      CHECK_FALSE(r.title.zh.empty());
    }
  }
}

TEST_CASE("--list replaces the list with its id; a missing directory is NotFound") {
  std::string tmp = "/tmp/dxcheck_rule_set_test.json";
  Result<std::string> bytes = ReadFile(test::SourcePath("rules/cn-hgr.json"));
  REQUIRE(bytes.ok());
  std::string edited = *bytes;
  edited.replace(edited.find("\"2024.1\""), 8, "\"2099.9\"");
  REQUIRE(WriteFileAtomic(tmp, edited).ok());
  DiagnosticList diags;
  Result<RuleSet> rules = RuleSet::Load(test::SourcePath("rules"), {tmp}, &diags);
  REQUIRE(rules.ok());
  CHECK(rules->lists().size() == 5);
  bool found = false;
  for (const RuleList& l : rules->lists()) found = found || (l.id == "cn-hgr" && l.version == "2099.9");
  CHECK(found);
  // The exact bytes each list was built from, replacements included.
  REQUIRE(rules->list_sources().size() == rules->lists().size());
  for (size_t i = 0; i < rules->lists().size(); ++i) {
    CAPTURE(rules->lists()[i].id);
    CHECK(Sha256Hex(rules->list_sources()[i].bytes) == rules->lists()[i].sha256);
    if (rules->lists()[i].id == "cn-hgr") CHECK(rules->list_sources()[i].path == tmp);
  }
  CHECK(Sha256Hex(rules->categories_source().bytes) == rules->categories().sha256());
  std::remove(tmp.c_str());
  Result<RuleSet> missing = RuleSet::Load("/nonexistent/rules", {}, &diags);
  CHECK(missing.status().code() == StatusCode::kNotFound);
}

}  // namespace
}  // namespace dxcheck
