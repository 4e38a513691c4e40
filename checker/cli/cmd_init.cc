// `dxcheck init DIR`: a first manifest for a folder of data files — one
// resource per file with its size, sha256 and (where dxcheck reads the
// format) its columns; the compliance keys left as "TODO: ..." for a person.
#include <iostream>
#include <memory>

#include "checker/authoring/manifest_scaffold.h"
#include "checker/base/printable.h"
#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/exit_status.h"

namespace dxcheck {
namespace {

struct InitArgs {
  std::string dir;
  std::string out;
  std::string name;
};

int RunInit(const InitArgs& a) {
  ScaffoldOptions options;
  options.name = a.name;
  Result<Scaffold> s = ScaffoldManifest(a.dir, options);
  if (!s.ok()) {
    std::cerr << "dxcheck: " << Printable(s.status().message()) << "\n";
    return ExitFromStatus(s.status());
  }
  int w = WriteOutput(a.out, s->json);
  if (w != 0) return w;
  size_t read = 0;
  for (const ScaffoldFile& f : s->files) {
    if (!f.columns.empty()) ++read;
    if (!f.note.empty()) std::cerr << "dxcheck: " << Printable(f.path) << ": " << Printable(f.note) << "\n";
  }
  std::cerr << "dxcheck: " << s->files.size() << " resource(s), columns read from " << read
            << "; fill in every \"TODO:\" (dxcheck validate lists them), tag fields with "
               "dxcheck.categories where patterns do not classify them (dxcheck lists --codes), "
               "then: dxcheck check " << (a.out.empty() ? "MANIFEST" : Printable(a.out))
            << " --data\n";
  return kExitOk;
}

}  // namespace

CommandRunner RegisterInit(CLI::App* app) {
  auto args = std::make_shared<InitArgs>();
  CLI::App* cmd = app->add_subcommand(
      "init", "Write a first manifest for a folder of data files (one resource per file; the "
              "compliance keys left for a person to fill in)");
  cmd->add_option("dir", args->dir, "the folder of the transfer's data files")
      ->required()
      ->type_name("DIR");
  cmd->add_option("--out", args->out, "write the manifest to FILE instead of stdout (put it in DIR "
                                      "as datapackage.json: paths are relative to DIR)")
      ->type_name("FILE");
  cmd->add_option("--name", args->name, "the package name (default: from the folder's name)")
      ->type_name("NAME");
  cmd->footer(
      "Every regular file below DIR (dot files and datapackage.json left out) becomes a resource "
      "with its format, bytes and sha256; CSV/TSV headers, SAS/SPSS/Stata variables, VCF "
      "INFO/FORMAT keys and JSON Lines keys become the fields. A CSV/TSV whose first row looks "
      "like data (an ID number, a number or date, a value shaped like the one below it, or "
      "every value so) is taken as having no header: its fields are column_1, column_2, ... "
      "with dialect.header false. A name that looks like a value (S-001) is written as "
      "column_N. These are guesses: check the fields before you rely on them. Keys a person "
      "must decide (exporter, recipients, scenario, purpose, date, counts) are \"TODO: ...\" strings that validate rejects, so a "
      "scaffold never passes the gate by itself.\n"
      "Example:\n"
      "  dxcheck init export/ --out export/datapackage.json && dxcheck validate export/datapackage.json\n\n"
      "Exit codes: 0 written; 64 usage; 65 too many files; 66 DIR unreadable; 74 cannot write.");
  return [args] { return RunInit(*args); };
}

}  // namespace dxcheck
