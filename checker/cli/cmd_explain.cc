// `dxcheck explain MANIFEST`: the decision's reasons, rule by rule and field by
// field. Exits like `check` (the decision's exit code) so it can stand in for
// it while a list is being written.
#include <iostream>
#include <memory>

#include "checker/base/file_io.h"
#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/exit_status.h"
#include "checker/eval/explain.h"

namespace dxcheck {
namespace {

struct ExplainArgs {
  std::string manifest;
  RuleOptions rules;
  std::string at;
  std::string format = "text";
  bool no_clearance = false;
};

int RunExplain(const ExplainArgs& a) {
  std::optional<Date> at = AtOrToday(a.at);
  if (!at) return kExitUsage;
  int code = 0;
  std::unique_ptr<RuleSet> rules = LoadRulesOrReport(a.rules, &code);
  if (!rules) return code;
  std::optional<std::string> bytes = ReadFileOrReport(a.manifest, &code);
  if (!bytes) return code;
  CheckOptions o;
  o.evaluation.at = *at;
  o.evaluation.clearance = !a.no_clearance;
  DiagnosticList diags;
  Result<CheckedTransfer> t = CheckTransfer(*bytes, a.manifest, *rules, o, &diags);
  PrintDiagnostics(diags);
  if (!t.ok()) {
    if (t.status().code() != StatusCode::kInvalidInput) std::cerr << "dxcheck: " << t.status().message() << "\n";
    return ExitFromStatus(t.status());
  }
  Explanation e = Explain(*t, *rules);
  int w = WriteOutput("", a.format == "json" ? ExplanationToJson(*t, e) : ExplanationToText(*t, e));
  return w != 0 ? w : t->decision.exit_code;
}

}  // namespace

CommandRunner RegisterExplain(CLI::App* app) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app->add_subcommand(
      "explain", "Show why: every rule (fired, relieved, or the first condition that failed and "
                 "the value it saw) and every field's categories (tag or pattern)");
  cmd->add_option("manifest", args->manifest, "transfer manifest")->required()->type_name("MANIFEST");
  args->rules.AddTo(cmd);
  cmd->add_option("--at", args->at, "evaluation date (default: today in Asia/Shanghai)")
      ->type_name("YYYY-MM-DD");
  cmd->add_option("--format", args->format, "text or json")
      ->check(OneOf({"json", "text"}))
      ->type_name("text|json");
  cmd->add_flag("--no-clearance", args->no_clearance, "ignore the manifest's status, as check does");
  cmd->footer(
      "Example:\n"
      "  dxcheck explain samples/hospital-rwd-beijing-ftz.json --at 2026-12-01\n"
      "  dxcheck explain transfer.json --format json | jq '.rules[] | select(.state==\"not_fired\")'\n\n"
      "Exit codes: as 'dxcheck check' (the decision's code, or 64/65/66).");
  return [args] { return RunExplain(*args); };
}

}  // namespace dxcheck
