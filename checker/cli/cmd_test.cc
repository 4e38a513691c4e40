// `dxcheck test PATH...`: runs list unit tests like `opa test` — one line per
// test, a summary, and rule coverage (which rules no test exercises), with
// `--coverage-min PCT` to fail below a bar. A directory contributes every
// `*.test.json` below it, and is the rules directory when it holds
// categories.json; other `.json` files given are lists added to the rule set.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "checker/base/printable.h"
#include "checker/authoring/list_tests.h"
#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/exit_status.h"

namespace dxcheck {
namespace {

namespace fs = std::filesystem;

struct TestArgs {
  std::vector<std::string> paths;
  RuleOptions rules;
  double coverage_min = 0;
  bool verbose = false;
};

bool EndsWith(const std::string& s, const std::string& sfx) {
  return s.size() >= sfx.size() && s.compare(s.size() - sfx.size(), sfx.size(), sfx) == 0;
}

int RunTests(const TestArgs& a) {
  RuleOptions ropts = a.rules;
  std::vector<std::string> tests;
  for (const std::string& p : a.paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      if (ropts.rules_dir.empty() && fs::exists(fs::path(p) / kCategoryListFile)) ropts.rules_dir = p;
      for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
        if (e.is_regular_file() && EndsWith(e.path().string(), ".test.json")) {
          tests.push_back(e.path().string());
        }
      }
    } else if (EndsWith(p, ".test.json")) {
      tests.push_back(p);
    } else if (EndsWith(p, ".json")) {
      ropts.lists.push_back(p);
    } else {
      std::cerr << "dxcheck: " << p << ": not a directory, a .test.json file or a list (.json)\n";
      return kExitUsage;
    }
  }
  std::sort(tests.begin(), tests.end());
  if (tests.empty()) {
    std::cerr << "dxcheck: no *.test.json files found in the given paths\n";
    return kExitNoInput;
  }
  int code = 0;
  std::unique_ptr<RuleSet> rules = LoadRulesOrReport(ropts, &code);
  if (!rules) return code;
  DiagnosticList diags;
  Result<ListTestRun> run = RunListTests(tests, *rules, &diags);
  PrintDiagnostics(diags);
  if (!run.ok()) {
    if (run.status().code() != StatusCode::kInvalidInput) std::cerr << "dxcheck: " << run.status().message() << "\n";
    return ExitFromStatus(run.status());
  }
  std::string out;
  for (const ListTestResult& r : run->results) {
    if (r.passed && !a.verbose) continue;
    out += std::string(r.passed ? "PASS " : "FAIL ") + Printable(r.file) + ": " + Printable(r.name) + "\n";
    for (const std::string& p : r.problems) out += "       " + Printable(p) + "\n";
  }
  size_t total = run->results.size(), passed = run->passed();
  out += "--------------------------------------------------------------------------------\n";
  out += "PASS: " + std::to_string(passed) + "/" + std::to_string(total);
  if (passed != total) out += "   FAIL: " + std::to_string(total - passed) + "/" + std::to_string(total);
  out += "\n";
  // Coverage per list. The bar applies to the lists under test: the list
  // files given (as paths or --list), else every list of the rules directory.
  auto canonical = [](const std::string& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(p, ec);
    return ec ? p : c.string();
  };
  std::vector<std::string> under_test;
  for (const std::string& l : ropts.lists) under_test.push_back(canonical(l));
  bool below = false;
  char line[256];
  std::vector<ListCoverage> coverage = CoverageByList(*run, *rules);
  size_t all_rules = 0, exercised = 0;
  for (const ListCoverage& c : coverage) {
    all_rules += c.rules;
    exercised += c.exercised;
  }
  std::snprintf(line, sizeof line, "rule coverage: %zu/%zu rules exercised (%.1f %%); by list:\n",
                exercised, all_rules,
                all_rules == 0 ? 100.0 : 100.0 * static_cast<double>(exercised) / all_rules);
  out += line;
  for (const ListCoverage& c : coverage) {
    bool tested = under_test.empty() || std::find(under_test.begin(), under_test.end(),
                                                  canonical(c.file)) != under_test.end();
    bool short_of_bar = tested && c.percent() + 1e-9 < a.coverage_min;
    below = below || short_of_bar;
    std::snprintf(line, sizeof line, "  %-28s %3zu/%-3zu rules (%5.1f %%)%s%s\n",
                  Printable(c.list).c_str(), c.exercised, c.rules, c.percent(),
                  tested ? "" : "  [not under test]",
                  short_of_bar ? "  below --coverage-min" : "");
    out += line;
    if (tested) {
      for (const std::string& u : c.uncovered) out += "      not exercised: " + Printable(u) + "\n";
    }
  }
  if (below) {
    std::snprintf(line, sizeof line, "coverage of a list under test is below --coverage-min %.1f %%\n",
                  a.coverage_min);
    out += line;
  }
  int w = WriteOutput("", out);
  if (w != 0) return w;
  return passed == total && !below ? kExitOk : kExitInvalid;
}

}  // namespace

CommandRunner RegisterTest(CLI::App* app) {
  auto args = std::make_shared<TestArgs>();
  CLI::App* cmd = app->add_subcommand(
      "test", "Run list unit tests (*.test.json): verdicts, obligations, rules that must and must "
              "not fire; report rule coverage");
  cmd->add_option("paths", args->paths, "directories (searched for *.test.json; a directory with "
                                        "categories.json is the rules directory), test files, or "
                                        "list files to add")
      ->required()
      ->type_name("PATH...");
  args->rules.AddTo(cmd);
  cmd->add_option("--coverage-min", args->coverage_min,
                  "fail (exit 1) when fewer than PCT % of the rules of a list under test are "
                  "exercised (lists under test: the list files given, else every list of the "
                  "rules directory)")
      ->check(CLI::Range(0.0, 100.0))
      ->type_name("PCT");
  cmd->add_flag("-v,--verbose", args->verbose, "print passing tests too");
  cmd->footer(
      "Test file format: rules/README.md (\"List tests\").\n"
      "Example:\n"
      "  dxcheck test rules/ --coverage-min 90\n"
      "  dxcheck test my-zone-list.json my-tests/ -v\n\n"
      "Exit codes: 0 all passed (and coverage met); 1 a test failed or coverage is below the bar; "
      "64 usage; 65 invalid test, list or fixture file; 66 unreadable file.");
  return [args] { return RunTests(*args); };
}

}  // namespace dxcheck
