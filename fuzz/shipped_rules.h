// ShippedRules: the rule set of the source tree's rules/ (the code list and
// the five lists), loaded once per fuzzer process; a tree whose rules do not
// load aborts the fuzzer at its first input (the harness itself is broken).
#ifndef DXCHECK_FUZZ_SHIPPED_RULES_H_
#define DXCHECK_FUZZ_SHIPPED_RULES_H_

#include <cstdlib>
#include <string>

#include "checker/rules/rule_set.h"

inline const dxcheck::RuleSet& ShippedRules() {
  static const dxcheck::RuleSet* rules = [] {
    dxcheck::DiagnosticList diags;
    auto r = dxcheck::RuleSet::Load(std::string(DXCHECK_SOURCE_DIR) + "/rules", {}, &diags);
    if (!r.ok()) std::abort();
    return new dxcheck::RuleSet(std::move(r).value());
  }();
  return *rules;
}

#endif  // DXCHECK_FUZZ_SHIPPED_RULES_H_
