// CategoryList: the project's data category codes (rules/categories.json).
//
// A code is dotted ("pi.health.diagnosis"); a code the list lacks is still
// known when it extends one it has, and takes that code's defaults. Each code
// says whether data of it is personal information, sensitive personal
// information (PIPL Art. 28, GB/T 35273 Annex B) and human genetic resources
// information, and carries RE2 patterns on field names and descriptions used
// to classify untagged fields (classifier.h). The defaults that
// spec/manifest.md pins (pi.* personal; clinical.*, omics.* personal and
// sensitive; hgr.genomic personal, sensitive, HGR; rd.process and nonpersonal
// not personal) are enforced when the list is loaded.
#ifndef DXCHECK_CATEGORIES_CATEGORY_LIST_H_
#define DXCHECK_CATEGORIES_CATEGORY_LIST_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/base/status.h"

namespace dxcheck {

enum class PatternTarget { kName, kDescription };

struct CategoryPattern {
  PatternTarget target;
  std::string regex;
  std::string pointer;  // in the code list file, for diagnostics
  int line = 0, column = 0;
};

// Labels other tools attach to data, mapped to a category (see crosswalk.h).
enum class LabelKind { kCdiscVariable, kCdiscDomain, kFhirResource, kInfoType, kTag };
const char* LabelKindName(LabelKind k);  // "cdisc", "cdiscDomain", "fhir", "infoType", "tag"

struct CrosswalkLabel {
  LabelKind kind;
  std::string label;  // as written in the code list
};

struct Category {
  std::string code;
  std::string title_zh, title_en;
  bool personal = false;
  bool sensitive = false;
  bool hgr = false;
  std::vector<CategoryPattern> patterns;
  std::vector<CrosswalkLabel> crosswalk;
};

// A content detector (rules/README.md "Content detectors"): `check --data`
// tests a column's values with the detector named `detector`, and when at
// least `min_matches` values and `min_percent` % of the values tested match
// (neither empty cells nor missing-value markers are values; docs/data.md
// "Content share"), the field gets `category` (source "content").
struct ContentDetector {
  std::string detector;  // one of ContentDetectorKinds()
  std::string category;  // a listed code
  unsigned min_percent = 50;
  uint64_t min_matches = 1;
  std::string pointer;   // in the code list file
};

// The detectors dxcheck implements (checker/data/detectors.h), in
// documentation order: "cn_resident_id", "cn_mobile", "email", "bank_card".
const std::vector<std::string>& ContentDetectorKinds();

class CategoryList {
 public:
  // Loads the code list from exact bytes. Problems go to `sink`; the result is
  // InvalidInput when there was any error.
  static Result<CategoryList> Load(const std::string& bytes, const std::string& file,
                                   DiagnosticSink* sink);

  // The category of `code`, or of the longest listed code it extends
  // ("pi.health.x" -> "pi.health"); nullptr when unknown. Copies nothing.
  const Category* Resolve(std::string_view code) const;

  const std::vector<Category>& categories() const { return categories_; }
  // The code list's `content` section, in file order.
  const std::vector<ContentDetector>& content() const { return content_; }
  const std::string& version() const { return version_; }
  const std::string& file() const { return file_; }
  const std::string& sha256() const { return sha256_; }

 private:
  std::string version_, file_, sha256_;
  std::vector<Category> categories_;
  std::vector<ContentDetector> content_;
  std::map<std::string, size_t, std::less<>> index_;  // code -> categories_ index
};

// True when `code` is `prefix` or extends it at a dot ("pi.health" covers
// "pi.health.diagnosis", not "pi.healthy").
bool CodeUnder(const std::string& code, const std::string& prefix);

// Dotted lower_snake segments: "pi.health.diagnosis".
bool IsCategoryCode(const std::string& code);

}  // namespace dxcheck

#endif  // DXCHECK_CATEGORIES_CATEGORY_LIST_H_
