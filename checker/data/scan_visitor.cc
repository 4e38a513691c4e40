#include "checker/data/scan_visitor.h"

#include <algorithm>
#include <cctype>

#include "checker/data/detectors.h"
#include "checker/data/header_guess.h"

namespace dxcheck {
namespace {

bool SameName(const std::string& a, const std::string& b, bool case_insensitive) {
  if (!case_insensitive) return a == b;
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// A column name that looks like a value (header_guess.h) may be one (a file
// without a header read as if it had one): such a name is never shown.
std::string ShowColumn(const std::string& name, size_t index) {
  // A 2-4 ideograph name may be a person's (a table with persons as
  // columns: PARAM,张伟,李娜), so it is not shown either.
  std::string pos = "column " + std::to_string(index + 1);
  return NameLooksLikeValue(name) || LooksLikeChineseName(name)
             ? pos + " (its name looks like a value and is not shown)"
             : "column \"" + name + "\" (" + pos + ")";
}

std::string JoinCodes(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

ScanVisitor::ScanVisitor(const Manifest& m, const Resource& r, const std::string& file,
                         unsigned index, bool case_insensitive, const CategoryList& categories,
                         const DataOptions& o, DataScan* scan, ResourceScan* rs,
                         DiagnosticSink* sink)
    : m_(m), r_(r), file_(file), index_(index), ci_(case_insensitive),
      detectors_(&categories.content()), categories_(categories), o_(o), scan_(scan), rs_(rs),
      sink_(sink), seed_(SampleSeed(r.hash)), level_(RowLevel(seed_, 0)) {}

Status ScanVisitor::Columns(const std::vector<std::string>& names, bool by_position) {
  size_t from = fields_.size();
  rs_->columns = names.size();
  fields_.resize(names.size(), nullptr);
  seen_.resize(r_.fields.size(), false);
  by_position_ = by_position;
  for (size_t i = from; i < names.size(); ++i) {
    for (size_t f = 0; f < r_.fields.size(); ++f) {
      bool same = by_position ? f == i : SameName(names[i], r_.fields[f].name, ci_);
      if (same && !seen_[f]) {
        fields_[i] = &r_.fields[f];
        seen_[f] = true;
        break;
      }
    }
  }
  // The names are shown only when the file's header is plainly one (a
  // matched field name that proves it, header_guess.h); otherwise the
  // "header" may be the first row of a file without one, a person's values.
  bool confident = std::any_of(fields_.begin(), fields_.end(), [](const Field* f) {
    return f != nullptr && MatchProvesHeader(f->name);
  });
  bool hide_names = !by_position && !r_.fields.empty() && !confident;
  for (size_t i = from; i < names.size(); ++i) {
    if (fields_[i] == nullptr && r_.has_schema) {
      Report(Severity::kError, "E1605", r_.pointer + "/schema/fields",
             (hide_names ? "column " + std::to_string(i + 1) +
                               " (no name of the file long enough to tell is a field of the "
                               "schema — a file without a header row? — so none is shown)"
                         : ShowColumn(names[i], i)) +
                 " is not a field of the resource's schema: data would leave undeclared");
    }
    const std::string& key = m_.subjects.counting_key.value_or("");
    if (!key.empty() && fields_[i] != nullptr && fields_[i]->name == key) {
      // Every column that is the counting key is counted: a schema naming
      // it twice (Table Schema only says names SHOULD be unique) must not
      // let a second, constant column stand for the persons of the first.
      key_columns_.push_back(i);
    }
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
  rs_->has_counting_key = rs_->has_counting_key || !key_columns_.empty();
  for (size_t i = from; i < names.size(); ++i) columns_.emplace_back(detectors_);
  columns_known_ = true;
  return Status::Ok();
}

void ScanVisitor::ReportMissingColumns() {
  if (!columns_known_) return;
  seen_.resize(r_.fields.size(), false);
  for (size_t f = 0; f < r_.fields.size(); ++f) {
    if (!seen_[f] && !(rs_->vcf && by_position_)) {
      Report(Severity::kWarning, "W-MISSING-COLUMN", r_.fields[f].pointer,
             "field \"" + r_.fields[f].name + "\" of the schema is not a column of the file");
    }
  }
}

void ScanVisitor::Cell(size_t column, std::string_view v) {
  if (column >= columns_.size()) return;
  if (columns_[column].Wants(level_)) columns_[column].Add(v, level_);
  if (IsKeyColumn(column)) Person(v);
}

void ScanVisitor::CellParts(size_t column, const std::vector<std::string_view>& parts) {
  // Never the counting key (the JSON Lines reader refuses a nested key).
  if (column >= columns_.size() || IsKeyColumn(column)) return;
  if (columns_[column].Wants(level_)) columns_[column].AddParts(parts, level_);
}

bool ScanVisitor::IsKeyColumn(size_t column) const {
  return std::find(key_columns_.begin(), key_columns_.end(), column) != key_columns_.end();
}

void ScanVisitor::RowEnd() {
  // A row without a key value holds persons nobody counts: counted here,
  // reported by CheckMeasuredCounts (E1608, or W-KEYLESS-ROWS).
  if (!key_columns_.empty() && !row_has_person_) ++rs_->keyless_rows;
  row_has_person_ = false;
  level_ = RowLevel(seed_, ++rs_->rows);
}

size_t ScanVisitor::RowWants() const {
  // No column's sample wants the row: only the counting key, if any.
  if (level_ >= min_level_) return DelimitedRow::kEvery;
  if (key_columns_.size() > 1) return DelimitedRow::kEvery;
  return key_columns_.empty() ? DelimitedRow::kNone : key_columns_[0];
}

void ScanVisitor::Row(const DelimitedRow& row) {
  size_t n = std::min(row.size(), columns_.size());
  for (size_t k : key_columns_) {
    if (k < n && row.has(k)) Person(row[k]);
  }
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

void ScanVisitor::Person(std::string_view id) {
  // A key value read from a cell is trimmed as the CSV reader trims; a VCF
  // sample id is not: each sample column is a person, and htslib keeps
  // " P1" and "P1 " apart (trimmed, 600 samples so named counted as 1).
  if (!rs_->vcf) {
    while (!id.empty() && (id.front() == ' ' || id.front() == '\t')) id.remove_prefix(1);
    while (!id.empty() && (id.back() == ' ' || id.back() == '\t' || id.back() == '\r')) {
      id.remove_suffix(1);
    }
  }
  if (id.empty()) return;
  row_has_person_ = true;
  batch_[batched_++] = o_.person_key ? o_.person_key->Token(id) : CountingToken(id);
  if (batched_ == kBatch) FlushPersons();
}

void ScanVisitor::FlushPersons() {
  scan_->persons.Add(batch_.data(), batched_, index_);
  batched_ = 0;
}

void ScanVisitor::Finish() {
  for (size_t i = 0; i < columns_.size(); ++i) {
    const ColumnDetectors& c = columns_[i];
    if (c.sampled()) ++rs_->sampled_columns;
    for (size_t d = 0; d < detectors_->size(); ++d) {
      if (!c.Fires(d)) continue;
      const ContentDetector& det = (*detectors_)[d];
      // The counts the detector fired on (column_sample.h "The share"):
      // over the values no other detector recognises, the message says so
      // and gives the column's count beside them.
      ColumnDetectors::Share share = c.ShareOf(d);
      std::string all = std::to_string(c.values());
      std::string sample =
          "the column's sample: one row in " + std::to_string(uint64_t{1} << c.level());
      std::string counts =
          std::to_string(share.matched) + " of " + std::to_string(share.values) +
          (share.count == ShareCount::kUnrecognised
               ? (c.sampled()
                      ? " sampled values no other detector recognises (of " + all + " in " +
                            sample + ")"
                      : " values no other detector recognises (of " + all + " values in all)")
               : (c.sampled() ? " sampled values (" + sample + ")" : " values")) +
          " match the " + det.detector + " detector (" + det.category + ")" +
          (share.count == ShareCount::kRecognised ? ", and " + std::to_string(share.claimed) + " of the " + all +
                                    " match one content detector or another"
                              : "");
      const Field* f = fields_[i];
      if (f == nullptr) continue;  // already an error (undeclared), or no schema
      const Category* found = categories_.Resolve(det.category);
      if (m_.deidentification == "anonymized" && found != nullptr && found->personal) {
        // "anonymized" takes the transfer out of PI altogether
        // (spec/manifest.md): personal values in the data contradict it, as
        // they contradict a field declared nonpersonal.
        Report(Severity::kError, "E1607", "/dxcheck/deidentification",
               "the manifest declares the data anonymized, but in field \"" + f->name + "\" " +
                   counts + ": the declaration is contradicted by the data");
        continue;
      }
      if (f->tagged && DeclaredNonPersonal(*f)) {
        Report(Severity::kError, "E1607", std::string(f->pointer) + "/dxcheck/categories",
               "field \"" + f->name + "\" is declared not personal (" + JoinCodes(f->categories) +
                   ") but " + counts + ": the declaration is contradicted by the data");
        continue;
      }
      scan_->content.push_back({f, det.detector, det.category, share.matched, share.values,
                                share.count, share.claimed, c.level()});
    }
  }
}

bool ScanVisitor::DeclaredNonPersonal(const Field& f) const {
  for (const std::string& code : f.categories) {
    const Category* c = categories_.Resolve(code);
    if (c == nullptr || c->personal) return false;
  }
  return true;
}

void ReportAt(DiagnosticSink* sink, Severity sev, const std::string& code, const std::string& file,
              std::string_view pointer, const std::string& message) {
  Diagnostic d;
  d.severity = sev;
  d.code = code;
  d.file = file;
  d.json_pointer = pointer;
  d.message = message;
  sink->Report(d);
}

void ScanVisitor::Report(Severity sev, const char* code, std::string_view pointer,
                         const std::string& msg) {
  ReportAt(sink_, sev, code, file_, pointer, msg);
}

}  // namespace dxcheck
