// VcfRecords: the header and records of a text VCF (plain or bgzip/gzip),
// read in bounded memory and parsed by htslib (stat_reader.cc's ReadVcfFrom).
//
// The header: htslib's vcf_hdr_read holds each line whole (one 300 MiB
// "##" line in a 1.4 MB .vcf.gz took 933 MB), so the header's lines are read
// here, at most kMaxVcfHeaderBytes in all, and given to bcf_hdr_parse as
// vcf_hdr_read gives them (empty lines skipped, a line not starting with '#'
// before #CHROM is an error; no tabix index is looked for beside the file).
//
// The records: htslib's vcf_read reads a whole line into memory before parsing it, so one
// record of 600 MiB (a hostile or broken file: 611 KB compressed) costs
// gigabytes. The checker never parses the sample columns (the persons are the
// header's sample ids, and bcf_hdr_set_samples(hdr, NULL, 0) drops them), so
// this reader keeps only a record's first nine columns (CHROM to FORMAT),
// skips the sample columns as they stream past, and hands the kept prefix
// to htslib's vcf_parse — the same parse vcf_read does, on the same bytes
// that parse reads when no sample is kept. A record whose first nine columns
// exceed kMaxVcfPrefixBytes is an error, so memory is bounded by that limit
// plus one read buffer, whatever the file. Since vcf_parse accepts a record
// cut short (three columns pass), the columns are counted too: a record
// must have the header's 8 fixed columns, FORMAT and one per sample (8 or
// 9 when the header has no sample), or the file is truncated or corrupt.
#ifndef DXCHECK_DATA_VCF_RECORDS_H_
#define DXCHECK_DATA_VCF_RECORDS_H_

#include <htslib/hts.h>
#include <htslib/vcf.h>

#include <cstdint>
#include <string>
#include <vector>

#include "checker/base/status.h"

namespace dxcheck {

constexpr size_t kMaxVcfPrefixBytes = 16 << 20;
constexpr size_t kMaxVcfHeaderBytes = 64 << 20;

class VcfRecords {
 public:
  // REQUIRES: `fp` is a text VCF (hts_get_format) of which nothing has been
  // read. It outlives the reader.
  explicit VcfRecords(htsFile* fp);
  ~VcfRecords();
  VcfRecords(const VcfRecords&) = delete;
  VcfRecords& operator=(const VcfRecords&) = delete;

  // Reads the header (first, once): a header the caller owns
  // (bcf_hdr_destroy), or null with status() saying why.
  bcf_hdr_t* ReadHeader();
  // The header the records are parsed with, which keeps no sample
  // (bcf_hdr_set_samples(hdr, NULL, 0)), and `samples`, its sample columns
  // before they were dropped. REQUIRES: before Next; `hdr` outlives the reader.
  void Start(const bcf_hdr_t* hdr, int samples) {
    hdr_ = hdr;
    samples_ = samples;
  }

  // Reads and parses the next record into `rec`: true when one was read,
  // false at the end of the file or on an error (status() then says which;
  // the message names the record's number, never its content).
  bool Next(bcf1_t* rec);
  const Status& status() const { return status_; }
  uint64_t records() const { return records_; }

 private:
  // Refills buf_ from the file; false at its end (or an error: status_).
  bool Fill();
  // The next bytes of the current line in buf_ (refilled when empty), up to
  // its line feed, which is consumed and sets `*ended`; false at the end of
  // the file.
  bool Piece(const char** p, size_t* len, bool* ended);
  // The next header line into `out` whole (its line feed and a CR before it
  // dropped); false at the end of the file, or (status_) when the line and
  // its line feed take more than `room` bytes: the header is too long.
  bool HeaderLine(std::string* out, size_t room);

  htsFile* fp_;
  const bcf_hdr_t* hdr_ = nullptr;
  int samples_ = 0;
  std::vector<char> buf_;
  size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  kstring_t line_ = {0, 0, nullptr};  // the record's kept columns
  uint64_t records_ = 0;
  Status status_;
};

}  // namespace dxcheck

#endif  // DXCHECK_DATA_VCF_RECORDS_H_
