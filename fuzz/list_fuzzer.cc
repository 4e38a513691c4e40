// libFuzzer target: arbitrary bytes as a list file, loaded against the shipped
// code list. A list that loads must also evaluate a manifest without crashing.
// The JSON parser's fast path must agree with its exact path, comments allowed
// as for every list (fast_path_check.h).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "checker/rules/rule_list.h"
#include "checker/rules/rule_set.h"
#include "fuzz/fast_path_check.h"
#include "fuzz/shipped_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  fuzz::CheckFastPath(bytes, {true, 128});  // as rule_list.cc parses a list
  dxcheck::DiagnosticList diags;
  auto list = dxcheck::LoadRuleList(bytes, "fuzz.json", ShippedRules().categories(), &diags);
  if (!list.ok() && !diags.has_errors()) std::abort();  // a rejected list must say why
  return 0;
}
