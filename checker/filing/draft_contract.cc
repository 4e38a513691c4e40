// The standard contract filing and the PI protection impact assessment
// (regulation digest §6). Headings and items are the digest's; the Chinese
// wording the digest gives (处理目的, 处理方式, 出境个人信息的规模, 种类,
// 传输方式, 出境后保存期限, 出境后保存地点, 个人信息出境说明) is used as given,
// the rest translates its English (docs/forms.md).
#include "checker/filing/draft_builders.h"

namespace dxcheck {
namespace {

FormField CategoriesField(const TransferFacts& f, CategoryKind kind, const std::string& id,
                          FormText label) {
  std::vector<FormValue> v = f.Categories(kind);
  if (v.empty()) {
    // No field carries such a category: the manifest's fields say none, but
    // a draft does not turn an absence into a statement.
    return NotStated(id, std::move(label), "resources[].schema.fields[].dxcheck.categories");
  }
  return FilledList(id, std::move(label), std::move(v));
}

FormField OnwardField(const TransferFacts& f) {
  FormText label{"境外再提供的接收方", "Onward recipients abroad"};
  if (!f.transfer().manifest.filing.onward_given) {
    return NotStated("onwardRecipients", label, "dxcheck.filing.onwardRecipients");
  }
  FormField field = FilledList("onwardRecipients", label, f.OnwardRecipients());  // [] = none
  field.list_source = f.transfer().manifest.filing.onward_pointer;
  return field;
}

void AddRetention(const TransferFacts& f, FormSection* s) {
  const FilingInfo& fi = f.transfer().manifest.filing;
  s->fields.push_back(FilledOr("retentionAbroad.from", {"出境后保存期限（自）", "Retention period abroad (from)"},
                               TransferFacts::Filing(fi.retention_from), "dxcheck.filing.retentionAbroad.from"));
  s->fields.push_back(FilledOr("retentionAbroad.to", {"出境后保存期限（至）", "Retention period abroad (to)"},
                               TransferFacts::Filing(fi.retention_to), "dxcheck.filing.retentionAbroad.to"));
}

ChecklistItem Item(std::string id, FormText label) {
  return ChecklistItem{std::move(id), std::move(label), ItemState::kToProvide, "", ""};
}

// A checklist item that names what the manifest states about it.
ChecklistItem ItemNoting(std::string id, FormText label, const FormValue& v) {
  ChecklistItem c = Item(std::move(id), std::move(label));
  if (!v.source.empty()) {
    c.note = v.text;
    c.source = v.source;
  }
  return c;
}

}  // namespace

Form StandardContractDraft(const TransferFacts& f, const Obligation& o) {
  const Manifest& m = f.transfer().manifest;
  const Decision& d = f.transfer().decision;
  Form form = StartDraft(f, o, {"个人信息出境标准合同备案", "Standard contract filing"},
                         "Regulation digest §6 (secondary): filed with the provincial CAC within 10 working "
                         "days of the contract taking effect; the check takes up to 15 working days and "
                         "gives a filing number. Annex I per the standard contract.");
  FormSection annex{"annex1", {"个人信息出境说明", "Annex I of the standard contract: description of the PI exported"}, {}, {}};
  annex.fields.push_back(FilledOr("purpose", {"处理目的", "Purpose"}, f.Member({"dxcheck", "transfer", "purpose"}),
                                  "dxcheck.transfer.purpose"));
  annex.fields.push_back(Judgment("method", {"处理方式", "Method of processing"}));
  AddPersonCounts(f, true, &annex);
  annex.fields.push_back(CategoriesField(f, CategoryKind::kPersonal, "categories",
                                         {"出境个人信息种类（GB/T 35273）", "PI categories (per GB/T 35273)"}));
  annex.fields.push_back(CategoriesField(f, CategoryKind::kSensitive, "sensitiveCategories",
                                         {"出境敏感个人信息种类", "Sensitive PI categories"}));
  annex.fields.push_back(OnwardField(f));
  annex.fields.push_back(FilledOr("transferMethod", {"传输方式", "Transfer method"},
                                  TransferFacts::Filing(m.filing.transfer_method), "dxcheck.filing.transferMethod"));
  AddRetention(f, &annex);
  annex.fields.push_back(FilledOr("storagePlaceAbroad", {"出境后保存地点", "Storage place abroad"},
                                  TransferFacts::Filing(m.filing.storage_place),
                                  "dxcheck.filing.storagePlaceAbroad"));
  annex.fields.push_back(Judgment("otherMatters", {"其他事项", "Other matters"}));
  form.sections.push_back(std::move(annex));

  FormSection list{"checklist", {"备案材料清单", "Filing checklist"}, {}, {}};
  list.checklist.push_back(ItemNoting("usccCertificate", {"统一社会信用代码证件复印件", "Copy of the USCC certificate"},
                                      f.Member({"dxcheck", "exporter", "uscc"})));
  list.checklist.push_back(ItemNoting("legalRepresentativeId", {"法定代表人身份证件", "ID of the legal representative"},
                                      TransferFacts::Filing(m.filing.legal_representative)));
  list.checklist.push_back(ItemNoting("filingAgentId", {"经办人身份证件", "ID of the filing agent"},
                                      TransferFacts::Filing(m.filing.filing_agent)));
  list.checklist.push_back(Item("authorisation", {"经办人授权委托书", "The agent's letter of authorisation"}));
  list.checklist.push_back(Item("commitment", {"承诺书", "Letter of commitment"}));
  ChecklistItem contract = Item("signedContract", {"已签订的标准合同", "The signed standard contract"});
  if (m.status.standard_contract.present && o.satisfied) {
    contract.state = ItemState::kProvided;
    contract.note = m.status.standard_contract.reference;
    contract.source = m.status.standard_contract.pointer + "/reference";
  }
  list.checklist.push_back(std::move(contract));
  ChecklistItem pipia = Item("piImpactAssessment", {"个人信息保护影响评估报告", "PI protection impact assessment report"});
  const Obligation* pia = FindObligation(d, "pi_impact_assessment");
  if (pia != nullptr && pia->satisfied && m.status.pi_impact_assessment.present) {
    pipia.state = ItemState::kProvided;
    pipia.note = m.status.pi_impact_assessment.date.ToString();
    pipia.source = m.status.pi_impact_assessment.pointer + "/completedOn";
  }
  list.checklist.push_back(std::move(pipia));
  form.sections.push_back(std::move(list));
  return form;
}

Form PiImpactAssessmentDraft(const TransferFacts& f, const Obligation& o) {
  const Manifest& m = f.transfer().manifest;
  const Decision& d = f.transfer().decision;
  Form form = StartDraft(f, o, {"个人信息保护影响评估报告", "PI protection impact assessment report"},
                         "Standard Contract Measures Art. 5; PIPL Art. 56 (regulation digest §6): the six "
                         "matters below; the report is kept for at least 3 years.");
  auto judged = [](const std::string& section) {
    return Judgment(section + ".assessment", {"评估意见（由评估人员填写）", "Assessment (by the assessor)"});
  };
  FormSection s1{"purposeScopeMethod",
                 {"一、处理目的、范围、方式的合法性、正当性和必要性",
                  "1. Legality, legitimacy and necessity of the purpose, scope and method"}, {}, {}};
  s1.fields.push_back(FilledOr("purpose", {"处理目的", "Purpose"}, f.Member({"dxcheck", "transfer", "purpose"}),
                               "dxcheck.transfer.purpose"));
  s1.fields.push_back(Filled("scenario", {"业务场景", "Business scenario"}, f.Member({"dxcheck", "transfer", "scenario"})));
  s1.fields.push_back(FilledOr("mode", {"出境方式（传输或境外访问）", "Mode (transfer or remote access)"},
                               f.Member({"dxcheck", "transfer", "mode"}), "dxcheck.transfer.mode"));
  s1.fields.push_back(FilledOr("transferMethod", {"传输方式", "Transfer method"},
                               TransferFacts::Filing(m.filing.transfer_method), "dxcheck.filing.transferMethod"));
  s1.fields.push_back(FilledOr("transferFrequency", {"出境频次", "Frequency of transfers"},
                               TransferFacts::Filing(m.filing.frequency), "dxcheck.filing.transferFrequency"));
  s1.fields.push_back(FilledOr("exemption", {"所主张的豁免情形（法律依据）", "Exemption claimed (legal basis)"},
                               f.Member({"dxcheck", "transfer", "exemption"}), "dxcheck.transfer.exemption"));
  s1.fields.push_back(FilledOr("separateConsent", {"已取得单独同意", "Separate consent obtained"},
                               f.Member({"dxcheck", "status", "separateConsent"}), "dxcheck.status.separateConsent"));
  s1.fields.push_back(judged("purposeScopeMethod"));
  form.sections.push_back(std::move(s1));

  FormSection s2{"scaleSensitivity",
                 {"二、出境个人信息的规模、范围、种类、敏感程度及对个人权益的风险",
                  "2. Scale, scope, categories and sensitivity, and the risk to persons"}, {}, {}};
  AddPersonCounts(f, true, &s2);
  s2.fields.push_back(FilledOr("minorsUnder14", {"其中不满十四周岁未成年人人数", "of whom minors under 14"},
                               f.Member({"dxcheck", "subjects", "minorsUnder14"}), "dxcheck.subjects.minorsUnder14"));
  s2.fields.push_back(Filled("cumulativePersons", {"本年度累计出境人数（含本次）", "Persons exported this year, cumulative (this transfer included)"},
                             TransferFacts::Decided("/counts/cumulativePersonal", d.counts.cumulative_personal)));
  s2.fields.push_back(CategoriesField(f, CategoryKind::kPersonal, "categories",
                                      {"出境个人信息种类（GB/T 35273）", "PI categories (per GB/T 35273)"}));
  s2.fields.push_back(CategoriesField(f, CategoryKind::kSensitive, "sensitiveCategories",
                                      {"出境敏感个人信息种类", "Sensitive PI categories"}));
  s2.fields.push_back(FilledOr("deidentification", {"去标识化情况", "De-identification"},
                               f.Member({"dxcheck", "deidentification"}), "dxcheck.deidentification"));
  s2.fields.push_back(Filled("hgrInformation", {"是否含人类遗传资源信息", "Human genetic resources information"},
                             TransferFacts::DecidedBool("/presence/hgrInformation", d.hgr_present)));
  s2.fields.push_back(judged("scaleSensitivity"));
  form.sections.push_back(std::move(s2));

  FormSection s3{"recipientCapability",
                 {"三、境外接收方承诺承担的义务及其管理和技术措施、能力能否保障出境个人信息安全",
                  "3. The recipient's obligations, and whether its measures and capability protect the data"}, {}, {}};
  s3.fields.push_back(FilledList("recipients", {"境外接收方（国家或地区）", "Recipients abroad (country or region)"},
                                 f.Recipients()));
  s3.fields.push_back(judged("recipientCapability"));
  form.sections.push_back(std::move(s3));

  FormSection s4{"afterExport",
                 {"四、出境后遭篡改、破坏、泄露、丢失、滥用的风险，个人权益维护渠道是否通畅",
                  "4. Risks of tampering, destruction, leakage, loss or misuse after export, and whether persons can exercise their rights"}, {}, {}};
  s4.fields.push_back(FilledOr("storagePlaceAbroad", {"出境后保存地点", "Storage place abroad"},
                               TransferFacts::Filing(m.filing.storage_place), "dxcheck.filing.storagePlaceAbroad"));
  AddRetention(f, &s4);
  s4.fields.push_back(OnwardField(f));
  s4.fields.push_back(judged("afterExport"));
  form.sections.push_back(std::move(s4));

  FormSection s5{"recipientLaw",
                 {"五、境外接收方所在国家或者地区的法律和政策的影响", "5. The effect of the recipient country's law and policy"}, {}, {}};
  s5.fields.push_back(FilledList("countries", {"境外接收方所在国家或地区", "Recipients' countries or regions"}, f.Countries()));
  s5.fields.push_back(judged("recipientLaw"));
  form.sections.push_back(std::move(s5));

  FormSection s6{"other", {"六、其他事项", "6. Other matters"}, {}, {}};
  s6.fields.push_back(judged("other"));
  form.sections.push_back(std::move(s6));
  return form;
}

}  // namespace dxcheck
