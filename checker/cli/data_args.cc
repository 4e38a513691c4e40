#include "checker/cli/data_args.h"

#include <iostream>

#include "checker/cli/cli_common.h"
#include "checker/cli/exit_status.h"

namespace dxcheck {

void DataArgs::AddTo(CLI::App* cmd, bool dir_required, bool with_person_key) {
  dir_required_ = dir_required;
  std::string help =
      dir_required
          ? "the directory holding the data files the bundled manifest lists: a decision signed "
            "with --data is reproduced only by reading them again (docs/data.md)"
          : "read the data files the manifest lists, under DIR (default: the manifest's "
            "directory), and decide on what is measured: sizes and sha256, columns, content, "
            "persons (docs/data.md). '--data M.json' with no other manifest reads M.json as the "
            "manifest; --data=DIR is never ambiguous";
  option = cmd->add_option("--data", dir, help)
               ->expected(dir_required ? 1 : 0, 1)
               ->type_name(dir_required ? "DIR" : "[DIR]");
  if (!with_person_key) return;
  cmd->add_option("--person-key", person_key,
                  "with --data: make a token of each person (HMAC-SHA256 with this secret of 32 "
                  "bytes or more, mode 0600) for the ledger; never written out")
      ->type_name("FILE");
}

bool DataArgs::ClaimPositional(std::string* positional, const char* what) {
  if (positional->empty() && given() && !dir.empty() && !dir_required_ && !IsDirectory(dir)) {
    *positional = dir;
    dir.clear();
  }
  if (positional->empty()) {
    std::cerr << ProgramName() << ": " << what << " is required"
              << (given() && !dir.empty() ? " (--data took \"" + dir + "\" as its directory)" : "")
              << "; run with --help for more\n";
    return false;
  }
  return true;
}

bool DataArgs::Prepare(const std::string& manifest, DataOptions* out,
                       std::unique_ptr<PersonKey>* key, int* exit_code) const {
  if (!given()) {
    if (!person_key.empty()) {
      std::cerr << ProgramName()
                << ": --person-key goes with --data: persons are only counted from data\n";
      *exit_code = kExitUsage;
      return false;
    }
    return true;
  }
  out->dir = dir;
  if (out->dir.empty() && dir_required_) {
    std::cerr << ProgramName() << ": --data needs DIR here: the data files are not bundled\n";
    *exit_code = kExitUsage;
    return false;
  }
  if (out->dir.empty()) {
    size_t slash = manifest.rfind('/');
    out->dir = slash == std::string::npos ? "." : manifest.substr(0, slash == 0 ? 1 : slash);
  }
  if (!person_key.empty()) {
    Result<PersonKey> k = PersonKey::Load(person_key);
    if (!k.ok()) {
      std::cerr << ProgramName() << ": " << person_key << ": " << k.status().message() << "\n";
      *exit_code = ExitFromStatus(k.status());
      return false;
    }
    *key = std::make_unique<PersonKey>(std::move(k).value());
    out->person_key = key->get();
  }
  return true;
}

}  // namespace dxcheck
