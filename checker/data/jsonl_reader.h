// JsonlReader: JSON Lines files (one object per line, keys as columns;
// spec/data.md "Formats"), pushed to a TableVisitor.
//
// Each line is parsed with the project's JSON reader (ParseJsonObject: strict
// UTF-8, duplicate keys refused, bounded nesting) into its own small tree, so
// memory is bounded by the longest line, which is capped (kMaxJsonLineBytes).
// Columns are the keys in order of first appearance: the first line's keys,
// then any key a later line adds (TableVisitor::Columns is called again with
// the longer list). A string or number is a cell's value (a number as its
// literal); true and false and null are passed as empty cells. An array or
// object is a column's nested value: its strings and numbers, and the keys
// of the objects inside it, at any depth, are that row's value of the
// column, in parts (TableVisitor::CellParts: a detector matches the value
// when it matches a part, so a record's other members do not dilute it),
// so nothing
// nested goes untested — except in the counting-key column, where a nested
// value is an error (a person's key is one scalar, and counting its parts
// would be a guess). A NUL character in a string is an error, as in CSV: it
// splits a value so that no detector sees it whole.
//
// Privacy: the parser's messages quote the text they fail on, which may be a
// personal value, so they are never forwarded — an error names the line and
// the parser's code (E1002, E1003, ...) only.
#ifndef DXCHECK_DATA_JSONL_READER_H_
#define DXCHECK_DATA_JSONL_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "checker/base/json_value.h"
#include "checker/base/status.h"
#include "checker/data/table_reader.h"

namespace dxcheck {

constexpr size_t kMaxJsonLineBytes = 16 << 20;
constexpr size_t kMaxJsonLineValues = 1 << 18;  // E1008 past it

class JsonlReader {
 public:
  // REQUIRES: `visitor` outlives the reader.
  explicit JsonlReader(TableVisitor* visitor) : visitor_(visitor) {}

  // Parses the complete lines of the next chunk (the rest waits for the
  // next). The first error stops the reader; later calls return it again.
  Status Feed(std::string_view bytes);
  // The end of the file: parses a last line without a newline.
  Status Finish();
  uint64_t records() const { return records_; }

 private:
  Status Line(std::string_view line);
  // The strings, numbers and object keys inside `v`, into `parts`.
  static void NestedParts(const JsonValue& v, std::vector<std::string_view>* parts);
  // Whether a string or a key in `v` holds a NUL character.
  static bool HasNul(const JsonValue& v);

  TableVisitor* visitor_;
  std::string partial_;  // a line not yet ended
  std::vector<std::string> names_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::string_view> parts_;  // of one nested value (reused)
  uint64_t line_ = 0, records_ = 0;
  bool columns_sent_ = false;
  Status error_;
};

}  // namespace dxcheck

#endif  // DXCHECK_DATA_JSONL_READER_H_
