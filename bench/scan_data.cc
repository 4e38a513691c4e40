#include "bench/scan_data.h"

#include <openssl/evp.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace dxcheck {
namespace {

// Writes through a buffer, hashing and counting as it goes (the manifest
// declares the digest dxcheck must measure).
class HashingWriter {
 public:
  explicit HashingWriter(const std::string& path)
      : f_(std::fopen(path.c_str(), "wb")), md_(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(md_, EVP_sha256(), nullptr);
    buf_.reserve(kBuf + 4096);
  }
  ~HashingWriter() {
    if (f_) std::fclose(f_);
    EVP_MD_CTX_free(md_);
  }
  bool ok() const { return f_ != nullptr; }
  void Append(const char* p, size_t n) {
    buf_.append(p, n);
    if (buf_.size() >= kBuf) Flush();
  }
  uint64_t bytes() const { return bytes_ + buf_.size(); }
  std::string Finish() {
    Flush();
    unsigned char out[32];
    unsigned int len = 0;
    EVP_DigestFinal_ex(md_, out, &len);
    std::string hex;
    for (unsigned i = 0; i < len; ++i) {
      char b[3];
      std::snprintf(b, sizeof b, "%02x", out[i]);
      hex += b;
    }
    std::fclose(f_);
    f_ = nullptr;
    return hex;
  }

 private:
  static constexpr size_t kBuf = 1 << 20;
  void Flush() {
    EVP_DigestUpdate(md_, buf_.data(), buf_.size());
    std::fwrite(buf_.data(), 1, buf_.size(), f_);
    bytes_ += buf_.size();
    buf_.clear();
  }
  FILE* f_;
  EVP_MD_CTX* md_;
  std::string buf_;
  uint64_t bytes_ = 0;
};

void ResidentId(uint64_t i, char out[19]) {
  static const int kW[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  std::snprintf(out, 19, "110101%04d%02d%02d%03d", static_cast<int>(1950 + i % 50),
                static_cast<int>(1 + (i / 50) % 12), static_cast<int>(1 + (i / 600) % 28),
                static_cast<int>((i / 16800) % 1000));
  int sum = 0;
  for (int k = 0; k < 17; ++k) sum += (out[k] - '0') * kW[k];
  out[17] = "10X98765432"[sum % 11];
  out[18] = '\0';
}

std::string Manifest(const std::string& name, const std::string& path, const std::string& format,
                     uint64_t bytes, const std::string& sha, const std::string& fields,
                     uint64_t persons, const std::string& key, const std::string& extra) {
  return "{\"name\": \"" + name + "\", \"resources\": [{\"name\": \"" + name + "\", \"path\": \"" +
         path + "\", \"format\": \"" + format + "\", \"bytes\": " + std::to_string(bytes) +
         ", \"hash\": \"sha256:" + sha + "\", \"schema\": {\"fields\": [" + fields +
         "]}}],\n\"dxcheck\": {\"manifestVersion\": \"1\", \"transferId\": \"BENCH-SCAN\", "
         "\"exporter\": {\"name\": \"n\", \"uscc\": \"91320100MA1X000009\", \"ciio\": false, "
         "\"sector\": \"biomedicine\"}, \"recipients\": [{\"name\": \"r\", \"country\": \"US\"}], "
         "\"transfer\": {\"scenario\": \"clinical_trial\", \"purpose\": \"p\", \"date\": "
         "\"2026-12-01\"}, \"subjects\": {\"personal\": " + std::to_string(persons) +
         ", \"sensitive\": " + std::to_string(persons) + key + "}, \"deidentification\": "
         "\"pseudonymized\"" + extra + "}}\n";
}

bool WriteText(const std::string& path, const std::string& text) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), std::fclose);
  return f && std::fwrite(text.data(), 1, text.size(), f.get()) == text.size();
}

}  // namespace

