// report.html: every warning code has its Chinese text, and the report shows
// what the auditor needs (issue 12, item 11). The rendering in a browser is
// checked by tests/e2e/bundle.py.
#include "checker/bundle/report_html.h"

#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "checker/base/file_io.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

TEST_CASE("every warning code of docs/errors.md has a Chinese text in the report") {
  Result<std::string> doc = ReadFile(test::SourcePath("docs/errors.md"));
  REQUIRE(doc.ok());
  std::set<std::string> codes;
  std::regex code("\\| (W-[A-Z0-9-]+)(, (W-[A-Z0-9-]+))? \\|");
  for (auto it = std::sregex_iterator(doc->begin(), doc->end(), code); it != std::sregex_iterator(); ++it) {
    codes.insert((*it)[1]);
    if ((*it)[3].matched) codes.insert((*it)[3]);
  }
  CHECK(codes.size() >= 16);
  for (const std::string& c : codes) {
    INFO(c);
    CHECK(WarningTextZh(c) != nullptr);
  }
  CHECK(WarningTextZh("W-NO-SUCH-CODE") == nullptr);
}

TEST_CASE("the report names what satisfied an obligation, the files, the fields, the signature") {
  test::ManifestBuilder m;
  m.Fields("[" + test::TaggedField("NAME", "pi.basic") + "]")
      .Set("/dxcheck/subjects", "{\"personal\": 1000000}")
      .Set("/dxcheck/status", R"({"securityAssessment": {"reference": "CAC-SA-2026-0042", "validUntil": "2028-06-30"},
                                  "separateConsent": true, "piImpactAssessment": {"completedOn": "2026-11-01"}})");
  DiagnosticList diags;
  CheckOptions o;
  o.evaluation.at = *Date::Parse("2026-12-01");
  Result<CheckedTransfer> t = CheckTransfer(m.Json(), "m.json", test::ShippedRules(), o, &diags);
  REQUIRE(t.ok());
  REQUIRE(t->decision.may_proceed);
  std::string h = RenderReportHtml(*t, "abc123", "Ed25519");
  size_t box = h.find("<div id=\"verdict\""), end = h.find("</div>", box);
  REQUIRE(box != std::string::npos);
  std::string verdict = h.substr(box, end - box);
  CHECK(verdict.find("CAC security assessment") != std::string::npos);
  CHECK(verdict.find("CAC-SA-2026-0042") != std::string::npos);
  CHECK(verdict.find("有效期至 <span class=\"en\">/ valid until</span> <b>2028-06-30</b>") != std::string::npos);
  CHECK(h.find("data/batches.csv") != std::string::npos);
  CHECK(h.find(std::string(64, '0')) != std::string::npos);
  CHECK(h.find("<code>pi.basic</code>") != std::string::npos);
  CHECK(h.find("<b id=\"algorithm\">Ed25519</b>") != std::string::npos);
  CHECK(h.find("<code id=\"keyid\">abc123</code>") != std::string::npos);
  CHECK(h.find("始终适用 <span class=\"en\">/ always applies</span>") != std::string::npos);
}

}  // namespace
}  // namespace dxcheck
