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
#include <string_view>
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

// The JSON pointers of a fact's value: most facts have one, kept inline so
// that building the facts of a check allocates for none of them. Views of
// string literals, of the manifest's field pointers, or of strings the Facts
// own.
class FactPointers {
 public:
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  std::string_view operator[](size_t i) const { return i == 0 ? first_ : rest_[i - 1]; }
  void push_back(std::string_view p) {
    if (n_++ == 0) {
      first_ = p;
    } else {
      rest_.push_back(p);
    }
  }
  void reserve(size_t n) { rest_.reserve(n > 1 ? n - 1 : 0); }
  // Only `p`.
  void assign(std::string_view p) {
    rest_.clear();
    first_ = p;
    n_ = 1;
  }

 private:
  size_t n_ = 0;
  std::string_view first_;
  std::vector<std::string_view> rest_;
};

// A fact's value. Strings point into the Manifest and DataProfile the facts
// were built from, which must outlive them (they are built and used within
// one evaluation).
struct FactValue {
  bool b = false;
  const std::string* s = nullptr;  // null: an absent optional string (zone, exemption)
  uint64_t n = 0;
  std::vector<const std::string*> set;
  FactPointers pointers;  // manifest members this value came from
  // Count facts summed from several members (cumulative.*): the part each
  // pointer contributed, parallel to `pointers`. Empty for single members.
  std::vector<uint64_t> parts;
};

// One field's categories, for category predicates.
struct FieldFacts {
  std::string_view pointer;
  const std::vector<std::string>* categories = nullptr;  // the profile's
  bool personal = false;
  bool sensitive = false;
};

class Facts {
 public:
  // REQUIRES: `profile` was built from `m`; both outlive the Facts and do
  // not change while it lives.
  static Facts Build(const Manifest& m, const DataProfile& profile);

  const FactValue& Get(int index) const { return values_[static_cast<size_t>(index)]; }
  const std::vector<FieldFacts>& fields() const { return fields_; }
  uint64_t cumulative_personal() const;
  uint64_t cumulative_sensitive() const;

 private:
  std::vector<FactValue> values_;  // parallel to FactRegistry()
  std::vector<FieldFacts> fields_;
  // Pointers made here ("/dxcheck/recipients/3/country"), reserved before
  // they are made so that the views into them stay valid.
  std::vector<std::string> owned_;
};

}  // namespace dxcheck

#endif  // DXCHECK_RULES_FACTS_H_
