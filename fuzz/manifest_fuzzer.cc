// libFuzzer target: arbitrary bytes as a manifest, checked against the shipped
// rules. Any input must end in a decision or diagnostics, never a crash. The
// JSON parser's fast path must also agree with its exact path: where it
// answers, the exact path reports nothing and builds the same tree.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "checker/base/json_fast_parse.h"
#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"
#include "fuzz/shipped_rules.h"

namespace {

bool SameTree(const dxcheck::JsonValue& a, const dxcheck::JsonValue& b) {
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

void CheckFastPath(const std::string& bytes) {
  dxcheck::JsonParseOptions options{false, 256, dxcheck::kMaxManifestValues};
  dxcheck::JsonValue fast;
  if (!dxcheck::FastParseJson(bytes, options, &fast)) return;
  dxcheck::DiagnosticList diags;
  auto exact = dxcheck::ParseJsonExact(bytes, "fuzz.json", options, &diags);
  if (!exact || !diags.all().empty() || !SameTree(fast, *exact)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  CheckFastPath(bytes);
  dxcheck::CheckOptions options;
  options.evaluation.at = *dxcheck::Date::Parse("2026-12-01");
  dxcheck::DiagnosticList diags;
  auto d = dxcheck::RunCheck(bytes, "fuzz.json", ShippedRules(), options, &diags);
  if (d.ok()) {
    std::string json = dxcheck::DecisionToJson(*d);
    if (json.empty()) std::abort();
  } else if (!diags.has_errors() && d.status().code() == dxcheck::StatusCode::kInvalidInput) {
    std::abort();  // an invalid input must say why
  }
  return 0;
}
