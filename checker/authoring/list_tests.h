// List unit tests (`dxcheck test`), run like `opa test`: fixture manifests
// with the verdict, exit code, obligations and rules a list author expects.
//
// A test file (`*.test.json`, comments allowed) holds an optional `base`
// manifest and `tests`; each test names a `manifest` (a path relative to the
// test file, or an inline object) or patches the base (`patch`: JSON pointer
// -> value), an evaluation date `at`, and `expect`:
//   verdict, exitCode, mayProceed, obligations (present), obligationsAbsent,
//   obligationsOpen, fires / relieved / notFires (rule ids, "list/rule" or "rule").
// The format is specified in rules/README.md.
#ifndef DXCHECK_AUTHORING_LIST_TESTS_H_
#define DXCHECK_AUTHORING_LIST_TESTS_H_

#include <set>
#include <string>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/base/status.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {

struct ListTestResult {
  std::string file, name;
  bool passed = false;
  std::vector<std::string> problems;  // why it failed
};

struct ListTestRun {
  std::vector<ListTestResult> results;
  std::set<std::string> exercised;  // "list/rule" of rules that fired or were relieved
  std::set<std::string> names;      // every test's name, run or not (for --run's hint)
  size_t passed() const;
};

// Loads and runs every test of `files` against `rules`. Invalid test files
// (E1502: a rule named in fires / relieved / notFires that no loaded list
// has) are reported to `sink` and make the result InvalidInput; NotFound when a file or
// a referenced manifest cannot be read.
// With `only` non-empty, only the tests named exactly `only` run (every file
// is still loaded and checked).
Result<ListTestRun> RunListTests(const std::vector<std::string>& files, const RuleSet& rules,
                                 DiagnosticSink* sink, const std::string& only = "");

// Rule coverage of one loaded list: how many of its rules fired or were
// relieved in at least one test, and which did not.
struct ListCoverage {
  std::string list, file;
  size_t rules = 0, exercised = 0;
  std::vector<std::string> uncovered;  // "list/rule"
  double percent() const;              // 100 for a list without rules
};

// Coverage per loaded list, in the order of rules.lists().
std::vector<ListCoverage> CoverageByList(const ListTestRun& run, const RuleSet& rules);

}  // namespace dxcheck

#endif  // DXCHECK_AUTHORING_LIST_TESTS_H_
