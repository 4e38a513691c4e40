// The security assessment's materials (regulation digest §6, and §4 for what
// the declaration states): the declaration's (申报书) data-export section and
// the self-assessment report (数据出境风险自评估报告) skeleton, with the
// checklist of materials. Facts are filled; the processor's structure, the
// risks and the conclusion are left to the people who assess.
#include "checker/filing/draft_builders.h"

namespace dxcheck {
namespace {

// The data items a draft lists one by one, as many as a decision lists fields;
// past that the decision's fieldCount says how many there are in all.
constexpr size_t kMaxListedItems = kMaxDecisionFields;

FormField ListOr(const std::string& id, FormText label, std::vector<FormValue> v, const std::string& hint) {
  if (v.empty()) return NotStated(id, std::move(label), hint);
  return FilledList(id, std::move(label), std::move(v));
}

}  // namespace

Form SecurityAssessmentDraft(const TransferFacts& f, const Obligation& o) {
  const Manifest& m = f.transfer().manifest;
  const Decision& d = f.transfer().decision;
  Form form = StartDraft(f, o, {"数据出境安全评估申报材料", "CAC security assessment: filing materials"},
                         "Regulation digest §6 (secondary), declared in the CAC online system; the "
                         "self-assessment is done within 3 months before filing. Declaration contents per "
                         "digest §4.");
  FormSection decl{"declaration", {"申报书：数据出境情况", "Declaration (申报书): the data export"}, {}, {}};
  decl.fields.push_back(Filled("ciio", {"是否为关键信息基础设施运营者", "Critical information infrastructure operator"},
                               f.Member({"dxcheck", "exporter", "ciio"})));
  decl.fields.push_back(NotStated("processedScale", {"数据处理者处理个人信息的规模（按人计）",
                                                      "Scale of PI the exporter processes (counted per person)"}, ""));
  decl.fields.push_back(Filled("sector", {"所属行业领域", "Sector"}, f.Member({"dxcheck", "exporter", "sector"})));
  decl.fields.push_back(Filled("scenario", {"业务场景", "Business scenario"}, f.Member({"dxcheck", "transfer", "scenario"})));
  decl.fields.push_back(FilledOr("description", {"场景描述（出境目的）", "Description (purpose)"},
                                 f.Member({"dxcheck", "transfer", "purpose"}), "dxcheck.transfer.purpose"));
  decl.fields.push_back(Filled("importantData", {"是否含重要数据", "Important data"},
                               TransferFacts::DecidedBool("/presence/importantData", d.important_data)));
  if (d.important_data || m.important_data.status != "none") {
    decl.fields.push_back(FilledOr("importantDataAuthority", {"认定重要数据的部门", "Authority that designated the important data"},
                                   f.Member({"dxcheck", "importantData", "authority"}), "dxcheck.importantData.authority"));
    decl.fields.push_back(FilledOr("importantDataReference", {"认定文件", "Designating document"},
                                   f.Member({"dxcheck", "importantData", "reference"}), "dxcheck.importantData.reference"));
  }
  decl.fields.push_back(Filled("personalInformation", {"是否含个人信息", "Personal information"},
                               TransferFacts::DecidedBool("/presence/personalInformation", d.pi_present)));
  decl.fields.push_back(Filled("sensitivePersonalInformation", {"是否含敏感个人信息", "Sensitive personal information"},
                               TransferFacts::DecidedBool("/presence/sensitivePersonalInformation", d.spi_present)));
  AddPersonCounts(f, true, &decl);
  decl.fields.push_back(Filled("cumulativePersons", {"本年度累计出境人数（含本次）", "Persons exported this year, cumulative (this transfer included)"},
                               TransferFacts::Decided("/counts/cumulativePersonal", d.counts.cumulative_personal)));
  decl.fields.push_back(FilledList("volumeBytes", {"数据量（字节，按数据文件）", "Volume (bytes, per data file)"},
                                   f.ResourceBytes(false)));
  decl.fields.push_back(ListOr("volumeRecords", {"数据量（条，按数据文件）", "Volume (records, per data file)"},
                               f.ResourceRecords(false), "resources[].dxcheck.records"));
  decl.fields.push_back(FilledList("recipients", {"境外接收方（国家或地区）", "Recipients abroad (country or region)"},
                                   f.Recipients()));
  decl.fields.push_back(NotStated("recipientBusiness", {"境外接收方主营业务", "Recipients' business"}, ""));
  form.sections.push_back(std::move(decl));

  FormSection self{"selfAssessment", {"数据出境风险自评估报告", "Self-assessment report of the export's risks"}, {}, {}};
  self.fields.push_back(Judgment("process", {"自评估工作过程", "The self-assessment process"}));
  self.fields.push_back(NotStated("processor.ownership", {"数据处理者：股权结构", "The processor: ownership"}, ""));
  self.fields.push_back(NotStated("processor.controller", {"数据处理者：实际控制人", "The processor: controller"}, ""));
  self.fields.push_back(NotStated("processor.organisation", {"数据处理者：组织架构", "The processor: organisation"}, ""));
  self.fields.push_back(FilledOr("processor.dataSecurityOfficer", {"数据处理者：数据安全负责人", "The processor: data-security officer"},
                                 TransferFacts::Filing(m.filing.data_security_officer), "dxcheck.filing.dataSecurityOfficer"));
  self.fields.push_back(NotStated("processor.dataSecurityBodies", {"数据处理者：数据安全管理机构", "The processor: data-security bodies"}, ""));
  self.fields.push_back(FilledOr("export.purpose", {"出境目的", "Purpose of the export"},
                                 f.Member({"dxcheck", "transfer", "purpose"}), "dxcheck.transfer.purpose"));
  self.fields.push_back(FilledOr("export.method", {"出境方式（传输方式）", "Method of the export (transfer method)"},
                                 TransferFacts::Filing(m.filing.transfer_method), "dxcheck.filing.transferMethod"));
  self.fields.push_back(FilledOr("export.frequency", {"出境频次", "Frequency of transfers"},
                                 TransferFacts::Filing(m.filing.frequency), "dxcheck.filing.transferFrequency"));
  self.fields.push_back(Judgment("export.lawfulNecessary", {"出境的合法性、正当性和必要性", "Why the export is lawful and necessary"}));
  size_t total = 0;
  std::vector<FormValue> items = f.DataItems(kMaxListedItems, &total);
  self.fields.push_back(ListOr("dataItems", {"出境数据项（本业务场景）", "Data items of this business scenario"},
                               std::move(items), "resources[].schema.fields"));
  if (total > kMaxListedItems) {
    FormValue n;
    n.number = total;
    n.source = "decision:/fieldCount";
    self.fields.push_back(Filled("dataItemCount", {"出境数据项总数（上表仅列前 " + std::to_string(kMaxListedItems) + " 项）",
                                                      "Data items in all (the list shows the first " + std::to_string(kMaxListedItems) + ")"}, n));
  }
  self.fields.push_back(ListOr("sensitiveCategories", {"敏感程度：敏感个人信息种类", "Sensitivity: sensitive PI categories"},
                               f.Categories(CategoryKind::kSensitive), "resources[].schema.fields[].dxcheck.categories"));
  self.fields.push_back(FilledList("recipient", {"境外接收方情况", "The recipient"}, f.Recipients()));
  self.fields.push_back(Judgment("recipient.assessment", {"境外接收方数据安全保护能力评估", "The recipient's capability to protect the data"}));
  self.fields.push_back(Judgment("risks", {"出境风险评估", "Risks"}));
  self.fields.push_back(Judgment("conclusion", {"评估结论", "Conclusion"}));
  form.sections.push_back(std::move(self));

  FormSection list{"checklist", {"申报材料清单", "Materials to file"}, {}, {}};
  list.checklist.push_back({"authorisation", {"授权委托书", "Letter of authorisation"}, ItemState::kToProvide, "", ""});
  list.checklist.push_back({"declaration", {"数据出境安全评估申报书", "The declaration (申报书)"}, ItemState::kToProvide, "", ""});
  list.checklist.push_back({"selfAssessment", {"数据出境风险自评估报告", "The self-assessment report"}, ItemState::kToProvide, "", ""});
  list.checklist.push_back({"contracts", {"与境外接收方拟订立的合同或者其他具有法律效力的文件", "Contracts with the recipient"},
                            ItemState::kToProvide, "", ""});
  form.sections.push_back(std::move(list));
  return form;
}

}  // namespace dxcheck
