// The dxcheck subcommands. Each Register* adds its subcommand to the app and
// returns the function that runs it after parsing (returning the exit code).
#ifndef DXCHECK_CLI_COMMANDS_H_
#define DXCHECK_CLI_COMMANDS_H_

#include <functional>

#include "CLI/CLI.hpp"

namespace dxcheck {

using CommandRunner = std::function<int()>;

CommandRunner RegisterCheck(CLI::App* app);
CommandRunner RegisterValidate(CLI::App* app);
CommandRunner RegisterLists(CLI::App* app);
CommandRunner RegisterKeygen(CLI::App* app);
CommandRunner RegisterVerify(CLI::App* app);
CommandRunner RegisterExplain(CLI::App* app);
CommandRunner RegisterTest(CLI::App* app);
CommandRunner RegisterDiff(CLI::App* app);
CommandRunner RegisterInit(CLI::App* app);
CommandRunner RegisterLedger(CLI::App* app);
CommandRunner RegisterServe(CLI::App* app);
CommandRunner RegisterForms(CLI::App* app);

}  // namespace dxcheck

#endif  // DXCHECK_CLI_COMMANDS_H_
