// DataArgs: the `--data [DIR]` and `--person-key FILE` options that check,
// verify and dxbundle pack share (spec/data.md "Command line").
#ifndef DXCHECK_CLI_DATA_ARGS_H_
#define DXCHECK_CLI_DATA_ARGS_H_

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "checker/data/data_scan.h"
#include "checker/data/person_table.h"

namespace dxcheck {

struct DataArgs {
  std::string dir;         // --data's value; "" = the manifest's directory
  std::string person_key;  // --person-key FILE
  CLI::Option* option = nullptr;

  void AddTo(CLI::App* cmd);
  bool given() const { return option != nullptr && option->count() > 0; }
  // Fills `out` (the data directory defaulting to the manifest's) and loads
  // the person key. False after printing why, with `*exit_code` set (64: a
  // person key without --data; 66/77: the key file).
  bool Prepare(const std::string& manifest, DataOptions* out, std::unique_ptr<PersonKey>* key,
               int* exit_code) const;
};

}  // namespace dxcheck

#endif  // DXCHECK_CLI_DATA_ARGS_H_
