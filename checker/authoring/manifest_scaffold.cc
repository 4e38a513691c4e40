#include "checker/authoring/manifest_scaffold.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "checker/data/csv_reader.h"
#include "checker/data/data_scan.h"
#include "checker/data/header_guess.h"
#include "checker/data/jsonl_reader.h"
#include "checker/data/stat_reader.h"
#include "checker/data/table_reader.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

namespace dxcheck {
namespace {

namespace fs = std::filesystem;

// Captures the columns and the first row after them, then the caller stops
// feeding: a scaffold needs the header, and one row to tell a header from
// data (the values are compared in memory only, never copied).
class ColumnGrabber : public TableVisitor {
 public:
  Status Columns(const std::vector<std::string>& names, bool by_position) override {
    columns = names;
    positional = by_position;
    have_columns = true;
    if (!stop_at_columns) return Status::Ok();
    done = true;
    return Status::Internal("columns read");  // stops the reader; not an error here
  }
  void Cell(size_t column, std::string_view v) override {
    if (!have_columns || done) return;
    if (row.size() <= column) row.resize(column + 1);
    row[column] = std::string(v);
  }
  void RowEnd() override {
    if (have_columns) done = true;
  }
  std::vector<std::string> columns, row;
  bool positional = false, have_columns = false, done = false;
  bool stop_at_columns = false;  // formats whose names are never values (JSON Lines keys grow: no)
};

// Size, digest and (where the data layer reads the format) the columns of one file.
Status Describe(const std::string& full, ScaffoldFile* f) {
  Resource r;
  r.path = f->path;
  r.paths = {full};
  f->format = DataFormat(r);
  ColumnGrabber grab;
  std::unique_ptr<CsvReader> csv;
  std::unique_ptr<JsonlReader> jsonl;
  if (f->format == "csv" || f->format == "tsv") {
    Result<std::unique_ptr<CsvReader>> opened = CsvReader::Open(r, f->format == "tsv", &grab);
    if (opened.ok()) csv = std::move(opened).value();
  } else if (f->format == "jsonl") {
    jsonl = std::make_unique<JsonlReader>(&grab);  // every line: a later one may add keys
  } else {
    grab.stop_at_columns = true;
  }
  Status header;
  Status s = StreamFile(
      {full},
      [&](std::string_view chunk) {
        if (csv && !grab.done && header.ok()) header = csv->Feed(chunk);
        if (jsonl && header.ok()) header = jsonl->Feed(chunk);
        return Status::Ok();
      },
      &f->bytes, &f->sha256);
  if (!s.ok()) return s;
  if (csv && !grab.done && header.ok()) header = csv->Finish();
  if (jsonl && header.ok()) header = jsonl->Finish();
  if (f->format == "xpt" || f->format == "sas7bdat" || f->format == "sav" || f->format == "dta") {
    header = ReadStatFile(f->format, full, &grab, nullptr);  // hashed above
  } else if (f->format == "vcf" || f->format == "bcf") {
    uint64_t samples = 0;
    header = ReadVcfFile(full, &grab, &samples, nullptr);
  }
  // The header counts when it was read, whatever the rows after it hold
  // (a first data row that fails to parse is check's to report); the first
  // data row, when there is one, tells a header from data.
  if (grab.have_columns) {
    f->headerless =
        csv != nullptr && FirstRowIsData(grab.columns, grab.done ? grab.row : std::vector<std::string>{});
    // Text formats' names may be values (a header-less CSV, JSON Lines keyed
    // by subject); SAS/SPSS/Stata variables and VCF keys are names.
    bool text = csv != nullptr || jsonl != nullptr;
    for (size_t i = 0; i < grab.columns.size(); ++i) {
      bool hide = f->headerless || grab.positional ||
                  (text ? NameLooksLikeValue(grab.columns[i]) : LooksPersonal(grab.columns[i]));
      f->columns.push_back(hide ? "column_" + std::to_string(i + 1) : grab.columns[i]);
    }
    if (f->headerless) {
      f->note = "the first row looks like data, not a header: read without a header row "
                "(dialect.header false), its columns named by position";
    }
  } else if (csv || !f->format.empty()) {
    f->note = header.ok() ? "no columns found" : "columns not read: " + header.message();
  } else {
    f->note = "a format dxcheck does not read: hashed only";
  }
  return Status::Ok();
}

std::string Todo(const char* what) { return std::string("TODO: ") + what; }

}  // namespace

std::string ResourceNameFor(const std::string& path) {
  std::string stem = path;
  for (const char* ext : {".vcf.gz", ".vcf.bgz"}) {
    size_t n = std::char_traits<char>::length(ext);
    if (stem.size() > n && stem.compare(stem.size() - n, n, ext) == 0) stem.resize(stem.size() - n);
  }
  size_t dot = stem.rfind('.');
  if (dot != std::string::npos && dot > stem.rfind('/') + 1) stem.resize(dot);
  std::string out;
  for (unsigned char c : stem) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "resource" : out;
}

Result<Scaffold> ScaffoldManifest(const std::string& dir, const ScaffoldOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir + ": not a readable directory");
  Scaffold out;
  std::vector<std::string> rel;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
  if (ec) return Status::NotFound(dir + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return Status::IoError(dir + ": " + ec.message());
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    // Regular files only, never followed through links: a scaffold describes
    // what is in the folder.
    if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
    std::string r = fs::relative(it->path(), dir, ec).generic_string();
    if (r == "datapackage.json") continue;
    rel.push_back(r);
    if (rel.size() > options.max_files) {
      return Status::InvalidInput(dir + ": more than " + std::to_string(options.max_files) +
                                  " files; point dxcheck init at the folder of one transfer");
    }
  }
  std::sort(rel.begin(), rel.end());
  for (const std::string& r : rel) {
    ScaffoldFile f;
    f.path = r;
    Status s = Describe((fs::path(dir) / r).string(), &f);
    if (!s.ok()) return s;
    out.files.push_back(std::move(f));
  }

  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  auto str = [&](const std::string& s) { w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); };
  auto kv = [&](const char* k, const std::string& v) {
    w.Key(k);
    str(v);
  };
  bool all_tabular = !out.files.empty() && std::all_of(out.files.begin(), out.files.end(), [](const ScaffoldFile& f) {
    return f.format == "csv" || f.format == "tsv";
  });
  std::string pkg = options.name;
  if (pkg.empty()) pkg = ResourceNameFor(fs::absolute(dir, ec).filename().string());
  w.StartObject();
  kv("name", pkg);
  kv("profile", all_tabular ? "tabular-data-package" : "data-package");
  w.Key("resources");
  w.StartArray();
  std::set<std::string> names;
  for (const ScaffoldFile& f : out.files) {
    std::string name = ResourceNameFor(f.path), unique = name;
    for (int n = 2; names.count(unique); ++n) unique = name + "-" + std::to_string(n);
    names.insert(unique);
    bool tabular = f.format == "csv" || f.format == "tsv";
    w.StartObject();
    kv("name", unique);
    kv("path", f.path);
    if (tabular) kv("profile", "tabular-data-resource");
    if (!f.format.empty()) kv("format", f.format);
    if (f.path.size() > 3 && f.path.compare(f.path.size() - 3, 3, ".gz") == 0) kv("compression", "gz");
    if (tabular) kv("encoding", "utf-8");
    if (f.headerless) {
      w.Key("dialect");
      w.StartObject();
      w.Key("header");
      w.Bool(false);
      w.EndObject();
    }
    w.Key("bytes");
    w.Uint64(f.bytes);
    kv("hash", "sha256:" + f.sha256);
    if (!f.columns.empty() || tabular) {
      w.Key("schema");
      w.StartObject();
      w.Key("fields");
      w.StartArray();
      for (const std::string& c : f.columns) {
        w.StartObject();
        kv("name", c);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("dxcheck");
  w.StartObject();
  kv("manifestVersion", "1");
  kv("transferId", Todo("the exporter's id for this transfer"));
  w.Key("exporter");
  w.StartObject();
  kv("name", Todo("the exporter's legal name"));
  kv("uscc", Todo("统一社会信用代码, 18 characters"));
  kv("ciio", Todo("true or false: is the exporter a critical information infrastructure operator?"));
  kv("sector", Todo("biomedicine, medical_devices, ... (docs/manifest.md)"));
  w.EndObject();
  w.Key("recipients");
  w.StartArray();
  w.StartObject();
  kv("name", Todo("the recipient abroad"));
  kv("country", Todo("ISO 3166-1 alpha-2, e.g. US"));
  w.EndObject();
  w.EndArray();
  w.Key("transfer");
  w.StartObject();
  kv("scenario", Todo("clinical_trial, drug_rd, pharmacovigilance, ... (docs/manifest.md)"));
  kv("purpose", Todo("why the data leaves"));
  kv("date", Todo("YYYY-MM-DD, the planned transfer date"));
  w.EndObject();
  w.Key("subjects");
  w.StartObject();
  kv("personal", Todo("distinct persons whose personal information is included (0 if none)"));
  kv("sensitive", Todo("distinct persons whose sensitive personal information is included (0 if none)"));
  w.EndObject();
  w.EndObject();
  w.EndObject();
  out.json = std::string(buf.GetString(), buf.GetSize()) + "\n";
  return out;
}

}  // namespace dxcheck
