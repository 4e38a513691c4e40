// ScanKey: the scan of one line of a delimited text for the bounds of one
// value only — CsvReader's path for rows a visitor reads one value of
// (TableVisitor::RowWants): the delimiters are counted with popcount, not
// written out, and only the two around the value are located; quotes,
// carriage returns and bytes above 0x7F are flagged for the caller, which
// sends such a line to the full split. Sixteen bytes at a time with SSE2
// (part of x86-64), thirty-two with AVX2 when the CPU has it (checked at
// run time); the tests run both against libcsv (csv_reader_test.cc).
#ifndef DXCHECK_DATA_KEY_SCAN_H_
#define DXCHECK_DATA_KEY_SCAN_H_

#include <cstddef>
#include <cstdint>

namespace dxcheck {

// What ScanKey finds in a line: the delimiters counted, where value `want`
// begins and ends (valid when want <= delimiters; the last value ends at the
// line's end), whether a quote or carriage return (`special`) or a byte
// above 0x7F (`high`) is in it.
struct KeyScan {
  size_t delimiters = 0;
  uint32_t begin = 0, end = 0;
  bool special = false, high = false;
};

// Scans the `n` bytes at `p` (a line without its line feed) for value `want`
// (0-based) between `delim`s. `avx2`: use the AVX2 kernel; REQUIRES: then
// CpuHasAvx2ForKeyScan().
KeyScan ScanKey(const unsigned char* p, size_t n, unsigned char delim, unsigned char quote,
                size_t want, bool avx2);

// Whether this CPU runs the AVX2 kernel (avx2, popcnt and bmi).
bool CpuHasAvx2ForKeyScan();

}  // namespace dxcheck

#endif  // DXCHECK_DATA_KEY_SCAN_H_
