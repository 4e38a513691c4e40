#include "checker/data/data_scan.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include "checker/data/csv_reader.h"
#include "checker/data/data_path.h"
#include "checker/data/jsonl_reader.h"
#include "checker/data/scan_visitor.h"
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

static Status ReadResourceFile(const std::string& format, const Resource& r,
                               const std::vector<std::string>& paths, ScanVisitor* v,
                               ResourceScan* rs);

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
                  categories, options, &scan, &rs, sink);
    rs.vcf = rs.format == "vcf" || rs.format == "bcf";
    Status read = ReadResourceFile(rs.format, r, real, &v, &rs);
    v.FlushPersons();
    if (!scan.persons.status().ok()) {
      // Memory ran out counting persons: no count may rest on this table.
      ReportAt(sink, Severity::kError, "E1613", shown, r.pointer, scan.persons.status().message());
      scan.resources.push_back(std::move(rs));
      return scan.persons.status();
    }
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
static Status ReadResourceFile(const std::string& format, const Resource& r,
                               const std::vector<std::string>& paths, ScanVisitor* v,
                               ResourceScan* rs) {
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
