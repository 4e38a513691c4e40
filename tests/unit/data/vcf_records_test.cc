#include "checker/data/vcf_records.h"

#include <doctest/doctest.h>
#include <htslib/bgzf.h>
#include <htslib/vcf.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace dxcheck {
namespace {

const char kHeader[] =
    "##fileformat=VCFv4.2\n##contig=<ID=1>\n"
    "##INFO=<ID=DP,Number=1,Type=Integer,Description=\"d\">\n"
    "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"g\">\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\n";

// A temporary file holding `text`, plain or bgzip-compressed.
struct TempVcf {
  std::string path;
  TempVcf(const std::string& text, bool compressed) {
    char name[] = "/tmp/dxcheck-vcf-XXXXXX";
    int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    ::close(fd);
    path = std::string(name) + (compressed ? ".vcf.gz" : ".vcf");
    std::rename(name, path.c_str());
    BGZF* out = bgzf_open(path.c_str(), compressed ? "w" : "wu");
    REQUIRE(out != nullptr);
    REQUIRE(bgzf_write(out, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    REQUIRE(bgzf_close(out) == 0);
  }
  ~TempVcf() { std::remove(path.c_str()); }
};

// Reads every record of `text` as ReadVcfFrom does; the records read, and
// the reader's status in *status.
uint64_t Read(const std::string& text, bool compressed, Status* status) {
  hts_set_log_level(HTS_LOG_OFF);  // it would quote the records
  TempVcf file(text, compressed);
  std::unique_ptr<htsFile, int (*)(htsFile*)> fp(hts_open(file.path.c_str(), "r"), hts_close);
  REQUIRE(fp != nullptr);
  VcfRecords records(fp.get());
  std::unique_ptr<bcf_hdr_t, void (*)(bcf_hdr_t*)> hdr(records.ReadHeader(), bcf_hdr_destroy);
  if (!hdr) {
    *status = records.status();
    return 0;
  }
  int samples = bcf_hdr_nsamples(hdr.get());
  if (samples > 0) REQUIRE(bcf_hdr_set_samples(hdr.get(), nullptr, 0) == 0);
  std::unique_ptr<bcf1_t, void (*)(bcf1_t*)> rec(bcf_init(), bcf_destroy);
  records.Start(hdr.get(), samples);
  uint64_t n = 0;
  while (records.Next(rec.get())) {
    ++n;
    CHECK(rec->pos >= 99);  // parsed: POS 100 or 200, 0-based
  }
  if (records.status().ok()) CHECK(records.records() == n);
  *status = records.status();
  return n;
}

}  // namespace

TEST_CASE("VCF records: counted plain and compressed, CRLF, no final line feed") {
  std::string body = std::string(kHeader) + "1\t100\t.\tA\tG\t.\tPASS\tDP=3\tGT\t0/1\t1/1\r\n" +
                     "1\t200\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t1/1";
  for (bool gz : {false, true}) {
    Status s;
    CHECK(Read(body, gz, &s) == 2);
    CHECK(s.ok());
  }
}

TEST_CASE("VCF records: CRLF in a file without samples (the CR ends the last kept column)") {
  std::string header =
      "##fileformat=VCFv4.2\r\n##contig=<ID=1>\r\n"
      "##INFO=<ID=DP,Number=1,Type=Integer,Description=\"d\">\r\n"
      "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\r\n";
  Status s;
  CHECK(Read(header + "1\t100\t.\tA\tG\t.\tPASS\tDP=3\r\n1\t200\t.\tA\tG\t.\tPASS\tDP=4\r\n", false, &s) == 2);
  CHECK(s.ok());
}

TEST_CASE("VCF header: read in bounded memory, one too long is an error") {
  Status s;
  std::string junk = "##junk=" + std::string(kMaxVcfHeaderBytes, 'x') + "\n";
  CHECK(Read(junk + kHeader + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t1/1\n", true, &s) == 0);
  CHECK(s.code() == StatusCode::kInvalidInput);
  CHECK(s.message().find("the header is longer than 64 MiB") != std::string::npos);
  Status none;
  CHECK(Read("##fileformat=VCFv4.2\n1\t100\t.\tA\tG\t.\tPASS\t.\n", false, &none) == 0);
  CHECK(none.message().find("does not start with #") != std::string::npos);
  Status empty_lines;  // as vcf_hdr_read: empty lines in the header are skipped
  CHECK(Read(std::string("##fileformat=VCFv4.2\n\n") + (kHeader + 21) +
                 "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t1/1\n", false, &empty_lines) == 1);
  CHECK(empty_lines.ok());
}

TEST_CASE("VCF records: sample columns of any length are skipped, not held") {
  // 40 MiB of sample text in one record (more than kMaxVcfPrefixBytes):
  // read, since only the columns before the samples are kept.
  std::string big(40u << 20, '0');
  std::string body = std::string(kHeader) + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t" + big + "\n" +
                     "1\t200\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t1/1\n";
  Status s;
  CHECK(Read(body, true, &s) == 2);
  CHECK(s.ok());
}

TEST_CASE("VCF records: a record too long before its samples, or malformed, is an error") {
  std::string info(kMaxVcfPrefixBytes + 10, 'X');
  Status s;
  CHECK(Read(std::string(kHeader) + "1\t100\t.\tA\tG\t.\tPASS\t" + info + "\tGT\t0/1\t1/1\n", false,
             &s) == 0);
  CHECK(s.code() == StatusCode::kInvalidInput);
  CHECK(s.message().find("record 1: its columns before the samples are longer than 16 MiB") !=
        std::string::npos);
  Status bad;
  CHECK(Read(std::string(kHeader) + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t1/1\n" +
                 "1\t200\tsecret-id\n",
             false, &bad) == 1);
  CHECK(bad.code() == StatusCode::kInvalidInput);
  CHECK(bad.message().find("record 2: 3 columns, where the header has 11") != std::string::npos);
  CHECK(bad.message().find("secret") == std::string::npos);
  Status extra;  // one sample column too many (a trailing tab)
  CHECK(Read(std::string(kHeader) + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t1/1\t\n", true, &extra) == 0);
  CHECK(extra.message().find("12 columns") != std::string::npos);
  Status undefined;  // htslib's own check: an empty CHROM
  CHECK(Read(std::string(kHeader) + "\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t1/1\n", false, &undefined) == 0);
  CHECK(undefined.message().find("record 1: malformed or truncated (htslib error 1)") != std::string::npos);
}

}  // namespace dxcheck
