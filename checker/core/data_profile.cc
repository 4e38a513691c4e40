#include "checker/core/data_profile.h"

namespace dxcheck {

const char* CategorySourceName(CategorySource s) {
  switch (s) {
    case CategorySource::kDeclared: return "declared";
    case CategorySource::kPattern: return "pattern";
    case CategorySource::kNone: return "none";
  }
  return "none";
}

namespace {

const ClassifiedField* First(const std::vector<ClassifiedField>& fields,
                             bool ClassifiedField::*flag) {
  for (const ClassifiedField& f : fields) {
    if (f.*flag) return &f;
  }
  return nullptr;
}

}  // namespace

const ClassifiedField* DataProfile::FirstPersonal() const {
  return First(fields, &ClassifiedField::personal);
}
const ClassifiedField* DataProfile::FirstSensitive() const {
  return First(fields, &ClassifiedField::sensitive);
}
const ClassifiedField* DataProfile::FirstHgr() const { return First(fields, &ClassifiedField::hgr); }

Result<DataProfile> BuildDataProfile(const Manifest& m, const CategoryList& categories,
                                     const Classifier& classifier) {
  DataProfile p;
  for (const Resource& r : m.resources) {
    for (const Field& f : r.fields) {
      ClassifiedField c;
      c.field = &f;
      if (f.tagged) {
        c.categories = f.categories;
        c.source = CategorySource::kDeclared;
      } else {
        Status s = classifier.Classify(f.name, f.description, &c.hits);
        if (!s.ok()) return s;
        for (const PatternHit& h : c.hits) c.categories.push_back(h.code);
        if (!c.categories.empty()) c.source = CategorySource::kPattern;
      }
      for (const std::string& code : c.categories) {
        const Category* cat = categories.Resolve(code);
        if (cat == nullptr) continue;  // rejected by the loader already
        c.personal = c.personal || cat->personal;
        c.sensitive = c.sensitive || cat->sensitive;
        c.hgr = c.hgr || cat->hgr;
      }
      // The override decides sensitivity both ways, and `true` makes the field
      // personal too; it never changes HGR status (spec/manifest.md).
      if (f.sensitive.has_value()) {
        c.sensitive = *f.sensitive;
        if (*f.sensitive) c.personal = true;
      }
      p.fields.push_back(std::move(c));
    }
  }
  bool anonymized = m.deidentification == "anonymized";
  p.pi_present = !anonymized &&
                 (p.FirstPersonal() != nullptr || m.subjects.personal.value_or(0) > 0);
  p.spi_present = p.pi_present && (p.FirstSensitive() != nullptr ||
                                   m.subjects.sensitive.value_or(0) > 0 ||
                                   m.subjects.minors_under_14 > 0);
  p.hgr_present = m.hgr.information;
  return p;
}

std::string DescribeCategory(const ClassifiedField& f, const std::string& code) {
  for (const PatternHit& h : f.hits) {
    if (h.code == code) {
      return code + " (by " + (h.target == PatternTarget::kName ? "name" : "description") +
             " pattern \"" + h.pattern + "\")";
    }
  }
  return code + " (declared)";
}

}  // namespace dxcheck
