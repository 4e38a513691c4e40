// DataArgs: the `--data [DIR]` and `--person-key FILE` options that check,
// verify and dxbundle pack/verify share (spec/data.md "Command line").
//
// `--data` takes an optional value, and CLI11 gives it the next word: in
// `check --data M.json` that word is the manifest, not a directory. So every
// command calls ClaimPositional after parsing: when its one positional
// argument is missing and --data took a word that is not a directory, that
// word was the positional, and DIR is the default. These forms all work:
//   check M.json --data            check --data M.json       (DIR: M.json's directory)
//   check M.json --data DIR        check --data DIR M.json   check --data=DIR M.json
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

  // `dir_required`: the command has no manifest file whose directory is the
  // default (dxbundle verify: the manifest is inside the bundle).
  // `with_person_key`: also --person-key (tokens are for the ledger: check).
  void AddTo(CLI::App* cmd, bool dir_required = false, bool with_person_key = true);
  bool given() const { return option != nullptr && option->count() > 0; }
  // The fix-up described above. `*positional` is the command's positional
  // argument ("" when it was not given); it takes --data's word when that
  // word is not a directory. False (after printing why, exit 64) when the
  // positional is missing all the same.
  bool ClaimPositional(std::string* positional, const char* what);
  // Fills `out` (the data directory defaulting to the manifest's) and loads
  // the person key. False after printing why, with `*exit_code` set (64: a
  // person key without --data, or no DIR where one is required; 66/77: the
  // key file).
  bool Prepare(const std::string& manifest, DataOptions* out, std::unique_ptr<PersonKey>* key,
               int* exit_code) const;

 private:
  bool dir_required_ = false;
};

}  // namespace dxcheck

#endif  // DXCHECK_CLI_DATA_ARGS_H_
