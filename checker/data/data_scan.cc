#include "checker/data/data_scan.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include "checker/data/column_sample.h"
#include "checker/data/csv_reader.h"
#include "checker/data/data_path.h"
#include "checker/data/detectors.h"
#include "checker/data/jsonl_reader.h"
#include "checker/data/stat_reader.h"
#include "checker/data/table_reader.h"

namespace dxcheck {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A column name that a detector matches may be a value (a file without a
// header read as if it had one): such a name is never shown.
std::string ShowColumn(const std::string& name, size_t index) {
  bool looks_personal = IsResidentIdNumber(name) || IsMainlandMobile(name) ||
                        IsEmailAddress(name) || IsBankCardNumber(name) || name.size() > 128;
  std::string pos = "column " + std::to_string(index + 1);
  return looks_personal ? pos + " (its name looks like a personal value and is not shown)"
                        : "column \"" + name + "\" (" + pos + ")";
}

// Counts rows, tests the values of each column's sample (column_sample.h)
// and records persons for one resource.
class ScanVisitor : public TableVisitor {
 public:
  ScanVisitor(const Manifest& m, const Resource& r, const std::string& file, unsigned index,
              bool case_insensitive, const std::vector<ContentDetector>* detectors,
              const DataOptions& o, DataScan* scan, ResourceScan* rs, DiagnosticSink* sink)
      : m_(m), r_(r), file_(file), index_(index), ci_(case_insensitive), detectors_(detectors),
        o_(o), scan_(scan), rs_(rs), sink_(sink), seed_(SampleSeed(r.hash)),
        level_(RowLevel(seed_, 0)) {}

  // Called once, or again with a longer list whose first names are those
  // already seen (JSON Lines: a later line adds keys).
  Status Columns(const std::vector<std::string>& names, bool by_position) override {
    size_t from = fields_.size();
    rs_->columns = names.size();
    fields_.resize(names.size(), nullptr);
    seen_.resize(r_.fields.size(), false);
    by_position_ = by_position;
    for (size_t i = from; i < names.size(); ++i) {
      for (size_t f = 0; f < r_.fields.size(); ++f) {
        bool same = by_position ? f == i
                                : (ci_ ? Lower(names[i]) == Lower(r_.fields[f].name)
                                       : names[i] == r_.fields[f].name);
        if (same && !seen_[f]) {
          fields_[i] = &r_.fields[f];
          seen_[f] = true;
          break;
        }
      }
      if (fields_[i] == nullptr && r_.has_schema) {
        Report(Severity::kError, "E1605", r_.pointer + "/schema/fields",
               ShowColumn(names[i], i) + " is not a field of the resource's schema: data would "
               "leave undeclared");
      }
      const std::string& key = m_.subjects.counting_key.value_or("");
      if (!key.empty() && fields_[i] != nullptr && fields_[i]->name == key) key_column_ = i;
    }
    if (!r_.has_schema && !names.empty() && !undescribed_reported_) {
      // spec/data.md: every column of the file must be a field of the
      // resource's schema. Without a schema none is, whatever the columns.
      undescribed_reported_ = true;
      Report(Severity::kError, "E1605", r_.pointer,
             "the resource has no schema, so none of the file's columns (" +
                 std::to_string(names.size()) + " read) is described: data would leave "
                 "undeclared; describe them in schema.fields");
    }
    rs_->has_counting_key = rs_->has_counting_key || key_column_ != SIZE_MAX;
    for (size_t i = from; i < names.size(); ++i) columns_.emplace_back(detectors_);
    columns_known_ = true;
    return Status::Ok();
  }

  // After the file (once every column is known): schema fields it lacks.
  void ReportMissingColumns() {
    if (!columns_known_) return;
    seen_.resize(r_.fields.size(), false);
    for (size_t f = 0; f < r_.fields.size(); ++f) {
      if (!seen_[f] && !(rs_->vcf && by_position_)) {
        Report(Severity::kWarning, "W-MISSING-COLUMN", r_.fields[f].pointer,
               "field \"" + r_.fields[f].name + "\" of the schema is not a column of the file");
      }
    }
  }

  void Cell(size_t column, std::string_view v) override {
    if (column >= columns_.size()) return;
    if (columns_[column].Wants(level_)) columns_[column].Add(v, level_);
    if (column == key_column_) Person(v);
  }

  void RowEnd() override { level_ = RowLevel(seed_, ++rs_->rows); }

  size_t RowWants() const override {
    // No column's sample wants the row: only the counting key, if any.
    if (level_ >= min_level_) return DelimitedRow::kEvery;
    return key_column_ == SIZE_MAX ? DelimitedRow::kNone : key_column_;
  }

  // The CSV bulk path: the counting key always, other values only in the
  // rows a column's sample wants (most rows: none; RowWants then asks for
  // the key alone).
  void Row(const DelimitedRow& row) override {
    size_t n = std::min(row.size(), columns_.size());
    if (key_column_ < n && row.has(key_column_)) Person(row[key_column_]);
    if (level_ >= min_level_ && row.complete()) {
      unsigned least = kLevels;
      for (size_t i = 0; i < n; ++i) {
        ColumnDetectors& c = columns_[i];
        if (c.Wants(level_)) c.Add(row[i], level_);
        least = std::min(least, c.level());
      }
      // Columns past the row's end keep their level (they got no value).
      for (size_t i = n; i < columns_.size(); ++i) least = std::min(least, columns_[i].level());
      min_level_ = least;
    }
    RowEnd();
  }

  void Person(std::string_view id) override {
    while (!id.empty() && (id.front() == ' ' || id.front() == '\t')) id.remove_prefix(1);
    while (!id.empty() && (id.back() == ' ' || id.back() == '\t' || id.back() == '\r')) {
      id.remove_suffix(1);
    }
    if (id.empty()) return;
    batch_[batched_++] = o_.person_key ? o_.person_key->Token(id) : CountingToken(id);
    if (batched_ == kBatch) FlushPersons();
  }

  // Hands the persons gathered so far to the table (in batches: its probes
  // are prefetched together). Called when the file has been read.
  void FlushPersons() {
    scan_->persons.Add(batch_.data(), batched_, index_);
    batched_ = 0;
  }

  // After the file: the detectors that fired, per field.
  void Finish() {
    for (size_t i = 0; i < columns_.size(); ++i) {
      const ColumnDetectors& c = columns_[i];
      if (c.sampled()) ++rs_->sampled_columns;
      for (size_t d = 0; d < detectors_->size(); ++d) {
        if (!c.Fires(d)) continue;
        const ContentDetector& det = (*detectors_)[d];
        std::string counts =
            std::to_string(c.matched(d)) + " of " + std::to_string(c.values()) +
            (c.sampled() ? " sampled values (the column's sample: one row in " +
                               std::to_string(uint64_t{1} << c.level()) + ")"
                         : " values") +
            " match the " + det.detector + " detector (" + det.category + ")";
        const Field* f = fields_[i];
        if (f == nullptr) continue;  // already an error (undeclared), or no schema
        if (f->tagged && DeclaredNonPersonal(*f)) {
          Report(Severity::kError, "E1607", f->pointer + "/dxcheck/categories",
                 "field \"" + f->name + "\" is declared not personal (" + Join(f->categories) +
                     ") but " + counts + ": the declaration is contradicted by the data");
          continue;
        }
        scan_->content.push_back(
            {f, det.detector, det.category, c.matched(d), c.values(), c.level()});
      }
    }
  }

  void SetCategories(const CategoryList* c) { categories_ = c; }

 private:
  bool DeclaredNonPersonal(const Field& f) const {
    for (const std::string& code : f.categories) {
      const Category* c = categories_ ? categories_->Resolve(code) : nullptr;
      if (c == nullptr || c->personal) return false;
    }
    return true;
  }
  static std::string Join(const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  }
  void Report(Severity sev, const char* code, const std::string& pointer, const std::string& msg) {
    Diagnostic d;
    d.severity = sev;
    d.code = code;
    d.file = file_;
    d.json_pointer = pointer;
    d.message = msg;
    sink_->Report(d);
  }

  const Manifest& m_;
  const Resource& r_;
  std::string file_;
  unsigned index_;
  bool ci_;
  const std::vector<ContentDetector>* detectors_;
  const DataOptions& o_;
  DataScan* scan_;
  ResourceScan* rs_;
  DiagnosticSink* sink_;
  const CategoryList* categories_ = nullptr;
  std::vector<const Field*> fields_;
  std::vector<bool> seen_;  // per schema field: a column of the file
  bool by_position_ = false, columns_known_ = false, undescribed_reported_ = false;
  std::vector<ColumnDetectors> columns_;
  uint64_t seed_;          // the resource's sampling key
  unsigned level_;         // of the current row
  unsigned min_level_ = 0; // the least level of a column: rows below it test nothing
  size_t key_column_ = SIZE_MAX;
  static constexpr size_t kBatch = 64;
  std::array<PersonToken, kBatch> batch_;
  size_t batched_ = 0;
};

void ReportAt(DiagnosticSink* sink, Severity sev, const std::string& code, const std::string& file,
              const std::string& pointer, const std::string& message) {
  Diagnostic d;
  d.severity = sev;
  d.code = code;
  d.file = file;
  d.json_pointer = pointer;
  d.message = message;
  sink->Report(d);
}

}  // namespace

std::string DataFormat(const Resource& r) {
  std::string f = r.format;
  std::string p = Lower(r.path);
  if (f.empty()) {
    for (const char* ext : {".vcf.gz", ".vcf.bgz", ".csv", ".tsv", ".tab", ".xpt", ".sas7bdat",
                            ".sav", ".zsav", ".dta", ".vcf", ".bcf", ".jsonl", ".ndjson"}) {
      if (EndsWith(p, ext)) {
        f = std::string(ext + 1);
        break;
      }
    }
  }
  if (f == "vcf.gz" || f == "vcf.bgz") f = "vcf";
  if (f == "tab") f = "tsv";
  if (f == "ndjson") f = "jsonl";
  if (f == "zsav") f = "sav";
  return f;
}

Status ReadResourceFile(const std::string& format, const Resource& r,
                        const std::vector<std::string>& paths, TableVisitor* v, ResourceScan* rs);

Result<DataScan> ScanData(const Manifest& m, const CategoryList& categories,
                          const DataOptions& options, DiagnosticSink* sink) {
  DataScan scan;
  scan.tokens_keyed = options.person_key != nullptr;
  Result<std::string> dir = CanonicalDataDir(options.dir);
  if (!dir.ok()) {
    ReportAt(sink, Severity::kError, "E1602", options.dir, "", dir.status().message());
    return dir.status();
  }
  Status worst;
  scan.vcf.assign(m.resources.size(), false);
  for (size_t i = 0; i < m.resources.size(); ++i) {
    const Resource& r = m.resources[i];
    ResourceScan rs;
    rs.name = r.name;
    rs.path = r.path;
    rs.format = DataFormat(r);
    std::string shown = options.dir.empty() || options.dir == "." ? r.path : options.dir + "/" + r.path;
    std::vector<std::string> real;
    for (const std::string& part : r.paths) {
      Result<std::string> p = ResolveDataPath(*dir, part);
      if (!p.ok()) {
        bool missing = p.status().code() == StatusCode::kNotFound;
        ReportAt(sink, Severity::kError, missing ? "E1602" : "E1601", m.file, r.pointer + "/path",
                 p.status().message());
        // An escape (65) is worse than a missing file (66): it is the manifest
        // that is wrong, whatever is on disk.
        if (worst.ok() || !missing) worst = p.status();
        continue;
      }
      real.push_back(std::move(p).value());
    }
    if (real.size() != r.paths.size()) {
      scan.resources.push_back(std::move(rs));
      continue;
    }
    ScanVisitor v(m, r, shown, static_cast<unsigned>(i),
                  rs.format == "xpt" || rs.format == "sas7bdat" || rs.format == "sav" ||
                      rs.format == "dta",
                  &categories.content(), options, &scan, &rs, sink);
    v.SetCategories(&categories);
    rs.vcf = rs.format == "vcf" || rs.format == "bcf";
    Status read = ReadResourceFile(rs.format, r, real, &v, &rs);
    v.FlushPersons();
    if (read.code() == StatusCode::kNotFound || read.code() == StatusCode::kIoError) {
      ReportAt(sink, Severity::kError, "E1602", shown, r.pointer, read.message());
      if (worst.ok()) worst = read;
      scan.resources.push_back(std::move(rs));
      continue;
    }
    v.ReportMissingColumns();
    if (!read.ok()) {
      ReportAt(sink, Severity::kError, "E1606", shown, r.pointer,
               "cannot be read as " + rs.format + ": " + read.message());
    }
    if (!rs.read && read.ok()) {
      ReportAt(sink, Severity::kWarning, "W-NOT-READ", shown, r.pointer,
               (rs.format.empty() ? std::string("no format given or known from the extension")
                                  : "format \"" + rs.format + "\" is not read") +
                   ": the file was hashed and sized only; its columns, contents and persons "
                   "were not checked");
    }
    if (rs.bytes != r.bytes) {
      ReportAt(sink, Severity::kError, "E1603", m.file, r.pointer + "/bytes",
               "resource \"" + r.name + "\": declared " + std::to_string(r.bytes) +
                   " bytes, measured " + std::to_string(rs.bytes) + " bytes in " + shown);
    }
    std::string declared = r.hash.substr(r.hash.find(':') + 1);
    if (rs.sha256 != declared) {
      ReportAt(sink, Severity::kError, "E1604", m.file, r.pointer + "/hash",
               "resource \"" + r.name + "\": declared sha256:" + declared + ", measured sha256:" +
                   rs.sha256 + " of " + shown);
    }
    if (read.ok() && rs.read) {
      v.Finish();
      if (r.records && *r.records != rs.rows) {
        ReportAt(sink, Severity::kError, "E1610", m.file, r.pointer + "/dxcheck/records",
                 "resource \"" + r.name + "\": declared " + std::to_string(*r.records) +
                     " records, measured " + std::to_string(rs.rows));
      }
    }
    scan.vcf[i] = rs.vcf;
    scan.resources.push_back(std::move(rs));
  }
  if (!worst.ok()) return worst;
  return scan;
}

// Dispatches to the reader of `format`; formats without one are hashed only.
Status ReadResourceFile(const std::string& format, const Resource& r,
                        const std::vector<std::string>& paths, TableVisitor* v, ResourceScan* rs) {
  if (format == "csv" || format == "tsv") {
    Result<std::unique_ptr<CsvReader>> csv = CsvReader::Open(r, format == "tsv", v);
    if (!csv.ok()) {
      Status s = StreamFile(paths, {}, &rs->bytes, &rs->sha256);
      return s.ok() ? csv.status() : s;
    }
    CsvReader* reader = csv->get();
    Status s = StreamFile(paths, [&](std::string_view b) { return reader->Feed(b); }, &rs->bytes,
                          &rs->sha256);
    if (s.ok()) s = reader->Finish();
    rs->read = s.ok();
    return s;
  }
  if (format == "jsonl") {
    JsonlReader reader(v);
    Status s = StreamFile(paths, [&](std::string_view b) { return reader.Feed(b); }, &rs->bytes,
                          &rs->sha256);
    if (s.ok()) s = reader.Finish();
    rs->read = s.ok();
    return s;
  }
  bool stat = format == "xpt" || format == "sas7bdat" || format == "sav" || format == "dta";
  if (!stat && format != "vcf" && format != "bcf") {
    return StreamFile(paths, {}, &rs->bytes, &rs->sha256);  // hashed only (W-NOT-READ)
  }
  if (paths.size() != 1) {
    Status hashed = StreamFile(paths, {}, &rs->bytes, &rs->sha256);
    return hashed.ok() ? Status::InvalidInput("a multi-part " + format + " resource") : hashed;
  }
  // The library reads the file, and what it reads is hashed (stat_reader.h).
  ByteDigest digest;
  Status s = stat ? ReadStatFile(format, paths[0], v, &digest)
                  : ReadVcfFile(paths[0], v, &rs->samples, &digest);
  rs->bytes = digest.bytes();
  rs->sha256 = digest.Finish();
  rs->read = s.ok();
  return s;
}

}  // namespace dxcheck
