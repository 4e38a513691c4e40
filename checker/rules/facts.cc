#include "checker/rules/facts.h"

#include <algorithm>
#include <cstring>

namespace dxcheck {
namespace {

const std::vector<FactInfo> kFacts = {
    {"exporter.ciio", FactType::kBool, "the exporter is a critical information infrastructure operator"},
    {"exporter.sector", FactType::kString, "the exporter's sector code"},
    {"exporter.zone", FactType::kString, "the exporter's FTZ zone code (absent: not in an FTZ)"},
    {"exporter.exportsFromZone", FactType::kBool, "the export is carried out from that zone"},
    {"exporter.foreignControlled", FactType::kBool, "the exporter is foreign-controlled"},
    {"recipients.country", FactType::kStringSet, "the recipients' countries"},
    {"recipients.foreignJudicialOrEnforcement", FactType::kBool,
     "some recipient is a foreign judicial or law-enforcement body"},
    {"transfer.scenario", FactType::kString, "the transfer's scenario code"},
    {"transfer.mode", FactType::kString, "transfer or remote_access"},
    {"transfer.exemption", FactType::kString, "the claimed exemption (absent: none claimed)"},
    {"subjects.personal", FactType::kCount, "persons whose PI this transfer includes"},
    {"subjects.sensitive", FactType::kCount, "persons whose sensitive PI this transfer includes"},
    {"subjects.minorsUnder14", FactType::kCount, "persons under 14"},
    {"subjects.priorThisYear.personal", FactType::kCount, "persons already exported this year"},
    {"subjects.priorThisYear.sensitive", FactType::kCount,
     "persons whose sensitive PI was already exported this year"},
    {"cumulative.personal", FactType::kCount,
     "this transfer plus prior this year, when PI is present (0 otherwise)"},
    {"cumulative.sensitive", FactType::kCount,
     "this transfer plus prior this year, when sensitive PI is present (0 otherwise)"},
    {"deidentification", FactType::kString, "identified, pseudonymized or anonymized"},
    {"importantData.status", FactType::kString, "none, notified, listed or self_identified"},
    {"coreData", FactType::kBool, "core data (DSL Art. 21)"},
    {"stateSecret", FactType::kBool, "state secrets"},
    {"exportControlled", FactType::kBool, "data under export control"},
    {"hgr.information", FactType::kBool, "human genetic resources information"},
    {"hgr.materials", FactType::kBool, "physical HGR materials are exported"},
    {"hgr.sequencingSubjects", FactType::kCount, "persons whose exome/genome sequencing data is included"},
    {"hgr.importantPedigree", FactType::kBool, "important genetic pedigrees"},
    {"hgr.specificRegion", FactType::kBool, "HGR of specific regions"},
    {"pi.present", FactType::kBool, "personal information is present (spec/manifest.md)"},
    {"spi.present", FactType::kBool, "sensitive personal information is present"},
    {"hgr.present", FactType::kBool, "HGR information is present"},
    {"categories", FactType::kStringSet, "the effective categories of every field"},
    {"personalCategories", FactType::kStringSet, "the effective categories of personal fields"},
};

// FindFact without building a std::string of the name.
int IndexOf(const char* name) {
  for (size_t i = 0; i < kFacts.size(); ++i) {
    if (std::strcmp(name, kFacts[i].name) == 0) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

const char* FactTypeName(FactType t) {
  switch (t) {
    case FactType::kBool: return "boolean";
    case FactType::kString: return "string";
    case FactType::kCount: return "count";
    case FactType::kStringSet: return "set of strings";
  }
  return "?";
}

const std::vector<FactInfo>& FactRegistry() { return kFacts; }

int FindFact(const std::string& name) {
  for (size_t i = 0; i < kFacts.size(); ++i) {
    if (name == kFacts[i].name) return static_cast<int>(i);
  }
  return -1;
}

Facts Facts::Build(const Manifest& m, const DataProfile& profile) {
  Facts f;
  f.values_.resize(kFacts.size());
  auto set = [&](const char* name) -> FactValue& {
    return f.values_[static_cast<size_t>(IndexOf(name))];
  };
  auto flag = [&](const char* name, bool v, const char* pointer) {
    FactValue& fv = set(name);
    fv.b = v;
    fv.pointers.assign(pointer);
  };
  auto text = [&](const char* name, const std::string* v, const char* pointer) {
    FactValue& fv = set(name);
    fv.s = v;
    fv.pointers.assign(pointer);
  };
  auto optional = [](const std::optional<std::string>& v) { return v ? &*v : nullptr; };
  auto count = [&](const char* name, uint64_t v, const char* pointer) {
    FactValue& fv = set(name);
    fv.n = v;
    fv.pointers.assign(pointer);
  };
  flag("exporter.ciio", m.exporter.ciio, "/dxcheck/exporter/ciio");
  text("exporter.sector", &m.exporter.sector, "/dxcheck/exporter/sector");
  text("exporter.zone", optional(m.exporter.zone), "/dxcheck/exporter/zone");
  flag("exporter.exportsFromZone", m.exporter.exports_from_zone, "/dxcheck/exporter/exportsFromZone");
  flag("exporter.foreignControlled", m.exporter.foreign_controlled,
       "/dxcheck/exporter/foreignControlled");
  FactValue& countries = set("recipients.country");
  FactValue& judicial = set("recipients.foreignJudicialOrEnforcement");
  f.owned_.reserve(2 * m.recipients.size());
  countries.set.reserve(m.recipients.size());
  countries.pointers.reserve(m.recipients.size());
  for (size_t i = 0; i < m.recipients.size(); ++i) {
    std::string p = "/dxcheck/recipients/" + std::to_string(i);
    countries.set.push_back(&m.recipients[i].country);
    f.owned_.push_back(p + "/country");
    countries.pointers.push_back(f.owned_.back());
    if (m.recipients[i].foreign_judicial_or_enforcement) {
      judicial.b = true;
      f.owned_.push_back(p + "/foreignJudicialOrEnforcement");
      judicial.pointers.push_back(f.owned_.back());
    }
  }
  text("transfer.scenario", &m.transfer.scenario, "/dxcheck/transfer/scenario");
  text("transfer.mode", &m.transfer.mode, "/dxcheck/transfer/mode");
  text("transfer.exemption", optional(m.transfer.exemption), "/dxcheck/transfer/exemption");
  const auto& s = m.subjects;
  count("subjects.personal", s.personal.value_or(0), "/dxcheck/subjects/personal");
  count("subjects.sensitive", s.sensitive.value_or(0), "/dxcheck/subjects/sensitive");
  count("subjects.minorsUnder14", s.minors_under_14, "/dxcheck/subjects/minorsUnder14");
  count("subjects.priorThisYear.personal", s.prior_personal,
        "/dxcheck/subjects/priorThisYear/personal");
  count("subjects.priorThisYear.sensitive", s.prior_sensitive,
        "/dxcheck/subjects/priorThisYear/sensitive");
  // spec/decision.md "Counts": prior counts are added only when this transfer
  // contains that kind of PI; anonymised data counts no one.
  auto cumulative = [&](const char* name, bool present, uint64_t now, uint64_t prior,
                        const char* now_ptr, const char* prior_ptr) {
    FactValue& fv = set(name);
    fv.pointers.assign(now_ptr);
    if (!present) return;
    fv.n = now + prior;
    if (prior > 0) {
      fv.pointers.push_back(prior_ptr);
      fv.parts = {now, prior};
    }
  };
  cumulative("cumulative.personal", profile.pi_present, s.personal.value_or(0), s.prior_personal,
             "/dxcheck/subjects/personal", "/dxcheck/subjects/priorThisYear/personal");
  cumulative("cumulative.sensitive", profile.spi_present, s.sensitive.value_or(0),
             s.prior_sensitive, "/dxcheck/subjects/sensitive",
             "/dxcheck/subjects/priorThisYear/sensitive");
  text("deidentification", &m.deidentification, "/dxcheck/deidentification");
  text("importantData.status", &m.important_data.status, "/dxcheck/importantData/status");
  flag("coreData", m.core_data, "/dxcheck/coreData");
  flag("stateSecret", m.state_secret, "/dxcheck/stateSecret");
  flag("exportControlled", m.export_controlled, "/dxcheck/exportControlled");
  flag("hgr.information", m.hgr.information, "/dxcheck/hgr/information");
  flag("hgr.materials", m.hgr.materials, "/dxcheck/hgr/materials");
  count("hgr.sequencingSubjects", m.hgr.sequencing_subjects, "/dxcheck/hgr/sequencingSubjects");
  flag("hgr.importantPedigree", m.hgr.important_pedigree, "/dxcheck/hgr/importantPedigree");
  flag("hgr.specificRegion", m.hgr.specific_region, "/dxcheck/hgr/specificRegion");
  flag("hgr.present", profile.hgr_present, "/dxcheck/hgr/information");

  FactValue& all = set("categories");
  FactValue& personal = set("personalCategories");
  FactValue& pi = set("pi.present");
  FactValue& spi = set("spi.present");
  pi.b = profile.pi_present;
  spi.b = profile.spi_present;
  size_t codes = 0, personal_codes = 0;
  for (const ClassifiedField& c : profile.fields) {
    codes += c.categories.size();
    if (c.personal) personal_codes += c.categories.size();
  }
  all.set.reserve(codes);
  all.pointers.reserve(codes);
  personal.set.reserve(personal_codes);
  personal.pointers.reserve(personal_codes);
  f.fields_.reserve(profile.fields.size());
  for (const ClassifiedField& c : profile.fields) {
    f.fields_.push_back({c.field->pointer, &c.categories, c.personal, c.sensitive});
    for (const std::string& code : c.categories) {
      all.set.push_back(&code);
      all.pointers.push_back(c.field->pointer);
      if (c.personal) {
        personal.set.push_back(&code);
        personal.pointers.push_back(c.field->pointer);
      }
    }
    if (c.personal && pi.pointers.empty()) pi.pointers.push_back(c.field->pointer);
    if (c.sensitive && spi.pointers.empty()) spi.pointers.push_back(c.field->pointer);
  }
  if (m.deidentification == "anonymized") {
    pi.pointers.assign("/dxcheck/deidentification");
    spi.pointers.assign("/dxcheck/deidentification");
  }
  if (pi.pointers.empty()) pi.pointers.push_back("/dxcheck/subjects/personal");
  if (spi.pointers.empty()) spi.pointers.push_back("/dxcheck/subjects/sensitive");
  return f;
}

uint64_t Facts::cumulative_personal() const {
  static const int kIndex = IndexOf("cumulative.personal");
  return Get(kIndex).n;
}
uint64_t Facts::cumulative_sensitive() const {
  static const int kIndex = IndexOf("cumulative.sensitive");
  return Get(kIndex).n;
}

}  // namespace dxcheck
