// The HGR information provision prior report (regulation digest §6 and §3:
// HGR Regulation Art. 28, Biosecurity Law Art. 57) and the FTZ zone filing
// summary (digest §2: some zones require a record before a list is relied
// on). Both are summaries of facts the manifest and the decision hold; the
// backup and the filing itself are the exporter's to provide.
#include "checker/filing/draft_builders.h"

namespace dxcheck {

Form HgrPriorReportDraft(const TransferFacts& f, const Obligation& o) {
  const Decision& d = f.transfer().decision;
  Form form = StartDraft(f, o, {"人类遗传资源信息对外提供事先报告", "HGR information provision: prior report"},
                         "HGR Regulation Art. 28, Biosecurity Law Art. 57 (regulation digest §3, §6): a prior "
                         "report and an information backup before HGR information is provided to a foreign party.");
  FormSection s{"priorReport", {"事先报告摘要", "Prior report summary"}, {}, {}};
  std::vector<FormValue> types = f.Categories(CategoryKind::kHgr);
  if (types.empty()) {
    // hgr.information without an HGR-coded field: the manifest states the
    // information, not its type.
    s.fields.push_back(NotStated("informationType", {"信息类型", "Type of information"},
                                 "resources[].schema.fields[].dxcheck.categories (hgr.genomic)"));
  } else {
    s.fields.push_back(FilledList("informationType", {"信息类型", "Type of information"}, std::move(types)));
  }
  s.fields.push_back(Filled("hgrInformation", {"含人类遗传资源信息", "HGR information present"},
                            TransferFacts::DecidedBool("/presence/hgrInformation", d.hgr_present)));
  std::vector<FormValue> bytes = f.ResourceBytes(true);
  if (bytes.empty()) {
    s.fields.push_back(NotStated("volumeBytes", {"信息量（字节，按数据文件）", "Volume (bytes, per data file)"}, ""));
  } else {
    s.fields.push_back(FilledList("volumeBytes", {"信息量（字节，按数据文件）", "Volume (bytes, per data file)"}, std::move(bytes)));
  }
  std::vector<FormValue> records = f.ResourceRecords(true);
  if (!records.empty()) {
    s.fields.push_back(FilledList("volumeRecords", {"信息量（条，按数据文件）", "Volume (records, per data file)"}, std::move(records)));
  }
  AddPersonCounts(f, false, &s);
  s.fields.push_back(FilledOr("sequencingSubjects", {"外显子组或基因组测序涉及人数", "Persons with exome or genome sequencing data"},
                              f.Member({"dxcheck", "hgr", "sequencingSubjects"}), "dxcheck.hgr.sequencingSubjects"));
  if (d.data.verified && d.data.persons_counted) {
    FormValue measured;
    measured.number = d.data.sequencing_subjects;
    measured.source = kMeasuredByData;
    s.fields.push_back(Filled("sequencingSubjects.measured", {"实测测序人数（check --data）", "Sequencing subjects counted in the data files"},
                              measured));
  }
  s.fields.push_back(FilledList("recipients", {"境外接收方（国家或地区）", "Recipients abroad (country or region)"}, f.Recipients()));
  s.fields.push_back(FilledOr("purpose", {"对外提供目的", "Purpose"}, f.Member({"dxcheck", "transfer", "purpose"}),
                              "dxcheck.transfer.purpose"));
  s.checklist.push_back({"backup", {"提交信息备份", "The information backup to submit"}, ItemState::kToProvide, "", ""});
  form.sections.push_back(std::move(s));
  return form;
}

Form FtzFilingDraft(const TransferFacts& f, const Obligation& o) {
  const Decision& d = f.transfer().decision;
  Form form = StartDraft(f, o, {"自贸试验区数据出境备案", "FTZ filing"},
                         "Regulation digest §2: some zones require the processor to file a record (报备/备案) "
                         "before relying on the list (secondary; unverified for the Beijing list and the Jiangsu "
                         "model list).");
  FormSection s{"zoneFiling", {"备案摘要", "Filing summary"}, {}, {}};
  s.fields.push_back(FilledOr("zone", {"所在自贸试验区", "Zone"}, f.Member({"dxcheck", "exporter", "zone"}),
                              "dxcheck.exporter.zone"));
  s.fields.push_back(FilledOr("exportsFromZone", {"自区内出境", "Exported from the zone"},
                              f.Member({"dxcheck", "exporter", "exportsFromZone"}), "dxcheck.exporter.exportsFromZone"));
  s.fields.push_back(Filled("sector", {"所属行业领域", "Sector"}, f.Member({"dxcheck", "exporter", "sector"})));
  s.fields.push_back(Filled("scenario", {"业务场景", "Business scenario"}, f.Member({"dxcheck", "transfer", "scenario"})));
  // The list that raised the filing: the obligation's rule is "<list id>/filing".
  const std::string_view list_id = o.rule.substr(0, o.rule.find('/'));
  for (size_t i = 0; i < d.lists.size(); ++i) {
    if (d.lists[i].id != list_id) continue;
    const std::string p = "/lists/" + std::to_string(i);
    s.fields.push_back(Filled("list.id", {"所依据的清单", "List relied on"}, TransferFacts::DecidedText(p + "/id", std::string(d.lists[i].id))));
    s.fields.push_back(Filled("list.version", {"清单版本", "List version"},
                              TransferFacts::DecidedText(p + "/version", std::string(d.lists[i].version))));
    s.fields.push_back(Filled("list.sha256", {"清单文件 SHA-256", "List file SHA-256"},
                              TransferFacts::DecidedText(p + "/sha256", std::string(d.lists[i].sha256))));
  }
  std::vector<FormValue> items;
  auto add = [&](const std::vector<Match>& matches, const std::string& key, bool relief) {
    for (size_t k = 0; k < matches.size(); ++k) {
      const Match& mt = matches[k];
      bool from_list = mt.list == list_id;
      bool relieved_by = relief && mt.relieved_by == "list:" + std::string(list_id);
      if (!from_list && !relieved_by) continue;
      FormValue v = TransferFacts::DecidedText("/" + key + "/" + std::to_string(k) + "/title/zh",
                                                 std::string(mt.title.zh));
      v.en = mt.title.en;
      v.code = mt.QualifiedRule();
      items.push_back(std::move(v));
    }
  };
  add(d.matches, "matches", false);
  add(d.relieved, "relieved", true);
  if (items.empty()) {
    s.fields.push_back(NotStated("itemsReliedOn", {"所依据的清单条目", "List items relied on"}, ""));
  } else {
    s.fields.push_back(FilledList("itemsReliedOn", {"所依据的清单条目（含因清单而不适用的全国性规则）",
                                                    "List items relied on (and national rules the list relieves)"},
                                  std::move(items)));
  }
  s.checklist.push_back({"filingRecord", {"向所在自贸试验区提交备案", "The filing with the zone"}, ItemState::kToProvide, "", ""});
  form.sections.push_back(std::move(s));
  return form;
}

}  // namespace dxcheck
