// dxcheck: checks a data transfer manifest against cross-border data lists and
// writes a decision a pipeline can gate on. A table of subcommands over
// dxcheck_core; see commands.h and README.md.
#include <iostream>
#include <map>
#include <string>

#include "CLI/CLI.hpp"
#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/exit_status.h"
#include "checker/cli/serve_launcher.h"
#include "checker/eval/decision.h"

int main(int argc, char** argv) {
  using namespace dxcheck;
  if (int code = ExecServeIfAsked(argc, argv); code >= 0) return code;  // serve_launcher.h
  CLI::App app{
      "dxcheck — checks a data export against China's cross-border data rules (CAC Order "
      "No. 16, FTZ negative and positive lists, human genetic resources) and writes a "
      "decision: verdict, open obligations, matched rules with citations.",
      "dxcheck"};
  app.set_version_flag("--version", std::string("dxcheck ") + kToolVersion);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 may proceed (2 with warnings under check --fail-on-warn), 5 only duties open (consent, impact assessment, filing, HGR), "
      "10 standard contract or certification needed, 20 security assessment needed, 30 "
      "prohibited; 64 usage, 65 invalid manifest or list, 66 unreadable input, 70 internal "
      "error, 74 output error, 77 key or permission problem. 'verify' exits 0 valid, 1 invalid.\n\nRun 'dxcheck COMMAND --help' for a command's options and an "
      "example ('dxcheck help COMMAND' is the same).");
  std::map<CLI::App*, CommandRunner> runners;
  auto add = [&](CommandRunner (*reg)(CLI::App*), const char* name) {
    CommandRunner r = reg(&app);
    runners[app.get_subcommand(name)] = std::move(r);
  };
  add(RegisterCheck, "check");
  add(RegisterValidate, "validate");
  add(RegisterLists, "lists");
  add(RegisterKeygen, "keygen");
  add(RegisterVerify, "verify");
  add(RegisterExplain, "explain");
  add(RegisterTest, "test");
  add(RegisterDiff, "diff");
  add(RegisterInit, "init");
  add(RegisterLedger, "ledger");
  RegisterServeEntry(&app);  // listed here, run by dxcheck-serve
  add(RegisterForms, "forms");
  if (std::optional<int> done = ParseArguments(app, argc, argv)) return *done;
  for (auto& [cmd, run] : runners) {
    if (cmd->parsed()) return FinishOutput(run());
  }
  return kExitUsage;
}
