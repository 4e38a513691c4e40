// Floor: the least a check of a manifest can cost with the same inputs, the
// yardstick of issue 15. It parses the manifest with RapidJSON in situ (no
// tree of its own, no positions, no validation), classifies untagged fields
// with RE2::Sets built from the same code-list patterns and options as
// categories/classifier.cc, computes the facts the rules test into flat
// arrays, and evaluates every rule of every list in force as a postfix
// program of leaves (no evidence, no decision document).
//
// What it leaves out, on purpose: every diagnostic and validation (a bad
// manifest may give any answer), consistency checks, crosswalks, FTZ list
// eligibility and FTZ relief (only exemption relief is applied), clearance,
// evidence, and the decision's JSON. On the national lists alone (what
// bench/compare runs) its verdict and fired rules are dxcheck's; that is
// checked there, request by request.
#ifndef DXCHECK_BENCH_FLOOR_FLOOR_H_
#define DXCHECK_BENCH_FLOOR_FLOOR_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "checker/base/date.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {

class Floor {
 public:
  // The rules of every list of `rules` in force at `at`. Aborts (it is a
  // benchmark) on an operator it does not implement.
  Floor(const RuleSet& rules, const Date& at);
  ~Floor();

  struct Outcome {
    int verdict = 0;            // Verdict's order: 0 free flow ... 3 prohibited
    std::vector<char> fired;    // per rule(): the predicate held
    std::vector<char> relieved; // per rule(): fired and lifted by the claimed exemption
  };

  // Checks `json` (copied into a reused buffer, then parsed in situ). False
  // when it is not JSON with the expected shape.
  bool Check(std::string_view json, Outcome* out);

  // "list/rule" of every rule evaluated, in evaluation order.
  const std::vector<std::string>& rules() const { return rule_ids_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> rule_ids_;
};

}  // namespace dxcheck

#endif  // DXCHECK_BENCH_FLOOR_FLOOR_H_
