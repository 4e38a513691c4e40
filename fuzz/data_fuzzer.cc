// libFuzzer target: arbitrary bytes as a data file read by `check --data`
// (checker/data: the CSV bulk path and libcsv, iconv, JSON Lines, ReadStat's
// SAS/SPSS/Stata readers, htslib), through the whole check, so that the
// measured counts and content findings are exercised too. Any input must end
// in a decision or diagnostics, never a crash, a hang or unbounded memory.
//
// Input: one byte of options, then the file. Bits 0-2 choose the format (csv,
// tsv, jsonl, xpt, sas7bdat, sav, dta, vcf — htslib tells VCF, vcf.gz and BCF
// apart by content), bit 3 the encoding gb18030 (csv/tsv), bit 4 a file
// without a header. The manifest is made here for the file as written (its
// bytes and sha256 measured, so the check goes past the digest comparison),
// with a schema of every column name the seeds use (fuzz/make_corpus.py).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "checker/base/digest.h"
#include "checker/data/data_scan.h"
#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"
#include "fuzz/shipped_rules.h"

namespace {

const char* const kFormats[8] = {"csv", "tsv", "jsonl", "xpt", "sas7bdat", "sav", "dta", "vcf"};
const char* const kColumns[] = {"STUDYID", "USUBJID", "SITEID", "BRTHDTC", "SEX",  "ARMCD", "COUNTRY",
                                "AESEQ",   "AETERM",  "AESTDTC", "EMAIL",   "IDNO", "PHONE", "AGE",
                                "GT",      "DP",      "REF",     "CODE"};

// A directory of this process for the file, removed at exit.
const std::string& Dir() {
  static const std::string* dir = [] {
    std::string tmpl = (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    tmpl += "/dxcheck-data-fuzz-XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    auto* d = new std::string(tmpl);
    std::atexit([] {
      for (const char* f : kFormats) std::remove((Dir() + "/data." + f).c_str());
      rmdir(Dir().c_str());
    });
    return d;
  }();
  return *dir;
}

std::string Manifest(const std::string& file, const std::string& format, const std::string& bytes,
                     bool gb18030, bool header) {
  std::string fields;
  for (const char* c : kColumns) {
    fields += std::string(fields.empty() ? "" : ",") + "{\"name\":\"" + c + "\",\"type\":\"string\"}";
  }
  std::string resource = "{\"name\":\"d\",\"path\":\"" + file + "\",\"format\":\"" + format +
                         "\",\"bytes\":" + std::to_string(bytes.size()) + ",\"hash\":\"sha256:" +
                         dxcheck::Sha256Hex(bytes) + "\"";
  if (gb18030) resource += ",\"encoding\":\"gb18030\"";
  if (!header) resource += ",\"dialect\":{\"header\":false}";
  resource += ",\"schema\":{\"fields\":[" + fields + "]}}";
  return "{\"name\":\"fuzz\",\"dxcheck\":{\"manifestVersion\":\"1\",\"transferId\":\"T-FUZZ\","
         "\"exporter\":{\"name\":\"E\",\"uscc\":\"91320100MA1X000009\",\"ciio\":false,\"sector\":\"biomedicine\"},"
         "\"recipients\":[{\"name\":\"R\",\"country\":\"US\"}],"
         "\"transfer\":{\"scenario\":\"clinical_trial\",\"purpose\":\"p\",\"date\":\"2026-12-01\"},"
         "\"subjects\":{\"personal\":10,\"sensitive\":10,\"countingKey\":\"USUBJID\"},"
         "\"hgr\":{\"information\":true,\"sequencingSubjects\":10},"
         "\"deidentification\":\"pseudonymized\"},\"resources\":[" +
         resource + "]}";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const unsigned options = data[0];
  const std::string format = kFormats[options & 7];
  const bool text = (options & 7) < 2;
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string file = "data." + format;
  FILE* f = std::fopen((Dir() + "/" + file).c_str(), "wb");
  if (f == nullptr) std::abort();
  bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  if (std::fclose(f) != 0 || !written) std::abort();

  dxcheck::DataOptions data_options;
  data_options.dir = Dir();
  dxcheck::CheckOptions check;
  check.evaluation.at = *dxcheck::Date::Parse("2026-12-01");
  check.data = &data_options;
  dxcheck::DiagnosticList diags;
  std::string manifest = Manifest(file, format, bytes, text && (options & 8), !(text && (options & 16)));
  auto d = dxcheck::RunCheck(manifest, Dir() + "/datapackage.json", ShippedRules(), check, &diags);
  if (d.ok()) {
    if (dxcheck::DecisionToJson(*d).empty()) std::abort();
  } else if (!diags.has_errors() && d.status().code() == dxcheck::StatusCode::kInvalidInput) {
    std::abort();  // an invalid input must say why
  }
  return 0;
}
