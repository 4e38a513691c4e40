// ParseBoundedDocument: RapidJSON's DOM for the few places that need it (JSON
// patches, re-serialising a signed payload, comparing two decisions), with
// the guarantee the rest of the checker has from json_parser.h: nesting
// depth set by the input can never exhaust the stack.
//
// RapidJSON's default parse is recursive, and so are Accept(), operator== and
// every walk over a Document: a 1,000,000-deep array crashes each of them. So
// the text is first scanned (linear, no recursion) for its nesting depth,
// then parsed with kParseIterativeFlag; what walks the document afterwards
// recurses at most `max_depth` times.
#ifndef DXCHECK_BASE_JSON_BOUNDED_H_
#define DXCHECK_BASE_JSON_BOUNDED_H_

#include <string_view>

#include "rapidjson/document.h"

namespace dxcheck {

// The depth bound for documents the checker wrote itself (decisions,
// statements) and the manifests patched by list tests: a manifest nests at
// most 256 deep and a decision quotes manifest values a few levels down.
constexpr int kMaxDocumentDepth = 300;

struct BoundedParseOptions {
  int max_depth = kMaxDocumentDepth;
  bool allow_comments = false;
  bool stop_when_done = false;  // parse one value and ignore what follows it
};

// How deep arrays and objects nest in `text` (strings and comments skipped),
// scanning no further than one level past `limit`.
int JsonNestingDepth(std::string_view text, int limit);

// Parses `text` into `*doc`. True when it is JSON nesting at most
// options.max_depth deep; false when it nests deeper (`*doc` untouched) or
// RapidJSON reports an error.
bool ParseBoundedDocument(std::string_view text, const BoundedParseOptions& options,
                          rapidjson::Document* doc);

}  // namespace dxcheck

#endif  // DXCHECK_BASE_JSON_BOUNDED_H_
