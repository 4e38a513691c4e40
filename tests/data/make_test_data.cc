// make_test_data DIR N: writes synthetic binary test data for tests/e2e/data_check.py with the
// libraries dxcheck reads them with: DIR/dm.xpt (SAS transport v5), DIR/dm.sas7bdat, DIR/dm.sav
// (SPSS) and DIR/dm.dta (Stata), each by ReadStat's writer with N rows of USUBJID, IDNO =
// resident ID numbers with a valid GB 11643 check digit, AGE; DIR/calls.vcf.gz (htslib: N
// samples S0000.. = the same persons, GT and DP), the same as DIR/calls.bcf (BGZF) and
// DIR/calls-u.bcf (uncompressed); DIR/truncated.vcf.gz and DIR/truncated.sas7bdat (each cut two
// thirds of the way); and hostile BCF files, each a valid header and record followed by a
// record whose lengths (l_shared, l_indiv) are given in the bytes after it: DIR/huge-shared.bcf
// (l_shared = 1 GiB), DIR/huge-straddle.bcf (the same, its lengths split across two BGZF
// blocks), DIR/huge-indiv.bcf (l_indiv = 1 GiB), DIR/huge-shared-u.bcf (uncompressed),
// DIR/cut-lengths.bcf (the file ends 5 bytes into the lengths, BGZF end marker present), and
// DIR/huge-header.bcf (a header declaring 1 GiB of text).
// Persons are made up, exactly as tests/e2e/data_gen.py's resident_id(i).
#include <htslib/bgzf.h>
#include <htslib/vcf.h>
#include <readstat.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

std::string ResidentId(int i) {
  static const int kW[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  char body[32];  // 17 digits; room for what -Wformat-truncation assumes an int may print
  std::snprintf(body, sizeof body, "110101%04d%02d%02d%03d", 1950 + i % 50, 1 + (i / 28) % 12,
                1 + i % 28, i % 1000);
  int sum = 0;
  for (int k = 0; k < 17; ++k) sum += (body[k] - '0') * kW[k];
  return std::string(body) + "10X98765432"[sum % 11];
}

ssize_t WriteBytes(const void* data, size_t len, void* ctx) {
  return static_cast<ssize_t>(std::fwrite(data, 1, len, static_cast<FILE*>(ctx)));
}

// The same table in one of ReadStat's formats.
enum class Stat { kXpt, kSas7bdat, kSav, kDta };

readstat_error_t BeginWriting(Stat format, readstat_writer_t* w, FILE* f, int n) {
  switch (format) {
    case Stat::kXpt:
      readstat_writer_set_file_format_version(w, 5);
      return readstat_begin_writing_xport(w, f, n);
    case Stat::kSas7bdat:
      return readstat_begin_writing_sas7bdat(w, f, n);
    case Stat::kSav:
      return readstat_begin_writing_sav(w, f, n);
    case Stat::kDta:
      return readstat_begin_writing_dta(w, f, n);
  }
  return READSTAT_ERROR_WRITE;
}

bool WriteStat(const std::string& path, Stat format, int n) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  readstat_writer_t* w = readstat_writer_init();
  readstat_set_data_writer(w, WriteBytes);
  readstat_variable_t* subj = readstat_add_variable(w, "USUBJID", READSTAT_TYPE_STRING, 8);
  readstat_variable_t* id = readstat_add_variable(w, "IDNO", READSTAT_TYPE_STRING, 18);
  readstat_variable_t* age = readstat_add_variable(w, "AGE", READSTAT_TYPE_DOUBLE, 0);
  bool ok = BeginWriting(format, w, f, n) == READSTAT_OK;
  for (int i = 0; ok && i < n; ++i) {
    char s[16];
    std::snprintf(s, sizeof s, "S%04d", i);
    std::string rid = ResidentId(i);
    ok = readstat_begin_row(w) == READSTAT_OK &&
         readstat_insert_string_value(w, subj, s) == READSTAT_OK &&
         readstat_insert_string_value(w, id, rid.c_str()) == READSTAT_OK &&
         readstat_insert_double_value(w, age, 30 + i % 40) == READSTAT_OK &&
         readstat_end_row(w) == READSTAT_OK;
  }
  ok = ok && readstat_end_writing(w) == READSTAT_OK;
  readstat_writer_free(w);
  return std::fclose(f) == 0 && ok;
}

// The four little-endian bytes of `v`.
std::string Le32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>(v >> (8 * i));
  return s;
}

