#include "checker/cli/data_args.h"

#include <iostream>

#include "checker/cli/exit_status.h"

namespace dxcheck {

void DataArgs::AddTo(CLI::App* cmd) {
  option = cmd->add_option("--data", dir,
                           "read the data files the manifest lists, under DIR (default: the "
                           "manifest's directory), and decide on what is measured: sizes and "
                           "sha256, columns, content, persons (spec: docs/data.md). Put it after "
                           "MANIFEST or write --data=DIR")
               ->expected(0, 1)
               ->type_name("[DIR]");
  cmd->add_option("--person-key", person_key,
                  "with --data: make a token of each person (HMAC-SHA256 with this secret of 32 "
                  "bytes or more, mode 0600) for the ledger; never written out")
      ->type_name("FILE");
}

bool DataArgs::Prepare(const std::string& manifest, DataOptions* out,
                       std::unique_ptr<PersonKey>* key, int* exit_code) const {
  if (!given()) {
    if (!person_key.empty()) {
      std::cerr << "dxcheck: --person-key goes with --data: persons are only counted from data\n";
      *exit_code = kExitUsage;
      return false;
    }
    return true;
  }
  out->dir = dir;
  if (out->dir.empty()) {
    size_t slash = manifest.rfind('/');
    out->dir = slash == std::string::npos ? "." : manifest.substr(0, slash == 0 ? 1 : slash);
  }
  if (!person_key.empty()) {
    Result<PersonKey> k = PersonKey::Load(person_key);
    if (!k.ok()) {
      std::cerr << "dxcheck: " << person_key << ": " << k.status().message() << "\n";
      *exit_code = ExitFromStatus(k.status());
      return false;
    }
    *key = std::make_unique<PersonKey>(std::move(k).value());
    out->person_key = key->get();
  }
  return true;
}

}  // namespace dxcheck
