// What every dxcheck command shares: finding and loading the rule set,
// printing diagnostics, today's date in Asia/Shanghai, terminal detection.
// This layer (checker/cli) is the only code that talks to the terminal.
#ifndef DXCHECK_CLI_CLI_COMMON_H_
#define DXCHECK_CLI_CLI_COMMON_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "checker/attest/keys.h"
#include "checker/base/date.h"
#include "checker/base/diagnostic.h"
#include "checker/eval/decision.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {

// The name error messages start with ("dxcheck: ..."); dxbundle sets its own.
void SetProgramName(const char* name);
const char* ProgramName();

// True when `path` names a directory (following a symlink).
bool IsDirectory(const std::string& path);

// A validator accepting one of `allowed`, for options whose type_name already
// shows the choices ("json|text"): CLI11's IsMember would print them twice
// ("json|text:{json,text}").
CLI::Validator OneOf(std::vector<std::string> allowed);

// What every program does before CLI11 parses its arguments: `PROG help`
// and `PROG help COMMAND` print that help (exit 0); an unknown command
// ("chekc") is a usage error (64) that names the nearest command. Returns the
// exit code when it handled the arguments, nullopt to go on parsing.
std::optional<int> HandleHelpOrUnknownCommand(CLI::App& app, int argc, char** argv);
// HandleHelpOrUnknownCommand, then CLI11's parse: the exit code when the
// program is done (help printed: 0; a usage error: 64, where CLI11's own
// codes are above 100), nullopt to run the parsed command.
std::optional<int> ParseArguments(CLI::App& app, int argc, char** argv);

// Options shared by commands that load a rule set.
struct RuleOptions {
  std::string rules_dir;            // --rules
  std::vector<std::string> lists;  // --list, repeatable
  void AddTo(CLI::App* cmd);
};

// The rules directory: --rules, else $DXCHECK_RULES, else share/dxcheck/rules
// next to the installed binary, else rules/ of the source tree it was built from.
std::string ResolveRulesDir(const std::string& flag);

// Loads the rule set, printing diagnostics to stderr. On failure sets
// `*exit_code` (65 invalid, 66 unreadable) and returns nullptr.
std::unique_ptr<RuleSet> LoadRulesOrReport(const RuleOptions& opts, int* exit_code);

// Prints diagnostics to stderr, one per line.
void PrintDiagnostics(const DiagnosticList& diags);

// Prints a decision's warnings to stderr, one per line, in the diagnostic form
// ("FILE: warning[CODE]: /pointer: message"), leaving out those already in
// `printed` (the loader's warnings, which the decision carries too).
void PrintDecisionWarnings(const std::string& file, const Decision& decision,
                           const DiagnosticList& printed);

// Today in Asia/Shanghai (UTC+8, no DST since 1991).
Date TodayInShanghai();

// Parses --at; prints a usage error and returns nullopt when malformed.
std::optional<Date> ParseAtOption(const std::string& value);
// --at when given, else today in Asia/Shanghai; nullopt (after printing why)
// when malformed.
std::optional<Date> AtOrToday(const std::string& value);

// The whole file, or nullopt after printing why and setting `*exit_code`
// (66 unreadable, 65 too large, 74 I/O error).
std::optional<std::string> ReadFileOrReport(const std::string& path, int* exit_code,
                                            size_t max_bytes = 64u << 20);

// True when stdout is a terminal that wants colour (NO_COLOR unset, TERM not dumb).
bool StdoutWantsColor();

// How a private key's passphrase is given: never on the command line.
struct PassphraseOptions {
  std::string env;   // --passphrase-env VAR
  std::string file;  // --passphrase-file FILE
  void AddTo(CLI::App* cmd);
};

// The passphrase the options name ("" when none), or nullopt after printing
// why it cannot be had. `require_non_empty` (keygen) also refuses an empty one.
std::optional<std::string> ReadPassphraseOrReport(const PassphraseOptions& p, bool require_non_empty,
                                                  int* exit_code);

// Loads the public keys of `paths` and of every *.pub / *.pem in `trust_dir`
// (if given) into `out`. On failure prints why, sets `*exit_code` (66
// unreadable, 77 not a usable public key) and returns false. An empty result
// is not an error here: callers say what they need.
bool LoadTrustedKeysOrReport(const std::vector<std::string>& paths, const std::string& trust_dir,
                             std::vector<std::unique_ptr<Key>>* out, int* exit_code);

// Reads the CA roots of `--ca FILE` (PEM certificates). On failure prints
// why, sets `*exit_code` (66 unreadable; 77 when it holds no certificate or
// one does not parse: trust material that cannot be used, like a bad key)
// and returns nullopt. An empty file is such a failure, never "no --ca".
std::optional<std::string> ReadCaRootsOrReport(const std::string& path, int* exit_code);

// Reads a private key for signing: refuses (77) a key file readable by group
// or others, or an unusable key; 66 when it cannot be read. Prints why.
std::unique_ptr<Key> LoadSigningKeyOrReport(const std::string& path, const PassphraseOptions& p,
                                            int* exit_code);

// Writes `text` to `out_path` (atomically, base/file_io.h: never over one of
// `inputs`, a key or a non-regular file) or to stdout when empty. Returns the
// exit code: 0, or 74 after printing why writing failed.
int WriteOutput(const std::string& out_path, const std::string& text,
                const std::vector<std::string>& inputs = {});

// The files a command read and must never overwrite: `files` (empty names
// skipped) and every file `rules` was loaded from.
std::vector<std::string> InputFiles(std::vector<std::string> files, const RuleSet* rules);

// What main returns: `code`, unless what was written to stdout did not get
// out (a full disk, a closed pipe): then 74, after saying so.
int FinishOutput(int code);

}  // namespace dxcheck

#endif  // DXCHECK_CLI_CLI_COMMON_H_
