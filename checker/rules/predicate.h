// Predicate: a rule's condition, a tree in JSON (never a string of code), so
// that `explain` can name the first test that failed and `diff` can compare
// rules node by node. The forms (rules/README.md has the full reference):
//
//   {"all": [P, ...]}   {"any": [P, ...]}   {"not": P}
//   {"fact": NAME, OP: OPERAND}        one operator per leaf:
//      boolean facts:  "is": true|false
//      string facts:   "eq": "s", "in": ["a", ...], "present": true|false
//      count facts:    "gt" | "gte" | "lt" | "lte" | "eq": integer
//      set facts:      "anyIn" | "allIn" | "noneIn": ["a", ...]
//                      "anyUnder" | "allUnder": ["pi.health", "clinical", ...]
//                      (category prefixes: "pi.health" covers "pi.health.x")
//   {"personsWith": ["pi.health", ...], OP: integer}
//      the cumulative number of persons whose data of those categories is
//      exported: cumulative.sensitive when a matching field is sensitive,
//      cumulative.personal otherwise; false when no field has such data.
#ifndef DXCHECK_RULES_PREDICATE_H_
#define DXCHECK_RULES_PREDICATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "checker/base/json_value.h"
#include "checker/base/object_reader.h"
#include "checker/categories/category_list.h"

namespace dxcheck {

struct Predicate {
  enum class Kind { kAll, kAny, kNot, kFact, kPersonsWith };
  Kind kind = Kind::kAll;
  std::vector<Predicate> children;  // all, any, not (one child)
  int fact = -1;                    // kFact: index in FactRegistry()
  std::string op;                   // "is", "eq", "gte", "anyUnder", ...
  bool flag = false;                // boolean operand
  uint64_t number = 0;              // count operand
  std::string text;                 // string operand
  std::vector<std::string> list;    // list operand, or personsWith categories
  std::string pointer;              // where the node is in its list file
  // Leaves: the test their evidence carries, without the fact name
  // (">= 100000", "anyIn [US, JP]"; personsWith: "[pi.health] >= 100000"),
  // and personsWith's per-field test ("under [pi.health]"). Made by
  // ParsePredicate (SetEvidenceTexts, predicate_eval.h), so that evaluation
  // refers to them instead of building a string per evidence.
  std::string test, under;
};

// Parses a predicate node. Problems (E1304 shape or operator, E1305 unknown
// fact, E1308 operand of the wrong type, E1113 unknown category) go to ctx;
// returns false when there was any.
bool ParsePredicate(const JsonValue& v, const InputContext& ctx, const CategoryList& categories,
                    Predicate* out);

}  // namespace dxcheck

#endif  // DXCHECK_RULES_PREDICATE_H_
