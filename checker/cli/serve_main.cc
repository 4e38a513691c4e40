// dxcheck-serve: `dxcheck serve`, the HTTP decision service, in an executable
// of its own so that only the service loads the HTTP stack (serve_launcher.h).
// dxcheck execs it for `dxcheck serve ...`; it parses the same command line
// (`serve` first) and names itself dxcheck in usage and messages.
#include <iostream>

#include "CLI/CLI.hpp"
#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/exit_status.h"

int main(int argc, char** argv) {
  using namespace dxcheck;
  CLI::App app{"dxcheck serve — the HTTP decision service of dxcheck", "dxcheck"};
  app.require_subcommand(1);
  CommandRunner run = RegisterServe(&app);
  if (std::optional<int> done = ParseArguments(app, argc, argv)) return *done;
  return FinishOutput(run());
}
