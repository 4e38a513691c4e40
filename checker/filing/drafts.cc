#include "checker/filing/drafts.h"

#include <utility>

#include "checker/filing/draft_builders.h"

namespace dxcheck {

const std::vector<std::string>& DraftedObligations() {
  static const std::vector<std::string> kIds = {"standard_contract_filing", "pi_impact_assessment",
                                                "security_assessment", "hgr_prior_report",
                                                "ftz_filing"};
  return kIds;
}

const Obligation* FindObligation(const Decision& d, const std::string& id) {
  for (const Obligation& o : d.obligations) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

Form StartDraft(const TransferFacts& f, const Obligation& o, FormText title, std::string basis) {
  const Decision& d = f.transfer().decision;
  Form form;
  form.id = o.id;
  form.title = std::move(title);
  form.basis = std::move(basis);
  form.obligation_rule = o.rule;
  form.obligation_citation = o.citation;
  form.obligation_satisfied = o.satisfied;
  form.transfer_id = d.transfer_id;
  form.manifest_sha256 = d.manifest_sha256;
  form.evaluated_at = d.evaluated_at.ToString();
  form.tool_version = kToolVersion;
  form.sections.push_back(PartiesSection(f));
  return form;
}

// Labels whose Chinese wording the digest does not give are translations of
// its English (docs/forms.md lists which).
FormSection PartiesSection(const TransferFacts& f) {
  const Manifest& m = f.transfer().manifest;
  FormSection s{"parties", {"数据处理者与境外接收方", "The exporter and the recipients"}, {}, {}};
  s.fields.push_back(Filled("exporter.name", {"数据处理者名称", "Exporter"},
                            f.Member({"dxcheck", "exporter", "name"})));
  s.fields.push_back(Filled("exporter.uscc", {"统一社会信用代码", "Unified social credit code"},
                            f.Member({"dxcheck", "exporter", "uscc"})));
  s.fields.push_back(FilledOr("legalRepresentative", {"法定代表人（姓名）", "Legal representative (name)"},
                              TransferFacts::Filing(m.filing.legal_representative),
                              "dxcheck.filing.legalRepresentative"));
  s.fields.push_back(FilledOr("filingAgent", {"经办人（姓名）", "Filing agent (name)"},
                              TransferFacts::Filing(m.filing.filing_agent),
                              "dxcheck.filing.filingAgent"));
  s.fields.push_back(FilledOr("dataSecurityOfficer", {"数据安全负责人（姓名）", "Data-security officer (name)"},
                              TransferFacts::Filing(m.filing.data_security_officer),
                              "dxcheck.filing.dataSecurityOfficer"));
  s.fields.push_back(FilledList("recipients", {"境外接收方（国家或地区）", "Recipients abroad (country or region)"},
                                f.Recipients()));
  for (size_t i = 0; i < m.recipients.size(); ++i) {
    const FilingRecipient* contact = nullptr;
    for (const FilingRecipient& c : m.filing.recipients) {
      if (c.name == m.recipients[i].name) contact = &c;
    }
    const std::string n = std::to_string(i);
    const std::string& name = m.recipients[i].name;
    FilingValue none;
    s.fields.push_back(FilledOr("recipients/" + n + "/address",
                                {"境外接收方地址：" + name, "Recipient's address: " + name},
                                TransferFacts::Filing(contact ? contact->address : none),
                                "dxcheck.filing.recipients[].address"));
    s.fields.push_back(FilledOr("recipients/" + n + "/contact",
                                {"境外接收方联系方式：" + name, "Recipient's contact: " + name},
                                TransferFacts::Filing(contact ? contact->contact : none),
                                "dxcheck.filing.recipients[].contact"));
  }
  return s;
}

void AddPersonCounts(const TransferFacts& f, bool sensitive_too, FormSection* s) {
  s->fields.push_back(FilledOr("persons", {"个人信息涉及人数（自然人，去重）", "Persons whose PI is exported (distinct)"},
                               f.Member({"dxcheck", "subjects", "personal"}), "dxcheck.subjects.personal"));
  FormValue measured = f.MeasuredPersons(false);
  if (!measured.source.empty()) {
    s->fields.push_back(Filled("persons.measured", {"实测人数（check --data）", "Persons counted in the data files"},
                               measured));
  }
  if (!sensitive_too) return;
  s->fields.push_back(FilledOr("sensitivePersons", {"其中敏感个人信息涉及人数", "of whom persons with sensitive PI"},
                               f.Member({"dxcheck", "subjects", "sensitive"}), "dxcheck.subjects.sensitive"));
  FormValue measured_s = f.MeasuredPersons(true);
  if (!measured_s.source.empty()) {
    s->fields.push_back(Filled("sensitivePersons.measured",
                               {"实测敏感个人信息人数（check --data）", "Persons with sensitive PI counted in the data files"},
                               measured_s));
  }
}

DraftSet BuildDrafts(const CheckedTransfer& t, const CategoryList& categories, bool all) {
  TransferFacts facts(t, categories);
  DraftSet out;
  for (const Obligation& o : t.decision.obligations) {
    if (o.satisfied && !all) continue;
    if (o.id == "standard_contract_filing") {
      out.forms.push_back(StandardContractDraft(facts, o));
    } else if (o.id == "pi_impact_assessment") {
      out.forms.push_back(PiImpactAssessmentDraft(facts, o));
    } else if (o.id == "security_assessment") {
      out.forms.push_back(SecurityAssessmentDraft(facts, o));
    } else if (o.id == "hgr_prior_report") {
      out.forms.push_back(HgrPriorReportDraft(facts, o));
    } else if (o.id == "ftz_filing") {
      out.forms.push_back(FtzFilingDraft(facts, o));
    } else {
      out.without_draft.emplace_back(o.id);
    }
  }
  return out;
}

}  // namespace dxcheck
