// Synthetic data for the scan benchmarks (data_bench.cc) and for measuring
// `dxcheck check --data` with /usr/bin/time (make_scan_data.cc): a CSV of
// 20 columns where a row is a visit of one of `persons` made-up persons
// (their subject id, a resident ID number with a valid GB 11643 check digit,
// a 138/139 mobile number, and lab, adverse-event and dosing values), a VCF
// of `samples` sample columns, and a datapackage.json describing each file
// with its measured bytes and sha256. No real person is in any of it.
#ifndef DXCHECK_BENCH_SCAN_DATA_H_
#define DXCHECK_BENCH_SCAN_DATA_H_

#include <cstdint>
#include <string>

namespace dxcheck {

struct ScanFile {
  std::string data, manifest;  // paths; "" on failure
  uint64_t bytes = 0, rows = 0;
};

// Writes DIR/scan.csv of about `bytes` bytes and DIR/scan.json.
ScanFile WriteScanCsv(const std::string& dir, uint64_t bytes, uint64_t persons);
// Writes DIR/scan.vcf (plain text: htslib parses every record) with
// `samples` samples and `records` records, and DIR/scan-vcf.json.
ScanFile WriteScanVcf(const std::string& dir, int samples, uint64_t records);

}  // namespace dxcheck

#endif  // DXCHECK_BENCH_SCAN_DATA_H_
