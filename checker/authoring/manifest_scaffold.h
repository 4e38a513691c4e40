// ScaffoldManifest: a first manifest for a folder of data files (`dxcheck
// init`), so a data engineer starts from the files rather than from a blank
// page.
//
// Every regular file below the folder (dot files and datapackage.json left
// out) becomes one resource with its name, relative path, format, size and
// sha256, read once by the data layer's streaming reader; the fields come
// from the columns the data layer can read (CSV/TSV headers, SAS/SPSS/Stata
// variables, VCF INFO/FORMAT keys, JSON Lines keys). A column name that
// looks like personal data itself is not copied: it becomes "column_N". A
// CSV/TSV whose first row looks like data (data/header_guess.h: a personal
// value, a number or date, the outline of the row below: "S-001" over
// "S-002", or every value so) is taken as a file without a header: every
// field is "column_N" and the resource gets dialect.header false, so none of
// that row's values (a name, a subject id) is written as a field name. These
// are guesses on shapes; a header-less row of names of varying lengths can
// still pass for a header. The compliance keys a person must decide (exporter,
// recipients, scenario, purpose, date, counts) are strings beginning "TODO:",
// which `dxcheck validate` rejects until they are filled in: a scaffold
// never passes the gate by itself.
#ifndef DXCHECK_AUTHORING_MANIFEST_SCAFFOLD_H_
#define DXCHECK_AUTHORING_MANIFEST_SCAFFOLD_H_

#include <string>
#include <vector>

#include "checker/base/status.h"

namespace dxcheck {

struct ScaffoldFile {
  std::string path;    // relative to the folder, '/'-separated
  std::string format;  // "csv", "xpt", "vcf", ... ("" when unknown)
  uint64_t bytes = 0;
  std::string sha256;
  std::vector<std::string> columns;  // empty when the format is not read
  std::string note;                  // why no columns were read, or how ("" when plainly)
  bool headerless = false;           // a CSV/TSV whose first row is data (dialect.header false)
};

struct Scaffold {
  std::vector<ScaffoldFile> files;
  std::string json;  // the manifest, pretty-printed, newline-terminated
};

struct ScaffoldOptions {
  std::string name;          // the package name; "" = from the folder's name
  size_t max_files = 10000;  // more is InvalidInput (a folder of data, not a disk)
};

// NotFound when `dir` is not a readable directory; InvalidInput past
// max_files; IoError when a file cannot be read.
Result<Scaffold> ScaffoldManifest(const std::string& dir, const ScaffoldOptions& options);

// A Frictionless resource name for `path` (lower-case letters, digits, "-",
// "_", "."): "SDTM/DM.xpt" -> "sdtm-dm".
std::string ResourceNameFor(const std::string& path);

}  // namespace dxcheck

#endif  // DXCHECK_AUTHORING_MANIFEST_SCAFFOLD_H_
