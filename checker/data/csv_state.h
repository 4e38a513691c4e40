// CsvReader::State and the functions of the CSV reader's two files: csv_reader.cc
// (opening, decoding, libcsv and its callbacks, the end of the file) and
// csv_lines.cc (the bulk path: lines without a quote split by the reader
// itself, exactly as libcsv would split them). Internal to those two files.
#ifndef DXCHECK_DATA_CSV_STATE_H_
#define DXCHECK_DATA_CSV_STATE_H_

#include <csv.h>
#include <iconv.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checker/base/status.h"
#include "checker/data/csv_reader.h"

namespace dxcheck {

struct CsvReader::State {
  csv_parser parser;
  bool parser_ready = false;
  iconv_t cd = reinterpret_cast<iconv_t>(-1);
  std::string encoding;      // "utf-8" or the iconv name
  bool utf8 = true;          // encoding == "utf-8": values are validated
  std::string pending;       // an incomplete multi-byte sequence from the last chunk
  std::string converted;     // this chunk in UTF-8
  uint64_t offset = 0;       // bytes of the file consumed
  bool bom_checked = false;
  bool header = true;
  TableVisitor* visitor = nullptr;
  std::vector<std::string> names;  // the header row, while it is read
  std::vector<std::string> first_row;  // without a header: the first record's values
  size_t column = 0;               // of the current record
  size_t width = 0;                // columns of the file, once known
  uint64_t records = 0;            // data records (the header excluded)
  bool columns_sent = false;
  Status error;
  // The bulk path (see Feed): records without a quote character are split
  // here; a record with one goes to libcsv whole.
  bool bulk = true;           // Open's `bulk`, and the dialect allows it
  unsigned char delim = ',', quote = '"';
  bool space_is_tab = true;   // libcsv trims spaces and, unless TSV, tabs
  bool in_libcsv = false;     // libcsv is inside a record (a quoted value spans lines)
  bool quotes_odd = false;    // of the quote characters libcsv has had in this record
  std::string carry;          // an unfinished line, waiting for the next chunk
  // The delimiters of the line being split: ends[0..delimiters). The buffer
  // only grows (to a line's length at most), so splitting allocates nothing.
  std::vector<uint32_t> ends;
  size_t delimiters = 0;
  bool avx2 = false;          // KeyLine's AVX2 kernel (Open's `avx2` and the CPU has it)

  ~State() {
    if (parser_ready) csv_free(&parser);
    if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  }
  // libcsv trims spaces and, unless the delimiter is a tab, tabs.
  bool IsSpace(unsigned char c) const { return c == ' ' || (c == '\t' && space_is_tab); }
  // Records count from the file's first line: the header, while it is read,
  // is record 1, and data record n is n + 1 after it.
  std::string Where() const {
    bool in_header = header && !columns_sent;
    return "record " + std::to_string(in_header ? 1 : records + (header ? 2 : 1)) + ", column " +
           std::to_string(column + 1);
  }
};

// Lines longer than this go to libcsv as they come (it caps a value at
// kMaxCellBytes) instead of being carried to the next chunk whole.
constexpr size_t kMaxCarry = 1 << 20;

// One value of the current record; `checked`: already known to be valid UTF-8
// (or the input is not UTF-8). The first error is kept in s->error.
void CsvValue(CsvReader::State* s, std::string_view v, bool checked);
// The current record ended (the header's end sends the columns).
void CsvRecordEnd(CsvReader::State* s);
// Hands `bytes` to libcsv (csv_reader.cc).
void CsvLibcsvParse(CsvReader::State* s, std::string_view bytes);
// A complete line, its line feed included (absent only at the end of the
// file): the bulk path, or libcsv when the line needs it (csv_lines.cc).
void CsvLine(CsvReader::State* s, std::string_view line);

}  // namespace dxcheck

#endif  // DXCHECK_DATA_CSV_STATE_H_
