// FastParseJson: ParseJson's path for documents that are plainly well formed.
//
// Nearly every document the checker reads is valid JSON, and for those the
// exact path (json_parser.cc and json_tree_builder.cc: RapidJSON, a copy of
// the text, a line index, every token located twice) is mostly work for
// diagnostics never written.
// This path reads the text once, in place, and builds the same JsonValue tree
// (types, literals, decoded strings, keys, offsets, lines, columns in code
// points, parents). It reports nothing: at the first thing it does not handle
// — any syntax or encoding error, a duplicate key, a bound passed, a comment
// the options do not allow, a number with an exponent or longer than 64
// characters, a \u escape of a surrogate — it gives up, and ParseJson parses
// again on the exact path, which words every diagnostic. So it must never
// accept a text the exact path rejects or answers differently;
// tests/unit/base/json_fast_parse_test.cc and fuzz/manifest_fuzzer.cc compare
// the two.
#ifndef DXCHECK_BASE_JSON_FAST_PARSE_H_
#define DXCHECK_BASE_JSON_FAST_PARSE_H_

#include <string_view>

#include "checker/base/json_parser.h"
#include "checker/base/json_value.h"

namespace dxcheck {

// Parses `text` (the exact bytes of a document, a UTF-8 byte-order mark
// included) into *out and returns true, or returns false with *out reset to a
// default (null) value. True only when ParseJson's exact path would return
// the same tree with no diagnostic. Not re-entrant per thread (it keeps its
// scratch in thread-local storage); threads may parse concurrently.
bool FastParseJson(std::string_view text, const JsonParseOptions& options, JsonValue* out);

}  // namespace dxcheck

#endif  // DXCHECK_BASE_JSON_FAST_PARSE_H_
