// ScanData: `check --data` reads every file a manifest lists (spec/data.md).
//
// Per resource: the path confined to the data directory (data_path.h), the
// file streamed once for its size and SHA-256 (compared with `bytes` and
// `hash`), and for the formats read its columns compared with the schema,
// each column's values tested by the code list's content detectors on a
// deterministic sample (column_sample.h: every value of a column of up to
// 8,192), the
// counting-key values turned into person tokens (person_table.h) and the rows
// counted (compared with `dxcheck.records`). What needs the classified fields
// — persons by sensitivity, the measured counts against the declared ones —
// is rules/measured_counts.h. No value read is ever put into a diagnostic or
// a result: only counts, column names, positions and detector names.
#ifndef DXCHECK_DATA_DATA_SCAN_H_
#define DXCHECK_DATA_DATA_SCAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/base/status.h"
#include "checker/categories/category_list.h"
#include "checker/data/person_table.h"
#include "checker/data/share_count.h"
#include "checker/manifest/manifest.h"

namespace dxcheck {

struct DataOptions {
  std::string dir;                       // resource paths resolve against it
  const PersonKey* person_key = nullptr;  // tokens are HMACs when set
};

// A detector that fired on a field's column: the field gets `category` with
// source "content".
struct ContentFinding {
  const Field* field = nullptr;  // into the Manifest
  std::string detector, category;
  uint64_t matched = 0, values = 0;        // in the column's sample, the count it fired on
  ShareCount count = ShareCount::kValues;  // which count fired (share_count.h)
  uint64_t claimed = 0;                    // kRecognised only
  unsigned sample_level = 0;  // the sample is one row in 2^sample_level (0: every value)
};

struct ResourceScan {
  std::string name, path, format, sha256;  // sha256: measured, hex
  uint64_t bytes = 0;                      // measured
  bool read = false;                       // the format was parsed, not only hashed
  uint64_t rows = 0;
  size_t columns = 0;
  bool has_counting_key = false;  // a column is subjects.countingKey (or VCF samples)
  uint64_t keyless_rows = 0;      // rows with a counting-key column but no key value in it
  bool vcf = false;               // sample ids are persons
  uint64_t samples = 0;           // VCF/BCF sample columns
  uint64_t sampled_columns = 0;   // columns whose content was tested on a sample, not whole
};

struct DataScan {
  std::vector<ResourceScan> resources;  // parallel to Manifest::resources
  std::vector<ContentFinding> content;
  PersonTable persons;                  // by resource index
  std::vector<bool> vcf;                // per resource: its persons are sequencing subjects
  bool tokens_keyed = false;            // persons' tokens are --person-key HMACs
};

// The format a resource is read as: its `format`, else its path's extension
// ("csv", "tsv", "xpt", "sas7bdat", "sav", "dta", "vcf", "bcf", "jsonl"); ""
// when neither says.
std::string DataFormat(const Resource& r);

// Reads every resource of `m` under `options.dir`. Data problems go to `sink`
// (E16xx, W-MISSING-COLUMN, W-NOT-READ) with the data file's path and the
// manifest pointer they concern; the result is still returned so that every
// problem of a run is reported. InvalidInput for a path that escapes the
// directory, NotFound for a missing or unreadable file (both also reported).
Result<DataScan> ScanData(const Manifest& m, const CategoryList& categories,
                          const DataOptions& options, DiagnosticSink* sink);

}  // namespace dxcheck

#endif  // DXCHECK_DATA_DATA_SCAN_H_
