// ScanVisitor: what ScanData (data_scan.h) does with the columns, rows and
// values a reader of one resource hands it (table_reader.h): the columns
// compared with the schema, the rows counted, each column's sample
// (column_sample.h) tested by the content detectors, the counting-key values
// turned into person tokens for the person table. No value is ever put into
// a diagnostic: only column names (not even those, when a name looks like a
// personal value), counts and detector names.
#ifndef DXCHECK_DATA_SCAN_VISITOR_H_
#define DXCHECK_DATA_SCAN_VISITOR_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/base/status.h"
#include "checker/categories/category_list.h"
#include "checker/data/column_sample.h"
#include "checker/data/data_scan.h"
#include "checker/data/table_reader.h"
#include "checker/manifest/manifest.h"

namespace dxcheck {

// Reports a problem of the data: `file` is the data file or the manifest,
// `pointer` the manifest member it concerns (ScanData and ScanVisitor).
void ReportAt(DiagnosticSink* sink, Severity sev, const std::string& code, const std::string& file,
              std::string_view pointer, const std::string& message);

class ScanVisitor : public TableVisitor {
 public:
  // Resource `r` (index `index` in `m`), read from `file` (the name shown in
  // diagnostics); SAS, SPSS and Stata column names compare case-insensitively.
  ScanVisitor(const Manifest& m, const Resource& r, const std::string& file, unsigned index,
              bool case_insensitive, const CategoryList& categories, const DataOptions& o,
              DataScan* scan, ResourceScan* rs, DiagnosticSink* sink);

  // TableVisitor. Columns is called once, or again with a longer list whose
  // first names are those already seen (JSON Lines: a later line adds keys).
  Status Columns(const std::vector<std::string>& names, bool by_position) override;
  void Cell(size_t column, std::string_view v) override;
  void CellParts(size_t column, const std::vector<std::string_view>& parts) override;
  void RowEnd() override;
  // The CSV bulk path: the counting key always, other values only in the
  // rows a column's sample wants (most rows: none; RowWants then asks for
  // the key alone).
  size_t RowWants() const override;
  void Row(const DelimitedRow& row) override;
  void Person(std::string_view id) override;
  size_t KeyColumn() const override { return key_columns_.empty() ? SIZE_MAX : key_columns_[0]; }

  // After the file: the persons of the last batch into the table.
  void FlushPersons();
  // After the file (once every column is known): schema fields it lacks.
  void ReportMissingColumns();
  // After the file: the detectors that fired, per field.
  void Finish();

 private:
  bool DeclaredNonPersonal(const Field& f) const;
  bool IsKeyColumn(size_t column) const;
  void Report(Severity sev, const char* code, std::string_view pointer, const std::string& msg);

  const Manifest& m_;
  const Resource& r_;
  std::string file_;
  unsigned index_;
  bool ci_;
  const std::vector<ContentDetector>* detectors_;
  const CategoryList& categories_;
  const DataOptions& o_;
  DataScan* scan_;
  ResourceScan* rs_;
  DiagnosticSink* sink_;
  std::vector<const Field*> fields_;
  std::vector<bool> seen_;  // per schema field: a column of the file
  bool by_position_ = false, columns_known_ = false, undescribed_reported_ = false;
  std::vector<ColumnDetectors> columns_;
  uint64_t seed_;           // the resource's sampling key
  unsigned level_;          // of the current row
  unsigned min_level_ = 0;  // the least level of a column: rows below it test nothing
  std::vector<size_t> key_columns_;   // the counting-key columns (a schema may name it twice)
  bool row_has_person_ = false;       // the current row gave a key value
  static constexpr size_t kBatch = 64;  // the table prefetches a batch's slots together
  std::array<PersonToken, kBatch> batch_;
  size_t batched_ = 0;
};

}  // namespace dxcheck

#endif  // DXCHECK_DATA_SCAN_VISITOR_H_
