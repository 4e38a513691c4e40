#include "checker/cli/cli_common.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <set>
#include <unordered_set>

#include "checker/attest/x509.h"
#include "checker/base/file_io.h"
#include "checker/base/object_reader.h"
#include "checker/base/printable.h"
#include "checker/cli/exit_status.h"
#include "checker/cli/ledger_cli.h"

namespace dxcheck {
namespace {

const char* program_name = "dxcheck";

std::string ExeDir() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "";
  std::string path(buf, static_cast<size_t>(n));
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace

bool IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

void SetProgramName(const char* name) { program_name = name; }

// Declared in ledger_cli.h; here because dxcheck and dxcheck-serve both read it.
bool LedgerUrl(const std::string& flag, std::string* url) {
  url->clear();
  if (!flag.empty()) {
    *url = flag;
    return true;
  }
  const char* env = std::getenv("DXCHECK_LEDGER");
  if (env == nullptr) return true;
  if (std::string_view(env).find_first_not_of(" \t\r\n") == std::string_view::npos) {
    std::cerr << ProgramName() << ": DXCHECK_LEDGER is set but empty: give it a ledger URL "
                 "(sqlite:PATH or postgresql://…), or unset it to check without a ledger\n";
    return false;
  }
  *url = env;
  return true;
}
const char* ProgramName() { return program_name; }

void RuleOptions::AddTo(CLI::App* cmd) {
  cmd->add_option("--rules", rules_dir,
                  "rules directory (categories.json + lists); default: $DXCHECK_RULES, the "
                  "installed share/dxcheck/rules, or the source tree's rules/")
      ->type_name("DIR");
  cmd->add_option("--list", lists, "add a list file, or replace the loaded list with its id "
                                   "(repeatable)")
      ->type_name("FILE");
}

std::string ResolveRulesDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("DXCHECK_RULES"); env != nullptr && *env != '\0') return env;
  std::string exe = ExeDir();
  if (!exe.empty()) {
    if (IsDirectory(exe + "/../share/dxcheck/rules")) return exe + "/../share/dxcheck/rules";
    if (IsDirectory(exe + "/rules")) return exe + "/rules";
  }
  return DXCHECK_SOURCE_RULES_DIR;
}

std::unique_ptr<RuleSet> LoadRulesOrReport(const RuleOptions& opts, int* exit_code) {
  DiagnosticList diags;
  Result<RuleSet> rules = RuleSet::Load(ResolveRulesDir(opts.rules_dir), opts.lists, &diags);
  PrintDiagnostics(diags);
  if (!rules.ok()) {
    if (rules.status().code() != StatusCode::kInvalidInput || !diags.has_errors()) {
      std::cerr << ProgramName() << ": " << rules.status().message() << "\n";
    }
    *exit_code = ExitFromStatus(rules.status());
    return nullptr;
  }
  return std::make_unique<RuleSet>(std::move(rules).value());
}

void PrintDiagnostics(const DiagnosticList& diags) {
  std::cerr << diags.RenderAll();
}

namespace {

// Exit code after help went to stdout: 0, or 74 when it could not be written
// (a full disk, a closed pipe), as for any other output.
int HelpWritten() {
  std::cout.flush();
  if (std::cout.good()) return kExitOk;
  std::cerr << ProgramName() << ": cannot write the help to standard output\n";
  return kExitIoErr;
}

}  // namespace

std::optional<int> HandleHelpOrUnknownCommand(CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return std::nullopt;
  std::set<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.insert(sub->get_name());
  auto unknown = [&](const std::string& name) {
    std::string hint = NearestName(name, names);
    std::cerr << ProgramName() << ": unknown command \"" << Printable(name) << "\""
              << (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)") << "; the commands are";
    for (const std::string& n : names) std::cerr << " " << n;
    std::cerr << "; run '" << ProgramName() << " --help' for more\n";
    return kExitUsage;
  };
  std::string first = argv[1];
  if (first == "help") {
    if (argc == 2) {
      std::cout << app.help();
      return HelpWritten();
    }
    if (names.count(argv[2]) == 0) return unknown(argv[2]);
    std::cout << app.get_subcommand(argv[2])->help(app.get_name());
    return HelpWritten();
  }
  if (names.count(first) == 0) return unknown(first);
  return std::nullopt;
}

CLI::Validator OneOf(std::vector<std::string> allowed) {
  return CLI::Validator(
      [allowed](std::string& value) -> std::string {
        if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return "";
        std::string list;
        for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
        return "\"" + value + "\" is not one of " + list;
      },
      "");
}

