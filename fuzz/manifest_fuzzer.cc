// libFuzzer target: arbitrary bytes as a manifest, checked against the shipped
// rules. Any input must end in a decision or diagnostics, never a crash. The
// JSON parser's fast path must also agree with its exact path: where it
// answers, the exact path reports nothing and builds the same tree.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"
#include "fuzz/fast_path_check.h"
#include "fuzz/shipped_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  fuzz::CheckFastPath(bytes, {false, 256, dxcheck::kMaxManifestValues});
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
