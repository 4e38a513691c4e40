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
// Matching ignores case. A label maps to one category; the loader rejects a
// label given to two categories (E1311).
#ifndef DXCHECK_CATEGORIES_CROSSWALK_H_
#define DXCHECK_CATEGORIES_CROSSWALK_H_

#include <map>
#include <string>
#include <utility>
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
  // The category for `label` of `kind`, or nullptr.
  const std::string* Find(LabelKind kind, const std::string& label) const;
  size_t size() const { return map_.size(); }

 private:
  std::map<std::pair<int, std::string>, std::string> map_;  // (kind, UPPER label) -> code
};

}  // namespace dxcheck

#endif  // DXCHECK_CATEGORIES_CROSSWALK_H_
