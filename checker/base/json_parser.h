// ParseJson: exact-bytes JSON parsing with positions, for manifests and lists.
//
// Strict where RapidJSON 1.1 is lenient by default: duplicate keys are errors
// (E1003), invalid UTF-8 is an error (E1002), data after the document is an
// error (E1004), nesting is bounded (E1007). A UTF-8 byte-order mark is
// skipped. Comments ("//" and "/* */") are accepted only when asked for (lists
// allow them; manifests, written by pipelines, do not).
//
// Positions: lines and columns are 1-based; columns count code points, so a
// column points at the same character an editor shows for Chinese text.
#ifndef DXCHECK_BASE_JSON_PARSER_H_
#define DXCHECK_BASE_JSON_PARSER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/base/json_value.h"

namespace dxcheck {

// The default bound on the values of one document: see docs/limits.md.
constexpr size_t kMaxJsonValues = 4'000'000;

struct JsonParseOptions {
  bool allow_comments = false;
  int max_depth = 256;  // arrays and objects nested deeper are rejected (E1007)
  // Documents with more values (every scalar, array and object counts) are
  // rejected while they are read (E1008), so the tree never grows past it.
  size_t max_values = kMaxJsonValues;
  // When set, the fast path (json_fast_parse.h) takes the tree's items from
  // it: the caller keeps it alive, where it is, while the tree lives
  // (json_arena.h). The exact path ignores it.
  JsonArena* arena = nullptr;
};

// Maps byte offsets of one text to line and column.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // REQUIRES: offset <= text.size().
  void Locate(size_t offset, int* line, int* column) const;

 private:
  std::string_view text_;
  std::vector<size_t> line_starts_;
};

// Parses `text`, the exact bytes of `file`. Returns the document, or nullopt
// when it is not JSON at all; every problem is reported to `sink` (which must
// not be null). A document with duplicate keys is still returned (the first
// occurrence kept) so callers can go on reporting other problems in one run.
// A well-formed document is read in one pass over the text in place
// (json_fast_parse.h); anything else is parsed again on the exact path, so
// positions and pointers are worked out only for a document with a problem.
std::optional<JsonValue> ParseJson(std::string_view text, const std::string& file,
                                   const JsonParseOptions& options, DiagnosticSink* sink);

// ParseJson on its exact path only (RapidJSON, every position located): what
// ParseJson falls back to when json_fast_parse.h gives up, and what tests and
// the fuzz target compare that path with. Same contract as ParseJson.
std::optional<JsonValue> ParseJsonExact(std::string_view text, const std::string& file,
                                        const JsonParseOptions& options, DiagnosticSink* sink);

// ParseJson for documents that must be an object: reports E1102 "expected
// <what>, found <type>" otherwise. Returns the object or nullopt.
std::optional<JsonValue> ParseJsonObject(std::string_view text, const std::string& file,
                                         const JsonParseOptions& options, std::string_view what,
                                         DiagnosticSink* sink);

}  // namespace dxcheck

#endif  // DXCHECK_BASE_JSON_PARSER_H_