void PrintDecisionWarnings(const std::string& file, const Decision& decision,
                           const DiagnosticList& printed) {
  auto key = [](std::string_view code, std::string_view pointer, std::string_view message) {
    std::string k;
    k.append(code).append(1, '\0').append(pointer).append(1, '\0').append(message);
    return k;
  };
  std::unordered_set<std::string> seen;
  for (const Diagnostic& p : printed.all()) seen.insert(key(p.code, p.json_pointer, p.message));
  for (const DecisionWarning& w : decision.warnings) {
    if (seen.count(key(w.code, w.pointer, w.message)) != 0) continue;
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.code = std::string(w.code);
    d.message = std::string(w.message);
    d.file = file;
    d.json_pointer = std::string(w.pointer);
    std::cerr << RenderDiagnostic(d) << "\n";
  }
}

Date TodayInShanghai() {
  long days = static_cast<long>((std::time(nullptr) + 8 * 3600) / 86400);
  return Date::FromDaysSinceEpoch(days);
}

std::optional<Date> ParseAtOption(const std::string& value) {
  std::optional<Date> d = Date::Parse(value);
  if (!d) {
    std::cerr << "dxcheck: --at \"" << value
              << "\" is not a date: expected YYYY-MM-DD, e.g. --at 2026-12-01\n";
  }
  return d;
}

std::optional<Date> AtOrToday(const std::string& value) {
  return value.empty() ? std::optional<Date>(TodayInShanghai()) : ParseAtOption(value);
}

std::optional<std::string> ReadFileOrReport(const std::string& path, int* exit_code,
                                            size_t max_bytes) {
  Result<std::string> bytes = ReadFile(path, max_bytes);
  if (!bytes.ok()) {
    std::cerr << ProgramName() << ": " << bytes.status().message() << "\n";
    *exit_code = ExitFromStatus(bytes.status());
    return std::nullopt;
  }
  return std::move(bytes).value();
}

bool StdoutWantsColor() {
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr && term != nullptr &&
         std::string(term) != "dumb";
}

void PassphraseOptions::AddTo(CLI::App* cmd) {
  cmd->add_option("--passphrase-env", env, "read the private key's passphrase from this "
                                           "environment variable")
      ->type_name("VAR");
  cmd->add_option("--passphrase-file", file, "read the private key's passphrase from the first "
                                             "line of FILE")
      ->type_name("FILE");
}

std::optional<std::string> ReadPassphraseOrReport(const PassphraseOptions& p, bool require_non_empty,
                                                  int* exit_code) {
  if (!p.env.empty()) {
    const char* v = std::getenv(p.env.c_str());
    if (v == nullptr || (require_non_empty && *v == '\0')) {
      std::cerr << "dxcheck: --passphrase-env " << p.env
                << (require_non_empty ? " is not set or empty\n" : ": the variable is not set\n");
      *exit_code = kExitUsage;
      return std::nullopt;
    }
    return std::string(v);
  }
  if (!p.file.empty()) {
    std::optional<std::string> s = ReadFileOrReport(p.file, exit_code, 4096);
    if (!s) return std::nullopt;
    return s->substr(0, s->find_first_of("\r\n"));
  }
  return std::string();
}

bool LoadTrustedKeysOrReport(const std::vector<std::string>& paths, const std::string& trust_dir,
                             std::vector<std::unique_ptr<Key>>* out, int* exit_code) {
  std::vector<std::string> all = paths;
  if (!trust_dir.empty()) {
    Result<std::vector<std::string>> files = ListFiles(trust_dir, {".pub", ".pem"});
    if (!files.ok()) {
      std::cerr << ProgramName() << ": " << files.status().message() << "\n";
      *exit_code = ExitFromStatus(files.status());
      return false;
    }
    all.insert(all.end(), files->begin(), files->end());
  }
  for (const std::string& path : all) {
    std::optional<std::string> pem = ReadFileOrReport(path, exit_code, 1 << 20);
    if (!pem) return false;
    Result<Key> k = Key::LoadPublicPem(*pem);
    if (!k.ok()) {
      std::cerr << ProgramName() << ": " << path << ": " << k.status().message() << "\n";
      *exit_code = kExitNoPerm;
      return false;
    }
    out->push_back(std::make_unique<Key>(std::move(k).value()));
  }
  return true;
}