// N samples and `records` records written by htslib in `mode` ("wz": .vcf.gz, "wb": BCF, "wbu":
// uncompressed BCF), then the pieces of `tail` as raw bytes, each after the first in a BGZF
// block of its own.
bool WriteCalls(const std::string& path, const char* mode, int n, int records = 20,
                const std::vector<std::string>& tail = {}) {
  htsFile* fp = hts_open(path.c_str(), mode);
  if (fp == nullptr) return false;
  bcf_hdr_t* h = bcf_hdr_init("w");
  bcf_hdr_append(h, "##contig=<ID=chr1,length=248956422>");
  bcf_hdr_append(h, "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">");
  bcf_hdr_append(h, "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Read depth\">");
  for (int i = 0; i < n; ++i) {
    char s[16];
    std::snprintf(s, sizeof s, "S%04d", i);
    bcf_hdr_add_sample(h, s);
  }
  bcf_hdr_add_sample(h, nullptr);
  bool ok = bcf_hdr_write(fp, h) == 0;
  bcf1_t* rec = bcf_init();
  int32_t* gt = static_cast<int32_t*>(std::malloc(sizeof(int32_t) * 2 * n));
  int32_t* dp = static_cast<int32_t*>(std::malloc(sizeof(int32_t) * n));
  for (int pos = 0; ok && pos < records; ++pos) {
    bcf_clear(rec);
    rec->rid = bcf_hdr_name2id(h, "chr1");
    rec->pos = 10000 + pos * 100;
    bcf_update_alleles_str(h, rec, "A,G");
    for (int i = 0; i < n; ++i) {
      gt[2 * i] = bcf_gt_unphased(0);
      gt[2 * i + 1] = bcf_gt_unphased((i + pos) % 2);
      dp[i] = 20 + i % 10;
    }
    bcf_update_genotypes(h, rec, gt, 2 * n);
    bcf_update_format_int32(h, rec, "DP", dp, n);
    ok = bcf_write(fp, h, rec) == 0;
  }
  std::free(gt);
  std::free(dp);
  bcf_destroy(rec);
  bcf_hdr_destroy(h);
  for (size_t i = 0; ok && i < tail.size(); ++i) {
    BGZF* z = fp->fp.bgzf;
    ok = (i == 0 || bgzf_flush(z) == 0) &&
         bgzf_write(z, tail[i].data(), tail[i].size()) == static_cast<ssize_t>(tail[i].size());
  }
  return hts_close(fp) == 0 && ok;
}

// A BCF header declaring 1 GiB of text, followed by a little of it.
bool WriteHugeHeader(const std::string& path) {
  BGZF* z = bgzf_open(path.c_str(), "w");
  if (z == nullptr) return false;
  std::string bytes = std::string("BCF\2\2", 5) + Le32(1u << 30) + "##fileformat=VCFv4.2\n";
  bool ok = bgzf_write(z, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  return bgzf_close(z) == 0 && ok;
}

// Copies the first two thirds of `from` to `to`.
bool Truncate(const std::string& from, const std::string& to) {
  FILE* in = std::fopen(from.c_str(), "rb");
  if (in == nullptr) return false;
  FILE* out = std::fopen(to.c_str(), "wb");
  if (out == nullptr) {
    std::fclose(in);
    return false;
  }
  std::fseek(in, 0, SEEK_END);
  long size = std::ftell(in);
  std::fseek(in, 0, SEEK_SET);
  for (long i = 0; i < size * 2 / 3; ++i) std::fputc(std::fgetc(in), out);
  std::fclose(in);
  return std::fclose(out) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_test_data DIR N\n");
    return 64;
  }
  std::string dir = argv[1];
  int n = std::atoi(argv[2]);
  // A record's 24 fixed bytes after its lengths: rid 0, pos 0, rlen 1, qual 0, n_info 0,
  // n_allele 2, n_sample N, n_fmt 2.
  std::string fixed = Le32(0) + Le32(0) + Le32(1) + Le32(0) + Le32(2u << 16) +
                      Le32(static_cast<uint32_t>(n) | 2u << 24);
  bool ok = WriteStat(dir + "/dm.xpt", Stat::kXpt, n) &&
            WriteStat(dir + "/dm.sas7bdat", Stat::kSas7bdat, n) &&
            WriteStat(dir + "/dm.sav", Stat::kSav, n) && WriteStat(dir + "/dm.dta", Stat::kDta, n) &&
            WriteCalls(dir + "/calls.vcf.gz", "wz", n) && WriteCalls(dir + "/calls.bcf", "wb", n) &&
            WriteCalls(dir + "/calls-u.bcf", "wbu", n) &&
            WriteCalls(dir + "/huge-shared.bcf", "wb", n, 1, {Le32(1u << 30) + Le32(0) + fixed}) &&
            WriteCalls(dir + "/huge-straddle.bcf", "wb", n, 1,
                       {Le32(1u << 30).substr(0, 3), Le32(1u << 30).substr(3) + Le32(0) + fixed}) &&
            WriteCalls(dir + "/huge-indiv.bcf", "wb", n, 1, {Le32(32) + Le32(1u << 30) + fixed}) &&
            WriteCalls(dir + "/huge-shared-u.bcf", "wbu", n, 1, {Le32(1u << 30) + Le32(0) + fixed}) &&
            WriteCalls(dir + "/cut-lengths.bcf", "wb", n, 1, {Le32(1u << 30) + "\0"}) &&
            WriteHugeHeader(dir + "/huge-header.bcf") &&
            // The header and part of the records (the BGZF end marker gone).
            Truncate(dir + "/calls.vcf.gz", dir + "/truncated.vcf.gz") &&
            Truncate(dir + "/dm.sas7bdat", dir + "/truncated.sas7bdat");
  if (!ok) {
    std::fprintf(stderr, "make_test_data: writing failed\n");
    return 1;
  }
  return 0;
}
