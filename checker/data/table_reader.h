// TableVisitor and the streaming byte source every reader of checker/data
// shares.
//
// A reader turns a file into columns and cells and hands them to a
// TableVisitor (data_scan.cc counts rows, tests values with the content
// detectors and records persons). StreamFile reads a file once in fixed-size
// chunks, computing its size and SHA-256 as it goes, so memory does not
// depend on the file's size.
#ifndef DXCHECK_DATA_TABLE_READER_H_
#define DXCHECK_DATA_TABLE_READER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/base/status.h"

namespace dxcheck {

// The values of one line of a delimited text (CsvReader's bulk path): the
// line, split at the offsets of its delimiters, each value trimmed of spaces
// (and of tabs unless they delimit) as libcsv trims — only when asked for, so
// that a visitor pays for the values it reads and no more. A row the visitor
// asked one value of (TableVisitor::RowWants) has only that one located.
class DelimitedRow {
 public:
  static constexpr size_t kEvery = SIZE_MAX;  // RowWants: every value
  static constexpr size_t kNone = SIZE_MAX - 1;  // RowWants: none (the row is only counted)
  // Every value. REQUIRES: ends[0..delimiters) ascending offsets into `line`.
  DelimitedRow(std::string_view line, const uint32_t* ends, size_t delimiters, bool trim_tabs)
      : line_(line), ends_(ends), delimiters_(delimiters), trim_tabs_(trim_tabs) {}
  // A row of `values` values of which only value `only` is located, at
  // [begin, end) of `line` (untrimmed); `only` >= values: none is.
  DelimitedRow(std::string_view line, size_t values, size_t only, uint32_t begin, uint32_t end,
               bool trim_tabs)
      : line_(line), ends_(nullptr), delimiters_(values - 1), trim_tabs_(trim_tabs),
        only_(only), begin_(begin), end_(end) {}
  size_t size() const { return delimiters_ + 1; }
  // Whether value i can be read (every value, or the one asked for).
  bool has(size_t i) const { return only_ == kEvery ? i <= delimiters_ : i == only_; }
  bool complete() const { return only_ == kEvery; }
  // REQUIRES: has(i).
  std::string_view operator[](size_t i) const {
    size_t a, b;
    if (only_ != kEvery) {
      a = begin_, b = end_;
    } else {
      a = i == 0 ? 0 : ends_[i - 1] + 1;
      b = i == delimiters_ ? line_.size() : ends_[i];
    }
    const char* p = line_.data();
    while (a < b && IsSpace(p[a])) ++a;
    while (b > a && IsSpace(p[b - 1])) --b;
    return std::string_view(p + a, b - a);
  }

 private:
  bool IsSpace(char c) const { return c == ' ' || (c == '\t' && trim_tabs_); }
  std::string_view line_;
  const uint32_t* ends_;
  size_t delimiters_;
  bool trim_tabs_;
  size_t only_ = kEvery;
  uint32_t begin_ = 0, end_ = 0;
};

class TableVisitor {
 public:
  virtual ~TableVisitor() = default;
  // The file's columns, in order, before any cell. `by_position` when the file
  // has no header (names are then "1", "2", ... and map to schema fields by
  // position). A reader whose columns grow as it reads (JSON Lines) calls it
  // again with the longer list, the names already given unchanged and first.
  // A non-OK status stops the reader with that error.
  virtual Status Columns(const std::vector<std::string>& names, bool by_position) = 0;
  // One value of the current row. REQUIRES: column < the number of columns.
  virtual void Cell(size_t column, std::string_view value) = 0;
  // One value of the current row made of parts (a JSON Lines array or
  // object: its strings, numbers and keys). The default hands each part
  // over as a value of the column.
  virtual void CellParts(size_t column, const std::vector<std::string_view>& parts) {
    for (std::string_view p : parts) Cell(column, p);
  }
  // The current row ended (a record of the file).
  virtual void RowEnd() = 0;
  // A whole row at once, instead of Cell for each value and RowEnd (the CSV
  // bulk path). The default does just that; a visitor that needs only some
  // values reads only those. REQUIRES: row.size() <= the number of columns.
  virtual void Row(const DelimitedRow& row);
  // Which values of the next row the visitor reads when it is handed over
  // whole (Row): DelimitedRow::kEvery (the default), or only the value of
  // one column (an index past the row's end, or kNone: none). The CSV bulk path then
  // only counts the other delimiters. Asked once per row, before it is split.
  virtual size_t RowWants() const { return DelimitedRow::kEvery; }
  // Persons a file names outside its cells (VCF sample ids).
  virtual void Person(std::string_view id) { (void)id; }
  // The column whose values are persons' keys (subjects.countingKey), or
  // SIZE_MAX: a reader of nested values (JSON Lines) refuses a nested value
  // there, since a person's key is one scalar.
  virtual size_t KeyColumn() const { return SIZE_MAX; }
};

// A running size and SHA-256 of a byte stream (StreamFile, and the readers
// that hash what their library reads: stat_reader.cc).
class ByteDigest {
 public:
  ByteDigest();
  ~ByteDigest();
  ByteDigest(const ByteDigest&) = delete;
  ByteDigest& operator=(const ByteDigest&) = delete;
  void Update(const void* data, size_t n);
  uint64_t bytes() const { return bytes_; }
  // Lowercase hex SHA-256 of everything given. Call once.
  std::string Finish();

 private:
  void* md_;  // EVP_MD_CTX
  uint64_t bytes_ = 0;
};

// Reads the files of `paths` one after the other (a multi-part resource is
// their concatenation) in chunks of `chunk` bytes, feeding each to `consume` (may be
// empty) and computing the size and lowercase hex SHA-256. With a `consume`,
// each chunk is hashed on a second thread while `consume` parses it, and that
// thread then reads the next chunk into a second buffer (SHA-256 and the
// read's copy out of the page cache take about as long as the parse).
// NotFound when a file cannot be opened, IoError when reading fails;
// otherwise `consume`'s first error as it is (later chunks are still hashed,
// and not consumed).
Status StreamFile(const std::vector<std::string>& paths, const std::function<Status(std::string_view)>& consume,
                  uint64_t* bytes, std::string* sha256_hex, size_t chunk = 1 << 20);

// True when `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// Limits that keep a hostile file from taking unbounded memory.
constexpr size_t kMaxCellBytes = 16 << 20;  // one value
constexpr size_t kMaxColumns = 16384;

}  // namespace dxcheck

#endif  // DXCHECK_DATA_TABLE_READER_H_
