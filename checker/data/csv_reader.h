// CsvReader: CSV and TSV files with the Frictionless `dialect` and
// `encoding` (spec/data.md "Formats"), pushed to a TableVisitor.
//
// Bytes arrive in chunks (StreamFile); a GB18030, GBK or GB2312 file is
// converted to UTF-8 by iconv on the way, keeping an incomplete multi-byte
// sequence for the next chunk, and libcsv splits records and fields in strict
// mode (a stray quote is an error, an unterminated quoted field at the end
// too). For speed, a line without a quote character is split by the reader
// itself, exactly as libcsv splits it (csv_lines.cc, the "bulk path"; a
// differential test compares the two on random text); a row the visitor
// reads one value of (TableVisitor::RowWants) is only scanned for that
// value's bounds and its delimiter count (SSE2, or AVX2 when the CPU has it).
// A UTF-8 file is validated value by value, and a NUL byte in any file is
// an error (a UTF-16 file read as UTF-8 would otherwise pass with every
// value hidden from the detectors). Every error names the
// record and column, or the byte offset for an encoding error — never the
// bytes themselves.
#ifndef DXCHECK_DATA_CSV_READER_H_
#define DXCHECK_DATA_CSV_READER_H_

#include <memory>
#include <string>
#include <string_view>

#include "checker/base/status.h"
#include "checker/data/table_reader.h"
#include "checker/manifest/manifest.h"

namespace dxcheck {

class CsvReader {
 public:
  // REQUIRES: `visitor` outlives the reader. `tsv`: the default delimiter is a
  // tab. InvalidInput for an encoding iconv does not know. `bulk` false sends
  // every record through libcsv (the differential test of the bulk path);
  // `avx2` false keeps the bulk path to SSE2 even on a CPU with AVX2 (the
  // tests run both).
  static Result<std::unique_ptr<CsvReader>> Open(const Resource& r, bool tsv,
                                                 TableVisitor* visitor, bool bulk = true,
                                                 bool avx2 = true);
  ~CsvReader();

  // Parses the next chunk. The first error stops the reader; later calls
  // return it again.
  Status Feed(std::string_view bytes);
  // The end of the file: flushes the last record.
  Status Finish();
  uint64_t records() const;

  struct State;

 private:
  CsvReader() = default;
  void Parse(std::string_view utf8);
  std::unique_ptr<State> s_;
};

}  // namespace dxcheck

#endif  // DXCHECK_DATA_CSV_READER_H_