ScanFile WriteScanCsv(const std::string& dir, uint64_t bytes, uint64_t persons) {
  static const char* const kCols[] = {
      "USUBJID", "IDNO", "PHONE", "SITEID", "SEX", "AGE", "ARMCD", "VISIT", "VISITDT", "LBTESTCD",
      "LBORRES", "LBORRESU", "LBSTRESN", "LBNRIND", "AETERM", "AESEV", "CMTRT", "CMDOSE", "COVAL",
      "FLAG"};
  static const char* const kTests[] = {"ALT", "AST", "BILI", "CREAT", "HGB", "WBC", "PLAT", "GLUC"};
  static const char* const kTerms[] = {"HEADACHE", "NAUSEA", "FATIGUE", "RASH", "", "", "", ""};
  ScanFile out;
  HashingWriter w(dir + "/scan.csv");
  if (!w.ok()) return out;
  std::string header;
  for (const char* c : kCols) header += std::string(header.empty() ? "" : ",") + c;
  header += "\n";
  w.Append(header.data(), header.size());
  char row[512], id[19];
  while (w.bytes() < bytes) {
    uint64_t r = out.rows++;
    uint64_t p = (r * 2654435761u) % persons;  // every person, visited in a scattered order
    ResidentId(p, id);
    int n = std::snprintf(
        row, sizeof row,
        "S%07llu,%s,1%d%08llu,%03llu,%c,%llu,%s,VISIT %llu,2026-%02llu-%02llu,%s,%llu.%llu,U/L,"
        "%llu.%llu,%s,%s,%s,%s,%llu,%s,%c\n",
        static_cast<unsigned long long>(p), id, 38 + static_cast<int>(p % 2),
        static_cast<unsigned long long>(p % 100000000), static_cast<unsigned long long>(p % 300),
        p % 2 ? 'F' : 'M', static_cast<unsigned long long>(18 + p % 70), p % 2 ? "TRT" : "PBO",
        static_cast<unsigned long long>(r % 12), static_cast<unsigned long long>(1 + r % 12),
        static_cast<unsigned long long>(1 + r % 28), kTests[r % 8],
        static_cast<unsigned long long>(r % 200), static_cast<unsigned long long>(r % 10),
        static_cast<unsigned long long>(r % 180), static_cast<unsigned long long>(r % 7),
        r % 9 ? "NORMAL" : "HIGH", kTerms[r % 8], r % 8 < 4 ? (r % 2 ? "MILD" : "MODERATE") : "",
        r % 3 ? "STUDY DRUG 10 MG" : "PLACEBO", static_cast<unsigned long long>(10 * (r % 4)),
        r % 5 ? "fasting sample - no issue" : "repeat draw", r % 11 ? 'Y' : 'N');
    w.Append(row, static_cast<size_t>(n));
  }
  out.bytes = w.bytes();
  std::string sha = w.Finish();
  std::string fields;
  for (const char* c : kCols) {
    fields += std::string(fields.empty() ? "" : ", ") + "{\"name\": \"" + c + "\", \"type\": \"string\"" +
              (std::string(c) == "IDNO" || std::string(c) == "PHONE"
                   ? ", \"dxcheck\": {\"categories\": [\"pi.identity\"]}"
                   : std::string(c).rfind("LB", 0) == 0 || std::string(c).rfind("AE", 0) == 0
                       ? ", \"dxcheck\": {\"categories\": [\"pi.health\"]}"
                       : "") +
              "}";
  }
  out.manifest = dir + "/scan.json";
  if (!WriteText(out.manifest, Manifest("scan", "scan.csv", "csv", out.bytes, sha, fields, persons,
                                        ", \"countingKey\": \"USUBJID\"", ""))) {
    out.manifest.clear();
  }
  out.data = dir + "/scan.csv";
  return out;
}

ScanFile WriteScanVcf(const std::string& dir, int samples, uint64_t records) {
  ScanFile out;
  HashingWriter w(dir + "/scan.vcf");
  if (!w.ok()) return out;
  std::string h =
      "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=248956422>\n"
      "##INFO=<ID=AF,Number=A,Type=Float,Description=\"Allele frequency\">\n"
      "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
      "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Read depth\">\n"
      "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT";
  for (int s = 0; s < samples; ++s) h += "\tWGS" + std::to_string(100000 + s);
  h += "\n";
  w.Append(h.data(), h.size());
  std::string line;
  for (uint64_t r = 0; r < records; ++r) {
    line = "chr1\t" + std::to_string(10000 + r * 37) + "\t.\tA\tG\t50\tPASS\tAF=0.5\tGT:DP";
    for (int s = 0; s < samples; ++s) {
      line += (s + r) % 3 == 0 ? "\t0/1:" : "\t0/0:";
      line += std::to_string(10 + (s + r) % 40);
    }
    line += "\n";
    w.Append(line.data(), line.size());
    ++out.rows;
  }
  out.bytes = w.bytes();
  std::string sha = w.Finish();
  out.manifest = dir + "/scan-vcf.json";
  std::string fields =
      "{\"name\": \"GT\", \"dxcheck\": {\"categories\": [\"hgr.genomic\"]}}, {\"name\": \"DP\", "
      "\"dxcheck\": {\"categories\": [\"hgr.genomic\"]}}, {\"name\": \"AF\", \"dxcheck\": "
      "{\"categories\": [\"hgr.genomic\"]}}";
  if (!WriteText(out.manifest, Manifest("scanvcf", "scan.vcf", "vcf", out.bytes, sha, fields,
                                        static_cast<uint64_t>(samples), "",
                                        ", \"hgr\": {\"information\": true, \"sequencingSubjects\": " +
                                            std::to_string(samples) + "}"))) {
    out.manifest.clear();
  }
  out.data = dir + "/scan.vcf";
  return out;
}

}  // namespace dxcheck