std::optional<std::string> ReadCaRootsOrReport(const std::string& path, int* exit_code) {
  std::optional<std::string> pem = ReadFileOrReport(path, exit_code, 4 << 20);
  if (!pem) return std::nullopt;
  if (Result<std::vector<std::string>> roots = ReadCertificatesPem(*pem); !roots.ok()) {
    std::cerr << ProgramName() << ": " << Printable(path) << ": unusable --ca file: "
              << roots.status().message() << "\n";
    *exit_code = kExitNoPerm;
    return std::nullopt;
  }
  return pem;
}

std::unique_ptr<Key> LoadSigningKeyOrReport(const std::string& path, const PassphraseOptions& p,
                                            int* exit_code) {
  Result<std::string> pem = ReadFile(path, 1 << 20);
  if (!pem.ok()) {
    std::cerr << ProgramName() << ": " << pem.status().message() << "\n";
    *exit_code = ExitFromStatus(pem.status());
    return nullptr;
  }
  Status mode = CheckPrivateKeyMode(path);
  if (!mode.ok()) {
    std::cerr << ProgramName() << ": " << mode.message() << "\n";
    *exit_code = kExitNoPerm;
    return nullptr;
  }
  std::optional<std::string> pass = ReadPassphraseOrReport(p, false, exit_code);
  if (!pass) return nullptr;
  Result<Key> key = Key::LoadPrivatePem(*pem, *pass);
  if (!key.ok()) {
    std::cerr << ProgramName() << ": " << path << ": " << key.status().message() << "\n";
    *exit_code = kExitNoPerm;  // an unusable key is a key problem, whatever the cause
    return nullptr;
  }
  return std::make_unique<Key>(std::move(key).value());
}

int WriteOutput(const std::string& out_path, const std::string& text,
                const std::vector<std::string>& inputs) {
  if (out_path.empty()) {
    std::cout << text;
    std::cout.flush();
    if (!std::cout) {
      std::cerr << ProgramName() << ": writing to stdout failed\n";
      return kExitIoErr;
    }
    return kExitOk;
  }
  Status s = WriteFileAtomic(out_path, text, inputs);
  if (!s.ok()) {
    std::cerr << ProgramName() << ": " << s.message() << "\n";
    return kExitIoErr;
  }
  return kExitOk;
}

std::vector<std::string> InputFiles(std::vector<std::string> files, const RuleSet* rules) {
  if (rules != nullptr) {
    files.push_back(rules->categories_source().path);
    for (const RuleSet::Source& l : rules->list_sources()) files.push_back(l.path);
  }
  files.erase(std::remove(files.begin(), files.end(), std::string()), files.end());
  return files;
}

int FinishOutput(int code) {
  std::cout.flush();
  if (!std::cout) {
    // Reported once: WriteOutput has already said so when it saw the failure.
    if (code != kExitIoErr) std::cerr << ProgramName() << ": writing to stdout failed\n";
    return kExitIoErr;
  }
  return code;
}

std::optional<int> ParseArguments(CLI::App& app, int argc, char** argv) {
  // An empty value is never a choice: it is what "--sign \"$KEY\"" gives when
  // KEY is unset, and taking it for "not given" would write an unsigned
  // decision, evaluate today instead of --at, or check without the ledger,
  // and pass. So an empty word, or "--opt=", is refused before CLI11 sees it
  // (which takes "--data ''" for a bare --data, its value being optional);
  // no option of these tools splits a value into items, so no empty value
  // can reach an option another way.
  for (int i = 1; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word.empty()) {
      // Whether the word before takes a value is CLI11's to know; the
      // message names it without claiming either way.
      std::cerr << ProgramName() << ": argument " << i << " is empty"
                << (i > 1 && argv[i - 1][0] == '-' ? std::string(" (after ") + argv[i - 1] + ")" : "")
                << ": an empty option value or file name is never \"not given\" (an unset "
                   "variable?)\n";
      return kExitUsage;
    }
    if (word.size() > 3 && word.substr(0, 2) == "--" && word.back() == '=') {
      std::cerr << ProgramName() << ": " << word.substr(0, word.size() - 1)
                << " was given an empty value\n";
      return kExitUsage;
    }
  }
  if (std::optional<int> handled = HandleHelpOrUnknownCommand(app, argc, argv)) return handled;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? HelpWritten() : kExitUsage;
  }
  return std::nullopt;
}

}  // namespace dxcheck
