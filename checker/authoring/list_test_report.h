// The report of a `dxcheck test` run in the forms CI systems read: text (one
// line per failing test, a summary, coverage per list), JSON, and JUnit XML
// (the dialect GitLab, Jenkins and GitHub test reporters read: <testsuites>
// of one <testsuite> per test file, one <testcase> per test, <failure> with
// the problems).
#ifndef DXCHECK_AUTHORING_LIST_TEST_REPORT_H_
#define DXCHECK_AUTHORING_LIST_TEST_REPORT_H_

#include <string>
#include <vector>

#include "checker/authoring/list_tests.h"

namespace dxcheck {

struct ListTestReport {
  const ListTestRun* run = nullptr;
  std::vector<ListCoverage> coverage;  // per loaded list (CoverageByList)
  std::vector<bool> under_test;        // parallel to coverage: does the bar apply?
  double coverage_min = 0;             // --coverage-min
  bool coverage_applies = true;        // false with --run (one test proves no coverage)
  bool verbose = false;                // text: passing tests too

  // True when a list under test is below the bar (and the bar applies).
  bool BelowBar() const;
  // Every test passed and no list under test is below the bar.
  bool ok() const;
};

std::string ListTestReportText(const ListTestReport& r);
std::string ListTestReportJson(const ListTestReport& r);
std::string ListTestReportJUnit(const ListTestReport& r);

// `s` as XML 1.0 character data or attribute text: markup characters as
// entities, and the characters XML 1.0 cannot carry at all (C0 controls but
// tab, newline and carriage return) as a visible \xHH.
std::string XmlEscape(const std::string& s);

}  // namespace dxcheck

#endif  // DXCHECK_AUTHORING_LIST_TEST_REPORT_H_
