// Crosswalk: category codes for labels other tools already attach to data, so
// a field tagged by another tool is understood without a dxcheck tag.
//
//   cdisc        CDISC SDTM variable names, matched against a field's name (USUBJID, BRTHDTC, AETERM)
//   cdiscDomain  SDTM domains, matched against a resource's name (AE, LB, GF): the category of its
//                fields that nothing else classifies
//   fhir         FHIR resource types, matched against a resource's name (Patient, Observation)
//   infoType     Presidio / Google DLP info types in a field's `infoTypes` array
//                (CHINA_RESIDENT_ID_NUMBER, PHONE_NUMBER, EMAIL_ADDRESS)
//   tag          OpenMetadata-style tags in a field's `tags` array (PII.Sensitive)
// Matching ignores ASCII case. A label maps to one category; the loader rejects a
// label given to two categories (E1311).
#ifndef DXCHECK_CATEGORIES_CROSSWALK_H_
#define DXCHECK_CATEGORIES_CROSSWALK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/base/status.h"
#include "checker/categories/category_list.h"

namespace dxcheck {

class Crosswalk {
 public:
  // Duplicate labels are reported to `sink` (E1311) as errors of `file`.
  static Result<Crosswalk> Build(const CategoryList& list, const std::string& file,
                                 DiagnosticSink* sink);
  // The category for `label` of `kind`, or nullptr. Builds no string: every
  // field of a check is looked up several times (its name, tags, info types,
  // its resource's name).
  const std::string* Find(LabelKind kind, std::string_view label) const;
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    LabelKind kind;
    std::string label;  // upper-cased
    std::string code;
  };
  // The entry of (kind, label), or nullptr; `*slot` is where it is or would go.
  const Entry* Lookup(LabelKind kind, std::string_view label, size_t* slot) const;
  void Grow();

  std::vector<Entry> entries_;
  // Open addressing with linear probing: entries_ index + 1, 0 for a free
  // slot; a power of two in size, at most half full.
  std::vector<uint32_t> slots_;
};

}  // namespace dxcheck

#endif  // DXCHECK_CATEGORIES_CROSSWALK_H_
