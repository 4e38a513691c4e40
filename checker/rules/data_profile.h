// DataProfile: what a manifest's data is, once every field is classified.
//
// Each field gets its effective categories: the declared ones when it is
// tagged (tagging overrides the patterns), otherwise those its name and
// description match. From them and the `sensitive` override follow whether the
// field is personal, sensitive or HGR information, and from the fields and the
// subject counts the three presence facts of spec/manifest.md that the
// consistency checks and every rule use.
#ifndef DXCHECK_RULES_DATA_PROFILE_H_
#define DXCHECK_RULES_DATA_PROFILE_H_

#include <string>
#include <vector>

#include "checker/base/status.h"
#include "checker/categories/category_list.h"
#include "checker/categories/classifier.h"
#include "checker/categories/crosswalk.h"
#include "checker/data/data_scan.h"
#include "checker/manifest/manifest.h"

namespace dxcheck {

enum class CategorySource { kDeclared, kCrosswalk, kPattern, kContent, kNone };
// "declared", "crosswalk", "pattern", "content", "none"
const char* CategorySourceName(CategorySource s);

// A category assigned from another tool's label.
struct LabelHit {
  std::string code;
  std::string label;  // "cdisc:USUBJID", "tag:PII.Sensitive", "cdiscDomain:LB"
};

struct ClassifiedField {
  const Field* field = nullptr;  // points into the Manifest, which must outlive this
  std::vector<std::string> categories;
  CategorySource source = CategorySource::kNone;
  PatternHits hits;  // when source == kPattern, one per category
  std::vector<LabelHit> labels;  // when source == kCrosswalk
  // Categories the content detectors added (check --data), whatever the
  // source of the others: measured data adds to a declaration, never removes.
  std::vector<ContentFinding> content;
  bool personal = false;
  bool sensitive = false;
  bool hgr = false;
};

struct DataProfile {
  std::vector<ClassifiedField> fields;  // all resources' fields, in manifest order
  bool pi_present = false;   // spec/manifest.md "personal information is present"
  bool spi_present = false;  // "sensitive personal information is present"
  bool hgr_present = false;  // "HGR information is present" (hgr.information)

  // The first field that is personal / sensitive / HGR, or nullptr.
  const ClassifiedField* FirstPersonal() const;
  const ClassifiedField* FirstSensitive() const;
  const ClassifiedField* FirstHgr() const;
};

// Classifies every field of `m` and derives presence. An untagged field takes
// the categories of its labels (tags, info types, CDISC variable name) when
// the crosswalk knows one, else of the patterns its name and description
// match, else of its resource's CDISC domain or FHIR resource type. Fails only
// when the classifier could not run; `m` must outlive the result.
Result<DataProfile> BuildDataProfile(const Manifest& m, const CategoryList& categories,
                                     const Classifier& classifier,
                                     const Crosswalk* crosswalk = nullptr,
                                     const std::vector<ContentFinding>* content = nullptr);

// "pi.id_document (pattern \"身份证\")" or "pi.health (declared)": how a field
// got a category, for messages.
std::string DescribeCategory(const ClassifiedField& f, const std::string& code);

}  // namespace dxcheck

#endif  // DXCHECK_RULES_DATA_PROFILE_H_
