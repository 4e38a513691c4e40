// The JSON parser's fast path against its exact path, for the fuzzers: where
// the fast path answers, the exact path must report nothing and build the same
// tree (values, keys, positions, parent links); else the process aborts.
// manifest_fuzzer checks it without comments (manifests), list_fuzzer with
// them (the rule lists allow comments).
#ifndef DXCHECK_FUZZ_FAST_PATH_CHECK_H_
#define DXCHECK_FUZZ_FAST_PATH_CHECK_H_

#include <cstdlib>
#include <string>

#include "checker/base/json_fast_parse.h"

namespace fuzz {

inline bool SameTree(const dxcheck::JsonValue& a, const dxcheck::JsonValue& b) {
  if (a.type != b.type || a.boolean != b.boolean || a.text != b.text || a.key != b.key ||
      a.line != b.line || a.column != b.column || a.offset != b.offset ||
      a.items.size() != b.items.size()) {
    return false;
  }
  for (size_t i = 0; i < a.items.size(); ++i) {
    if (a.items[i].parent != &a || !SameTree(a.items[i], b.items[i])) return false;
  }
  return true;
}

inline void CheckFastPath(const std::string& bytes, const dxcheck::JsonParseOptions& options) {
  dxcheck::JsonValue fast;
  if (!dxcheck::FastParseJson(bytes, options, &fast)) return;
  dxcheck::DiagnosticList diags;
  auto exact = dxcheck::ParseJsonExact(bytes, "fuzz.json", options, &diags);
  if (!exact || !diags.all().empty() || !SameTree(fast, *exact)) std::abort();
}

}  // namespace fuzz

#endif  // DXCHECK_FUZZ_FAST_PATH_CHECK_H_
