#include "checker/base/diagnostic.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "checker/base/object_reader.h"

namespace dxcheck {
namespace {

Diagnostic At(int line, Severity sev = Severity::kError) {
  return {sev, sev == Severity::kError ? "E1103" : "W-X", "m", "f.json", line, 1, ""};
}

TEST_CASE("a list keeps kMaxDiagnostics diagnostics and counts the rest") {
  DiagnosticList at_bound, past;
  for (size_t i = 0; i < kMaxDiagnostics; ++i) at_bound.Report(At(static_cast<int>(i) + 1));
  CHECK(at_bound.all().size() == kMaxDiagnostics);
  CHECK(at_bound.omitted() == 0);
  CHECK(at_bound.RenderAll().find("more") == std::string::npos);

  for (size_t i = 0; i < kMaxDiagnostics; ++i) past.Report(At(static_cast<int>(i) + 1));
  past.Report(At(1000, Severity::kWarning));
  CHECK(past.all().size() == kMaxDiagnostics);
  CHECK(past.error_count() == kMaxDiagnostics);
  CHECK(past.warning_count() == 1);
  CHECK(past.omitted() == 1);
  std::string text = past.RenderAll();
  CHECK(text.substr(text.rfind('\n', text.size() - 2) + 1) ==
        "\u2026 and 1 more (0 error(s), 1 warning(s)) not shown\n");
}

TEST_CASE("a full list counts ReportOmitted exactly as it counts a Report it drops") {
  DiagnosticList reported(2), skipped(2);
  for (DiagnosticList* l : {&reported, &skipped}) {
    CHECK_FALSE(l->Full());
    l->Report(At(1));
    l->Report(At(2, Severity::kWarning));
    CHECK(l->Full());
  }
  reported.Report(At(3, Severity::kWarning));
  reported.Report(At(4));
  skipped.ReportOmitted(0, 1);
  skipped.ReportOmitted(1, 0);
  CHECK(reported.RenderAll() == skipped.RenderAll());
  CHECK(reported.error_count() == skipped.error_count());
  CHECK(reported.warning_count() == skipped.warning_count());
  CHECK(reported.omitted_errors() == skipped.omitted_errors());
  CHECK(reported.omitted_warnings() == skipped.omitted_warnings());
  CHECK(reported.has_errors() == skipped.has_errors());
}

TEST_CASE("TakeAll moves the kept diagnostics out and leaves the counts") {
  DiagnosticList l(2);
  l.Report(At(1));
  l.Report(At(2, Severity::kWarning));
  l.Report(At(3, Severity::kWarning));
  std::vector<Diagnostic> taken = l.TakeAll();
  REQUIRE(taken.size() == 2);
  CHECK(taken[0].line == 1);
  CHECK(taken[1].line == 2);
  CHECK(l.all().empty());
  CHECK(l.error_count() == 1);
  CHECK(l.warning_count() == 2);
  CHECK(l.omitted_warnings() == 1);
  CHECK(l.has_errors());
}

TEST_CASE("forwarding passes the omitted counts on") {
  DiagnosticList local, outer;
  for (int i = 0; i < 250; ++i) local.Report(At(250 - i));
  local.ForwardSorted(&outer);
  CHECK(outer.all().size() == kMaxDiagnostics);
  CHECK(outer.error_count() == 250);
  CHECK(outer.omitted_errors() == 150);
  CHECK(outer.all().front().line == 151);  // the first hundred reported, in file order
}

TEST_CASE("a key is hinted up to kMaxHintedName bytes, never past it") {
  std::string known_key(kMaxHintedName, 'k');
  std::string typo = known_key;
  typo[0] = 'x';
  CHECK(NearestName(typo, {known_key, "other"}) == known_key);
  std::string long_key(kMaxHintedName + 1, 'k');
  std::string long_typo = long_key;
  long_typo[0] = 'x';
  CHECK(NearestName(long_typo, {long_key, "other"}) == "");
  // A 1 MB unknown key is answered at once (no edit distance is computed).
  CHECK(NearestName(std::string(1 << 20, 'a'), {"name", "type"}) == "");
}

}  // namespace
}  // namespace dxcheck
