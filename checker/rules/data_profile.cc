#include "checker/rules/data_profile.h"

#include <algorithm>

namespace dxcheck {

const char* CategorySourceName(CategorySource s) {
  switch (s) {
    case CategorySource::kDeclared: return "declared";
    case CategorySource::kCrosswalk: return "crosswalk";
    case CategorySource::kPattern: return "pattern";
    case CategorySource::kContent: return "content";
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

namespace {

void AddLabel(ClassifiedField* c, const std::string* code, const char* kind, const std::string& label) {
  if (code == nullptr) return;
  for (const std::string& have : c->categories) {
    if (have == *code) return;
  }
  c->categories.push_back(*code);
  c->labels.push_back({*code, std::string(kind) + ":" + label});
}

// "nonpersonal" from a label beside any other category says nothing true,
// whichever came first (a tag, then an infoType; a label, then the content):
// it is dropped once the field's categories are complete. (A pattern's
// nonpersonal stays: it is the list's own reading of the name.)
void DropNonpersonalBeside(ClassifiedField* c) {
  bool labelled = std::any_of(c->labels.begin(), c->labels.end(),
                              [](const LabelHit& h) { return h.code == "nonpersonal"; });
  if (!labelled || c->categories.size() < 2) return;
  auto& v = c->categories;
  v.erase(std::remove(v.begin(), v.end(), std::string("nonpersonal")), v.end());
  auto& l = c->labels;
  l.erase(std::remove_if(l.begin(), l.end(), [](const LabelHit& h) { return h.code == "nonpersonal"; }),
          l.end());
}

}  // namespace

Result<DataProfile> BuildDataProfile(const Manifest& m, const CategoryList& categories,
                                     const Classifier& classifier, const Crosswalk* crosswalk,
                                     const std::vector<ContentFinding>* content) {
  DataProfile p;
  size_t total = 0;
  for (const Resource& r : m.resources) total += r.fields.size();
  p.fields.reserve(total);
  for (const Resource& r : m.resources) {
    for (const Field& f : r.fields) {
      ClassifiedField c;
      c.field = &f;
      if (f.tagged) {
        c.categories = f.categories;
        c.source = CategorySource::kDeclared;
      } else {
        // The lists' patterns classify an untagged field (spec/manifest.md);
        // the labels other tools wrote beside it (tags, infoTypes: properties
        // outside dxcheck) and its name as a CDISC variable only add
        // categories the patterns did not give. A label never takes one
        // away: "PII.NonSensitive" on a field named 身份证号 leaves it
        // pi.id_document, sensitive.
        Status s = classifier.Classify(f.name, f.description, &c.hits);
        if (!s.ok()) return s;
        c.categories.reserve(c.hits.size());
        for (const PatternHit& h : c.hits) c.categories.push_back(h.code);
        if (!c.categories.empty()) c.source = CategorySource::kPattern;
        if (crosswalk != nullptr) {
          for (const std::string& t : f.tags) AddLabel(&c, crosswalk->Find(LabelKind::kTag, t), "tag", t);
          for (const std::string& t : f.info_types) {
            AddLabel(&c, crosswalk->Find(LabelKind::kInfoType, t), "infoType", t);
          }
          AddLabel(&c, crosswalk->Find(LabelKind::kCdiscVariable, f.name), "cdisc", f.name);
        }
        if (c.source == CategorySource::kNone && !c.categories.empty()) {
          c.source = CategorySource::kCrosswalk;
        }
        if (c.categories.empty() && crosswalk != nullptr) {
          AddLabel(&c, crosswalk->Find(LabelKind::kCdiscDomain, r.name), "cdiscDomain", r.name);
          AddLabel(&c, crosswalk->Find(LabelKind::kFhirResource, r.name), "fhir", r.name);
          if (!c.categories.empty()) c.source = CategorySource::kCrosswalk;
        }
      }
      if (content != nullptr) {
        for (const ContentFinding& cf : *content) {
          if (cf.field != &f) continue;
          bool covered = std::any_of(c.categories.begin(), c.categories.end(),
                                     [&](const std::string& k) { return CodeUnder(k, cf.category); });
          if (!covered) c.categories.push_back(cf.category);
          if (c.source == CategorySource::kNone) c.source = CategorySource::kContent;
          c.content.push_back(cf);
        }
      }
      if (!f.tagged) DropNonpersonalBeside(&c);
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
  for (const LabelHit& l : f.labels) {
    if (l.code == code) return code + " (by crosswalk " + l.label + ")";
  }
  for (const PatternHit& h : f.hits) {
    if (h.code == code) {
      return code + " (by " + (h.target == PatternTarget::kName ? "name" : "description") +
             " pattern \"" + h.pattern + "\")";
    }
  }
  for (const ContentFinding& cf : f.content) {
    if (cf.category == code) {
      return code + " (by the " + cf.detector + " detector: " + std::to_string(cf.matched) +
             " of " + std::to_string(cf.values) + " values" +
             (cf.count == ShareCount::kUnrecognised ? " no other detector recognises)"
              : cf.count == ShareCount::kRecognised
                  ? ", " + std::to_string(cf.claimed) +
                        " of them matching one content detector or another)"
                  : ")");
    }
  }
  return code + " (declared)";
}

}  // namespace dxcheck
