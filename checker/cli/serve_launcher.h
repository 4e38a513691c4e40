// `dxcheck serve` runs in its own executable, dxcheck-serve, installed next to
// dxcheck: the HTTP stack (cpp-httplib with libssl and Brotli) is then loaded
// by the service alone, not by every `dxcheck check` (its start-up cost is
// measured in bench/README.md). dxcheck replaces itself with dxcheck-serve
// (execv, same process id, so signals and exit codes are the service's own)
// for `dxcheck serve ...` and `dxcheck help serve`.
#ifndef DXCHECK_CLI_SERVE_LAUNCHER_H_
#define DXCHECK_CLI_SERVE_LAUNCHER_H_

#include "CLI/CLI.hpp"

namespace dxcheck {

// The serve subcommand's one-line description, in both executables.
constexpr const char kServeDescription[] =
    "Run the HTTP decision service: POST /v1/check answers with the decision";

// The executable `dxcheck serve` runs, in the directory of dxcheck's own.
constexpr const char kServeExecutable[] = "dxcheck-serve";

// The serve subcommand as `dxcheck --help` lists it; its options are
// dxcheck-serve's (dxcheck serve --help).
void RegisterServeEntry(CLI::App* app);

// When argv asks for serve, execs dxcheck-serve with the same arguments and
// returns only if that fails (with the exit code, after saying why on
// stderr). Returns -1 when argv is not a serve command.
int ExecServeIfAsked(int argc, char** argv);

}  // namespace dxcheck

#endif  // DXCHECK_CLI_SERVE_LAUNCHER_H_
