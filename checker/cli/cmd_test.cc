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

#include "checker/authoring/list_test_report.h"
#include "checker/authoring/list_tests.h"
#include "checker/base/object_reader.h"
#include "checker/base/printable.h"
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
  std::string format = "text";
  std::string run;  // --run NAME
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
  Result<ListTestRun> run = RunListTests(tests, *rules, &diags, a.run);
  PrintDiagnostics(diags);
  if (!run.ok()) {
    if (run.status().code() != StatusCode::kInvalidInput) std::cerr << "dxcheck: " << run.status().message() << "\n";
    return ExitFromStatus(run.status());
  }
  if (!a.run.empty() && run->results.empty()) {
    std::string hint = NearestName(a.run, run->names);
    std::cerr << "dxcheck: --run: no test is named \"" << Printable(a.run) << "\""
              << (hint.empty() ? "" : " (did you mean \"" + Printable(hint) + "\"?)") << "\n";
    return kExitUsage;
  }
  // Coverage per list. The bar applies to the lists under test: the list
  // files given (as paths or --list), else every list of the rules directory.
  auto canonical = [](const std::string& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(p, ec);
    return ec ? p : c.string();
  };
  std::vector<std::string> given;
  for (const std::string& l : ropts.lists) given.push_back(canonical(l));
  ListTestReport report;
  report.run = &*run;
  report.coverage = CoverageByList(*run, *rules);
  for (const ListCoverage& c : report.coverage) {
    report.under_test.push_back(given.empty() ||
                                std::find(given.begin(), given.end(), canonical(c.file)) != given.end());
  }
  report.coverage_min = a.coverage_min;
  report.coverage_applies = a.run.empty();
  report.verbose = a.verbose;
  std::string out = a.format == "json"    ? ListTestReportJson(report)
                    : a.format == "junit" ? ListTestReportJUnit(report)
                                          : ListTestReportText(report);
  int w = WriteOutput("", out);
  if (w != 0) return w;
  return report.ok() ? kExitOk : kExitInvalid;
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
  cmd->add_option("--format", args->format,
                  "text, json, or junit (JUnit XML for GitLab, Jenkins and GitHub test reports)")
      ->check(OneOf({"text", "json", "junit"}))
      ->type_name("text|json|junit");
  cmd->add_option("--run", args->run, "run only the test named NAME (coverage is then not judged)")
      ->type_name("NAME");
  cmd->footer(
      "Test file format: rules/README.md (\"List tests\").\n"
      "Example:\n"
      "  dxcheck test rules/ --coverage-min 90\n"
      "  dxcheck test my-zone-list.json my-tests/ -v\n"
      "  dxcheck test rules/ --format junit > dxcheck-tests.xml\n"
      "  dxcheck test rules/ --run \"core data is prohibited\"\n\n"
      "Exit codes: 0 all passed (and coverage met); 1 a test failed or coverage is below the bar; "
      "64 usage; 65 invalid test, list or fixture file; 66 unreadable file.");
  return [args] { return RunTests(*args); };
}

}  // namespace dxcheck
