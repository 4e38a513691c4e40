#include "checker/rules/facts.h"

namespace dxcheck {
namespace {

// The facts by ordinal: Build fills them by these, not by looking names up
// (kTable below keeps the two in step, checked at compile time).
enum Fact : size_t {
  kExporterCiio,
  kExporterSector,
  kExporterZone,
  kExporterExportsFromZone,
  kExporterForeignControlled,
  kRecipientsCountry,
  kRecipientsForeignJudicialOrEnforcement,
  kTransferScenario,
  kTransferMode,
  kTransferExemption,
  kSubjectsPersonal,
  kSubjectsSensitive,
  kSubjectsMinorsUnder14,
  kSubjectsPriorThisYearPersonal,
  kSubjectsPriorThisYearSensitive,
  kCumulativePersonal,
  kCumulativeSensitive,
  kDeidentification,
  kImportantDataStatus,
  kCoreData,
  kStateSecret,
  kExportControlled,
  kHgrInformation,
  kHgrMaterials,
  kHgrSequencingSubjects,
  kHgrImportantPedigree,
  kHgrSpecificRegion,
  kPiPresent,
  kSpiPresent,
  kHgrPresent,
  kCategories,
  kPersonalCategories,
  kFactCount
};

struct Entry {
  Fact id;
  FactInfo info;
};

constexpr Entry kTable[] = {
    {kExporterCiio, {"exporter.ciio", FactType::kBool, "the exporter is a critical information infrastructure operator"}},
    {kExporterSector, {"exporter.sector", FactType::kString, "the exporter's sector code"}},
    {kExporterZone, {"exporter.zone", FactType::kString, "the exporter's FTZ zone code (absent: not in an FTZ)"}},
    {kExporterExportsFromZone, {"exporter.exportsFromZone", FactType::kBool, "the export is carried out from that zone"}},
    {kExporterForeignControlled, {"exporter.foreignControlled", FactType::kBool, "the exporter is foreign-controlled"}},
    {kRecipientsCountry, {"recipients.country", FactType::kStringSet, "the recipients' countries"}},
    {kRecipientsForeignJudicialOrEnforcement, {"recipients.foreignJudicialOrEnforcement", FactType::kBool, "some recipient is a foreign judicial or law-enforcement body"}},
    {kTransferScenario, {"transfer.scenario", FactType::kString, "the transfer's scenario code"}},
    {kTransferMode, {"transfer.mode", FactType::kString, "transfer or remote_access"}},
    {kTransferExemption, {"transfer.exemption", FactType::kString, "the claimed exemption (absent: none claimed)"}},
    {kSubjectsPersonal, {"subjects.personal", FactType::kCount, "persons whose PI this transfer includes"}},
    {kSubjectsSensitive, {"subjects.sensitive", FactType::kCount, "persons whose sensitive PI this transfer includes"}},
    {kSubjectsMinorsUnder14, {"subjects.minorsUnder14", FactType::kCount, "persons under 14"}},
    {kSubjectsPriorThisYearPersonal, {"subjects.priorThisYear.personal", FactType::kCount, "persons already exported this year"}},
    {kSubjectsPriorThisYearSensitive, {"subjects.priorThisYear.sensitive", FactType::kCount, "persons whose sensitive PI was already exported this year"}},
    {kCumulativePersonal, {"cumulative.personal", FactType::kCount, "this transfer plus prior this year, when PI is present (0 otherwise)"}},
    {kCumulativeSensitive, {"cumulative.sensitive", FactType::kCount, "this transfer plus prior this year, when sensitive PI is present (0 otherwise)"}},
    {kDeidentification, {"deidentification", FactType::kString, "identified, pseudonymized or anonymized"}},
    {kImportantDataStatus, {"importantData.status", FactType::kString, "none, notified, listed or self_identified"}},
    {kCoreData, {"coreData", FactType::kBool, "core data (DSL Art. 21)"}},
    {kStateSecret, {"stateSecret", FactType::kBool, "state secrets"}},
    {kExportControlled, {"exportControlled", FactType::kBool, "data under export control"}},
    {kHgrInformation, {"hgr.information", FactType::kBool, "human genetic resources information"}},
    {kHgrMaterials, {"hgr.materials", FactType::kBool, "physical HGR materials are exported"}},
    {kHgrSequencingSubjects, {"hgr.sequencingSubjects", FactType::kCount, "persons whose exome/genome sequencing data is included"}},
    {kHgrImportantPedigree, {"hgr.importantPedigree", FactType::kBool, "important genetic pedigrees"}},
    {kHgrSpecificRegion, {"hgr.specificRegion", FactType::kBool, "HGR of specific regions"}},
    {kPiPresent, {"pi.present", FactType::kBool, "personal information is present (spec/manifest.md)"}},
    {kSpiPresent, {"spi.present", FactType::kBool, "sensitive personal information is present"}},
    {kHgrPresent, {"hgr.present", FactType::kBool, "HGR information is present"}},
    {kCategories, {"categories", FactType::kStringSet, "the effective categories of every field"}},
    {kPersonalCategories, {"personalCategories", FactType::kStringSet, "the effective categories of personal fields"}},
};
static_assert(sizeof kTable / sizeof kTable[0] == kFactCount, "a fact without an entry");

constexpr bool InOrder() {
  for (size_t i = 0; i < kFactCount; ++i) {
    if (kTable[i].id != i) return false;
  }
  return true;
}
static_assert(InOrder(), "kTable is not in the order of Fact");

const std::vector<FactInfo> kFacts = [] {
  std::vector<FactInfo> v;
  for (const Entry& e : kTable) v.push_back(e.info);
  return v;
}();

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
  f.values_.resize(kFactCount);
  auto flag = [&](Fact id, bool v, const char* pointer) {
    FactValue& fv = f.values_[id];
    fv.b = v;
    fv.pointers.assign(pointer);
  };
  auto text = [&](Fact id, const std::string* v, const char* pointer) {
    FactValue& fv = f.values_[id];
    fv.s = v;
    fv.pointers.assign(pointer);
  };
  auto optional = [](const std::optional<std::string>& v) { return v ? &*v : nullptr; };
  auto count = [&](Fact id, uint64_t v, const char* pointer) {
    FactValue& fv = f.values_[id];
    fv.n = v;
    fv.pointers.assign(pointer);
  };
  flag(kExporterCiio, m.exporter.ciio, "/dxcheck/exporter/ciio");
  text(kExporterSector, &m.exporter.sector, "/dxcheck/exporter/sector");
  text(kExporterZone, optional(m.exporter.zone), "/dxcheck/exporter/zone");
  flag(kExporterExportsFromZone, m.exporter.exports_from_zone, "/dxcheck/exporter/exportsFromZone");
  flag(kExporterForeignControlled, m.exporter.foreign_controlled,
       "/dxcheck/exporter/foreignControlled");
  FactValue& countries = f.values_[kRecipientsCountry];
  FactValue& judicial = f.values_[kRecipientsForeignJudicialOrEnforcement];
  f.owned_.reserve(2 * m.recipients.size());
  countries.set.reserve(m.recipients.size());
  countries.pointers.reserve(m.recipients.size());
  // "/dxcheck/recipients/<i>/<member>" (owned_ is reserved above: no view moves).
  auto recipient_pointer = [&](size_t i, const char* member) -> std::string_view {
    return f.owned_.emplace_back("/dxcheck/recipients/" + std::to_string(i) + "/" + member);
  };
  for (size_t i = 0; i < m.recipients.size(); ++i) {
    countries.set.push_back(&m.recipients[i].country);
    countries.pointers.push_back(recipient_pointer(i, "country"));
    if (m.recipients[i].foreign_judicial_or_enforcement) {
      judicial.b = true;
      judicial.pointers.push_back(recipient_pointer(i, "foreignJudicialOrEnforcement"));
    }
  }
  text(kTransferScenario, &m.transfer.scenario, "/dxcheck/transfer/scenario");
  text(kTransferMode, &m.transfer.mode, "/dxcheck/transfer/mode");
  text(kTransferExemption, optional(m.transfer.exemption), "/dxcheck/transfer/exemption");
  const auto& s = m.subjects;
  count(kSubjectsPersonal, s.personal.value_or(0), "/dxcheck/subjects/personal");
  count(kSubjectsSensitive, s.sensitive.value_or(0), "/dxcheck/subjects/sensitive");
  count(kSubjectsMinorsUnder14, s.minors_under_14, "/dxcheck/subjects/minorsUnder14");
  count(kSubjectsPriorThisYearPersonal, s.prior_personal,
        "/dxcheck/subjects/priorThisYear/personal");
  count(kSubjectsPriorThisYearSensitive, s.prior_sensitive,
        "/dxcheck/subjects/priorThisYear/sensitive");
  // spec/decision.md "Counts": prior counts are added only when this transfer
  // contains that kind of PI; anonymised data counts no one.
  auto cumulative = [&](Fact id, bool present, uint64_t now, uint64_t prior,
                        const char* now_ptr, const char* prior_ptr) {
    FactValue& fv = f.values_[id];
    fv.pointers.assign(now_ptr);
    if (!present) return;
    fv.n = now + prior;
    if (prior > 0) {
      fv.pointers.push_back(prior_ptr);
      fv.parts = {now, prior};
    }
  };
  cumulative(kCumulativePersonal, profile.pi_present, s.personal.value_or(0), s.prior_personal,
             "/dxcheck/subjects/personal", "/dxcheck/subjects/priorThisYear/personal");
  cumulative(kCumulativeSensitive, profile.spi_present, s.sensitive.value_or(0),
             s.prior_sensitive, "/dxcheck/subjects/sensitive",
             "/dxcheck/subjects/priorThisYear/sensitive");
  text(kDeidentification, &m.deidentification, "/dxcheck/deidentification");
  text(kImportantDataStatus, &m.important_data.status, "/dxcheck/importantData/status");
  flag(kCoreData, m.core_data, "/dxcheck/coreData");
  flag(kStateSecret, m.state_secret, "/dxcheck/stateSecret");
  flag(kExportControlled, m.export_controlled, "/dxcheck/exportControlled");
  flag(kHgrInformation, m.hgr.information, "/dxcheck/hgr/information");
  flag(kHgrMaterials, m.hgr.materials, "/dxcheck/hgr/materials");
  count(kHgrSequencingSubjects, m.hgr.sequencing_subjects, "/dxcheck/hgr/sequencingSubjects");
  flag(kHgrImportantPedigree, m.hgr.important_pedigree, "/dxcheck/hgr/importantPedigree");
  flag(kHgrSpecificRegion, m.hgr.specific_region, "/dxcheck/hgr/specificRegion");
  flag(kHgrPresent, profile.hgr_present, "/dxcheck/hgr/information");

  FactValue& all = f.values_[kCategories];
  FactValue& personal = f.values_[kPersonalCategories];
  FactValue& pi = f.values_[kPiPresent];
  FactValue& spi = f.values_[kSpiPresent];
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

uint64_t Facts::cumulative_personal() const { return values_[kCumulativePersonal].n; }
uint64_t Facts::cumulative_sensitive() const { return values_[kCumulativeSensitive].n; }

}  // namespace dxcheck
