// Facts: the named values a rule's predicate can test, derived once from a
// manifest and its data profile.
//
// The registry below is the vocabulary of the list format (rules/README.md
// documents each name). Predicates resolve fact names to indices when a list
// is loaded, so an unknown name is a list error and evaluation never looks a
// name up. Each fact also knows the manifest members it came from, which
// become the JSON pointers of a match's evidence.
#ifndef DXCHECK_RULES_FACTS_H_
#define DXCHECK_RULES_FACTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/manifest/manifest.h"
#include "checker/rules/data_profile.h"

namespace dxcheck {

enum class FactType { kBool, kString, kCount, kStringSet };
const char* FactTypeName(FactType t);  // "boolean", "string", "count", "set of strings"

struct FactInfo {
  const char* name;
  FactType type;
  const char* doc;
};

// Every fact, in documentation order.
const std::vector<FactInfo>& FactRegistry();
// Index of `name` in FactRegistry(), or -1.
int FindFact(const std::string& name);

struct FactValue {
  bool b = false;
  std::optional<std::string> s;  // absent optional string (zone, exemption)
  uint64_t n = 0;
  std::vector<std::string> set;
  std::vector<std::string> pointers;  // manifest members this value came from
  // Count facts summed from several members (cumulative.*): the part each
  // pointer contributed, parallel to `pointers`. Empty for single members.
  std::vector<uint64_t> parts;
};

// One field's categories, for category predicates.
struct FieldFacts {
  std::string pointer;
  std::vector<std::string> categories;
  bool personal = false;
  bool sensitive = false;
};

class Facts {
 public:
  // REQUIRES: `profile` was built from `m`.
  static Facts Build(const Manifest& m, const DataProfile& profile);

  const FactValue& Get(int index) const { return values_[static_cast<size_t>(index)]; }
  const std::vector<FieldFacts>& fields() const { return fields_; }
  uint64_t cumulative_personal() const;
  uint64_t cumulative_sensitive() const;

 private:
  std::vector<FactValue> values_;  // parallel to FactRegistry()
  std::vector<FieldFacts> fields_;
};

}  // namespace dxcheck

#endif  // DXCHECK_RULES_FACTS_H_
