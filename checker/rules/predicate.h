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
#include <string_view>
#include <vector>

#include "checker/base/json_value.h"
#include "checker/base/object_reader.h"
#include "checker/categories/category_list.h"
#include "checker/rules/facts.h"

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
};

// Parses a predicate node. Problems (E1304 shape or operator, E1305 unknown
// fact, E1308 operand of the wrong type, E1113 unknown category) go to ctx;
// returns false when there was any.
bool ParsePredicate(const JsonValue& v, const InputContext& ctx, const CategoryList& categories,
                    Predicate* out);

// One piece of evidence for a leaf that held.
struct Evidence {
  std::string_view fact;   // "cumulative.personal", "categories", "personsWith": a static name
  std::string pointer;     // into the manifest
  std::string value_json;  // the value seen, as JSON text
  std::string test;        // ">= 100000", "under pi.health", "is true"
};

// The first leaf that made a predicate false, for `explain`.
struct Failure {
  std::string pointer;  // of the leaf in the list file
  std::string test;     // "cumulative.personal >= 100000"
  std::string seen;     // "50000"
};

// Evaluates `p`. When it holds, the evidence of the leaves that made it hold
// is appended to `evidence` (if not null: with null, no evidence text is
// built, the cheap way to ask whether a rule fires); when it does not,
// `failure` (if not null) describes the first leaf that failed.
bool EvaluatePredicate(const Predicate& p, const Facts& facts, std::vector<Evidence>* evidence,
                       Failure* failure);

// "cumulative.personal >= 100000", "all of 3 conditions": one line per node.
std::string DescribePredicate(const Predicate& p);

}  // namespace dxcheck

#endif  // DXCHECK_RULES_PREDICATE_H_
