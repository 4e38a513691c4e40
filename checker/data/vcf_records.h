// VcfRecords: the records of a text VCF (plain or bgzip/gzip), read in
// bounded memory and parsed by htslib (stat_reader.cc's ReadVcfFrom).
//
// htslib's vcf_read reads a whole line into memory before parsing it, so one
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

class VcfRecords {
 public:
  // REQUIRES: `fp` is a text VCF whose header has been read (bcf_hdr_read),
  // `hdr` keeps no sample; `samples`: the header's sample columns before
  // they were dropped. `fp` and `hdr` outlive the reader.
  VcfRecords(htsFile* fp, const bcf_hdr_t* hdr, int samples);
  ~VcfRecords();
  VcfRecords(const VcfRecords&) = delete;
  VcfRecords& operator=(const VcfRecords&) = delete;

  // Reads and parses the next record into `rec`: true when one was read,
  // false at the end of the file or on an error (status() then says which;
  // the message names the record's number, never its content).
  bool Next(bcf1_t* rec);
  const Status& status() const { return status_; }
  uint64_t records() const { return records_; }

 private:
  // Refills buf_ from the file; false at its end (or an error: status_).
  bool Fill();

  htsFile* fp_;
  const bcf_hdr_t* hdr_;
  int samples_;
  std::vector<char> buf_;
  size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  kstring_t line_ = {0, 0, nullptr};  // the record's kept columns
  uint64_t records_ = 0;
  Status status_;
};

}  // namespace dxcheck

#endif  // DXCHECK_DATA_VCF_RECORDS_H_
