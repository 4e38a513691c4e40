#include "checker/bundle/report_html.h"

#include <map>

namespace dxcheck {
namespace {

const std::map<std::string, std::pair<const char*, const char*>>& VerdictText() {
  static const std::map<std::string, std::pair<const char*, const char*>> k = {
      {"free_flow", {"无需申报安全评估、订立标准合同或认证", "No assessment, contract or certification required"}},
      {"contract_or_certification", {"需订立并备案标准合同或通过个人信息保护认证", "A filed standard contract or a PI-protection certification is required"}},
      {"security_assessment", {"需申报数据出境安全评估", "A CAC security assessment is required"}},
      {"prohibited", {"不得依本制度出境", "Cannot be authorised under this regime"}},
  };
  return k;
}

const std::map<std::string, std::pair<const char*, const char*>>& ObligationText() {
  static const std::map<std::string, std::pair<const char*, const char*>> k = {
      {"separate_consent", {"取得个人单独同意", "Separate consent of the individuals"}},
      {"pi_impact_assessment", {"个人信息保护影响评估", "PI protection impact assessment"}},
      {"ftz_filing", {"自贸试验区备案", "FTZ filing"}},
      {"standard_contract_filing", {"标准合同备案", "Standard contract filing"}},
      {"pi_certification", {"个人信息保护认证", "PI protection certification"}},
      {"security_assessment", {"数据出境安全评估", "CAC security assessment"}},
      {"hgr_prior_report", {"人类遗传资源信息对外提供事先报告", "HGR prior report and backup"}},
      {"hgr_security_review", {"人类遗传资源安全审查", "HGR security review"}},
      {"hgr_material_export_approval", {"人类遗传资源材料出境证明", "HGR material export approval"}},
  };
  return k;
}

// The status keys that satisfy obligations, and their date keys.
const std::map<std::string, std::pair<const char*, const char*>>& GroundText() {
  static const std::map<std::string, std::pair<const char*, const char*>> k = {
      {"securityAssessment", {"数据出境安全评估", "CAC security assessment"}},
      {"standardContract", {"个人信息出境标准合同（已备案）", "filed standard contract"}},
      {"certification", {"个人信息保护认证", "PI protection certification"}},
      {"ftzFiling", {"自贸试验区备案", "FTZ filing"}},
      {"piImpactAssessment", {"个人信息保护影响评估", "PI protection impact assessment"}},
      {"separateConsent", {"个人单独同意", "separate consent"}},
      {"hgrPriorReport", {"人类遗传资源信息对外提供事先报告", "HGR prior report"}},
      {"hgrSecurityReview", {"人类遗传资源安全审查", "HGR security review"}},
      {"hgrMaterialExportApproval", {"人类遗传资源材料出境证明", "HGR material export approval"}},
      {"validUntil", {"有效期至", "valid until"}},
      {"filedOn", {"备案日期", "filed on"}},
      {"completedOn", {"完成日期", "completed on"}},
      {"approvedOn", {"批准日期", "approved on"}},
  };
  return k;
}

const std::map<std::string, const char*, std::less<>>& WarningZh() {
  static const std::map<std::string, const char*, std::less<>> k = {
      {"W-UNCLASSIFIED-FIELD", "字段未能分类：请用 dxcheck.categories 标注其类别"},
      {"W-NO-SCHEMA", "数据资源没有字段结构（schema），其内容未被分类"},
      {"W-UNKNOWN-ZONE", "所填区域不属于任何已加载的清单：仅适用全国性规则，不适用自贸区清单"},
      {"W-MISSING-COLUMN", "数据文件缺少清单（schema）所列字段"},
      {"W-FEWER-PERSONS", "实测人数（或样本数）少于申报人数：阈值按申报人数计算"},
      {"W-PERSONS-NOT-COUNTED", "含个人信息但无计数键（或所读文件中没有）：按申报人数计算"},
      {"W-KEYLESS-ROWS", "部分记录的计数键为空：其中的个人未被计数（阈值按申报人数计算，若其更大）"},
      {"W-NOT-READ", "dxcheck 不解析该格式：仅核对大小和哈希值"},
      {"W-PRIOR-SUPERSEDED", "manifest 中声明的本年度已出境人数与台账不一致：以台账为准"},
      {"W-ZONE-MISSING", "声明从区内出境，但未填写所属区域"},
      {"W-SELF-IDENTIFIED-IMPORTANT", "自行识别的重要数据仅作记录，不按重要数据处理（《促进和规范数据跨境流动规定》第二条）"},
      {"W-EXEMPTION-CLAIMED", "豁免情形按申报采纳：数据处理者须能证明其适用"},
      {"W-EXEMPTION-IGNORED", "所申报的第三条豁免不适用于含个人信息或重要数据的出境，已忽略"},
      {"W-LIST-NOT-APPLIED", "本次出境包含该自贸区清单不涵盖的数据，清单未适用，由全国性规则决定"},
      {"W-LIST-NOT-IN-FORCE", "该清单在评估日期不在有效期内，未适用"},
      {"W-PARTIAL-LIST", "所适用的清单仅为部分收录"},
      {"W-MODEL-LIST", "所适用的清单为示范清单，并非官方发布的清单"},
      {"W-UNVERIFIED-RULE", "使用了尚未核实出处的规则或备案要求"},
      {"W-STATUS-NOT-VALID", "所填办理情况在评估日期不成立"},
      {"W-EXPIRES-BEFORE-TRANSFER", "所填办理情况在计划出境日期前失效，不能满足相应义务"},
      {"W-STATUS-AFTER-TRANSFER", "所填办理情况晚于计划出境日期，不能满足相应义务"},
      {"W-DUPLICATE-SUBJECT", "签名声明中有两个同名主体，按名称核对的验证工具无法区分"},
  };
  return k;
}

constexpr char kCss[] =
    "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
    "Arial,sans-serif;margin:2em auto;max-width:1100px;color:#1b1b1b;line-height:1.45}"
    "h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;border-bottom:2px solid #ddd;"
    "padding-bottom:.2em;margin-top:1.6em}.en{color:#555}table{border-collapse:collapse;width:100%;"
    "margin:.5em 0}th,td{border:1px solid #ccc;padding:.35em .5em;text-align:left;vertical-align:top;"
    "font-size:.92em}th{background:#f3f3f3}.verdict{padding:1em;border-radius:6px;margin:1em 0;"
    "font-size:1.1em}.ok{background:#e6f4ea;border:1px solid #34a853}.stop{background:#fdecea;"
    "border:1px solid #d93025}.open{color:#d93025;font-weight:bold}.done{color:#188038;font-weight:bold}"
    "code{font-family:monospace;font-size:.9em;word-break:break-all}.small{font-size:.85em;color:#555}";

std::string Row(std::initializer_list<std::string> cells, bool head = false) {
  std::string out = "<tr>";
  for (const std::string& c : cells) out += std::string(head ? "<th>" : "<td>") + c + (head ? "</th>" : "</td>");
  return out + "</tr>\n";
}

std::string Bi(std::string_view zh, std::string_view en) {
  return HtmlEscape(zh) + " <span class=\"en\">/ " + HtmlEscape(en) + "</span>";
}

// "<ground> <reference> · <date key> <date>", both languages.
std::string Ground(const Obligation& o) {
  auto e = [](const std::string& s) { return HtmlEscape(s); };
  auto it = GroundText().find(o.ground_key);
  std::string out = it != GroundText().end() ? Bi(it->second.first, it->second.second) : e(o.satisfied_by);
  if (!o.ground_reference.empty()) out += " <b class=\"ref\">" + e(o.ground_reference) + "</b>";
  if (!o.ground_date_key.empty()) {
    auto d = GroundText().find(o.ground_date_key);
    out += " · " + (d != GroundText().end() ? Bi(d->second.first, d->second.second) : e(o.ground_date_key)) +
           " <b>" + e(o.ground_date) + "</b>";
  }
  return out;
}

const std::pair<const char*, const char*>* FindObligationText(std::string_view id) {
  auto it = ObligationText().find(std::string(id));
  return it != ObligationText().end() ? &it->second : nullptr;
}

}  // namespace

const char* WarningTextZh(std::string_view code) {
  auto it = WarningZh().find(code);
  return it != WarningZh().end() ? it->second : nullptr;
}

std::string RenderReportHtml(const CheckedTransfer& t, const std::string& keyid,
                             const std::string& algorithm) {
  const Decision& d = t.decision;
  const Manifest& m = t.manifest;
  auto e = [](std::string_view s) { return HtmlEscape(s); };
  std::string verdict = VerdictName(d.verdict);
  auto vt = VerdictText().at(verdict);
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>数据出境合规决定 / Cross-border data transfer decision — " + e(d.transfer_id) + "</title>\n"
      "<style>" + kCss + "</style>\n</head>\n<body>\n"
      "<h1>数据出境合规决定 <span class=\"en\">/ Cross-border data transfer decision</span></h1>\n"
      "<p class=\"small\">" + Bi("传输编号", "Transfer") + ": <b>" + e(d.transfer_id) + "</b> · " +
      Bi("评估日期", "Evaluated at") + ": <b>" + d.evaluated_at.ToString() + "</b> · dxcheck " + kToolVersion + "</p>\n";
  h += "<div id=\"verdict\" class=\"verdict " + std::string(d.may_proceed ? "ok" : "stop") + "\">" +
       "<b>" + Bi("结论", "Verdict") + ":</b> <code>" + e(verdict) + "</code> — " + Bi(vt.first, vt.second) +
       "<br><b>" + Bi("是否可以出境", "May the transfer proceed") + ":</b> " +
       (d.may_proceed ? Bi("可以", "Yes") : Bi("暂不可以：尚有未完成事项", "Not yet: obligations are open")) +
       " <span class=\"small\">(" + Bi("退出码", "exit code") + " " + std::to_string(d.exit_code) + ")</span>";
  // What satisfied each obligation, beside the answer it leads to.
  std::string satisfied;
  for (const Obligation& o : d.obligations) {
    if (!o.satisfied) continue;
    const auto* ot = FindObligationText(o.id);
    satisfied += "<li>" + (ot ? Bi(ot->first, ot->second) : e(o.id)) + ": " + Ground(o) + "</li>\n";
  }
  if (!satisfied.empty()) {
    h += "<br><b>" + Bi("已满足的义务及其依据", "Obligations satisfied, and by what") + ":</b>\n<ul id=\"satisfied\">\n" +
         satisfied + "</ul>";
  }
  h += "</div>\n";
  h += "<h2>" + Bi("传输与数据处理者", "Transfer and exporter") + "</h2>\n<table>\n" +
       Row({Bi("数据处理者", "Exporter"), e(m.exporter.name) + " <span class=\"small\">USCC " + e(m.exporter.uscc) + "</span>"}) +
       Row({Bi("所属区域", "Zone"), m.exporter.zone ? e(*m.exporter.zone) + (m.exporter.exports_from_zone ? " (从区内出境 / exporting from the zone)" : "") : Bi("不在自贸区", "not in an FTZ")}) +
       Row({Bi("行业 / 关基", "Sector / CIIO"), e(m.exporter.sector) + " / " + (m.exporter.ciio ? Bi("是", "yes") : Bi("否", "no"))}) +
       Row({Bi("场景与目的", "Scenario and purpose"), e(m.transfer.scenario) + " — " + e(m.transfer.purpose)}) +
       Row({Bi("计划出境日期 / 方式", "Planned date / mode"), m.transfer.date.ToString() + " / " + e(m.transfer.mode)}) +
       Row({Bi("涉及人数（累计）", "Persons (cumulative this year)"),
            std::to_string(d.counts.cumulative_personal) + " " + Bi("人个人信息", "persons' PI") + "; " +
                std::to_string(d.counts.cumulative_sensitive) + " " + Bi("人敏感个人信息", "persons' sensitive PI")}) +
       "</table>\n<h2>" + Bi("境外接收方", "Recipients") + "</h2>\n<table>\n" +
       Row({Bi("名称", "Name"), Bi("国家或地区", "Country or region"), Bi("类型", "Type")}, true);
  for (const Recipient& r : m.recipients) h += Row({e(r.name), e(r.country), e(r.entity_type)});
  h += "</table>\n<h2>" + Bi("义务与完成情况", "Obligations and their state") + "</h2>\n<table id=\"obligations\">\n" +
       Row({Bi("义务", "Obligation"), Bi("状态", "State"), Bi("依据", "Shown by"), Bi("规则与出处", "Rule and citation")}, true);
  if (d.obligations.empty()) h += Row({Bi("无", "None"), "", "", ""});
  for (const Obligation& o : d.obligations) {
    const auto* ot = FindObligationText(o.id);
    std::string name = ot ? Bi(ot->first, ot->second) : e(o.id);
    h += Row({name + "<br><code>" + e(o.id) + "</code>",
              o.satisfied ? "<span class=\"done\">" + Bi("已完成", "done") + "</span>"
                          : "<span class=\"open\">" + Bi("未完成", "OPEN") + "</span>",
              o.satisfied ? Ground(o) : "", "<code>" + e(o.rule) + "</code><br>" + e(o.citation)});
  }
  h += "</table>\n<h2>" + Bi("适用的规则", "Rules in force") + "</h2>\n<table id=\"matches\">\n" +
       Row({Bi("规则", "Rule"), Bi("结果", "Outcome"), Bi("出处", "Citation"), Bi("证据", "Evidence")}, true);
  for (const Match& mt : d.matches) {
    std::string ev;
    for (const Evidence& x : mt.evidence) ev += "<code>" + e(x.pointer) + "</code> = " + e(x.value_json) + " (" + e(x.test) + ")<br>";
    h += Row({Bi(mt.title.zh, mt.title.en) + "<br><code>" + e(mt.QualifiedRule()) + "</code>",
              e(mt.outcome ? VerdictName(*mt.outcome) : "obligations") + (mt.important_data ? " · " + Bi("重要数据", "important data") : ""),
              e(mt.citation) + " <span class=\"small\">[" + e(mt.verification) + "]</span>", ev});
  }
  if (!d.relieved.empty()) {
    h += "</table>\n<h2>" + Bi("被豁免或清单免除的规则", "Rules relieved") + "</h2>\n<table>\n" +
         Row({Bi("规则", "Rule"), Bi("免除依据", "Relieved by"), Bi("出处", "Citation")}, true);
    for (const Match& mt : d.relieved) {
      h += Row({Bi(mt.title.zh, mt.title.en) + "<br><code>" + e(mt.QualifiedRule()) + "</code>", e(mt.relieved_by), e(mt.citation)});
    }
  }
  h += "</table>\n<h2>" + Bi("所用清单及摘要", "Lists used and their digests") + "</h2>\n<table>\n" +
       Row({Bi("清单", "List"), Bi("版本", "Version"), Bi("类型/状态", "Kind / status"), Bi("是否适用", "Applied"), "SHA-256"}, true);
  for (const ListRecord& l : d.lists) {
    h += Row({e(l.id), e(l.version), e(l.kind) + " / " + e(l.status), (l.applied ? Bi("是", "yes") : Bi("否", "no")) + "<br><span class=\"small\">" + Bi(l.reason_zh, l.reason) + "</span>", "<code>" + std::string(l.sha256) + "</code>"});
  }
  h += Row({"categories", e(d.categories_version), "code list", "", "<code>" + std::string(d.categories_sha256) + "</code>"});
  h += "</table>\n<h2>" + Bi("数据文件及摘要", "Data files and their digests") + "</h2>\n<p class=\"small\">" +
       Bi("数据文件本身不在证据包内；签名声明按下列 SHA-256 记录它们，请自行核对",
          "The data files are not in the bundle; the signed statement records them by these SHA-256 digests: check "
          "them yourself") +
       ".</p>\n<table id=\"files\">\n" +
       Row({Bi("资源", "Resource"), Bi("文件", "File"), Bi("字节数", "Bytes"), "SHA-256"}, true);
  for (size_t i = 0; i < d.resources.size(); ++i) {
    const ResourceRecord& r = d.resources[i];
    std::string files;
    if (r.parts.empty()) {
      files = "<code>" + e(r.path) + "</code>";
    } else {
      files = Bi("分为多个部分，摘要覆盖整个资源", "in parts; the digest covers the whole resource") + ":";
      for (const std::string& p : r.parts) files += "<br><code>" + e(p) + "</code>";
    }
    std::string bytes = i < m.resources.size() ? std::to_string(m.resources[i].bytes) : "";
    h += Row({e(r.name), files, bytes, "<code>" + e(r.sha256) + "</code>"});
  }
  h += "</table>\n<h2>" + Bi("字段分类", "Field classification") + "</h2>\n<table id=\"fields\">\n" +
       Row({Bi("字段", "Field"), Bi("类别", "Categories"), Bi("个人 / 敏感 / 人类遗传资源", "Personal / sensitive / HGR"),
            Bi("分类依据", "Classified by")}, true);
  for (FieldTable::Record f : d.fields) {
    std::string cats;
    for (std::string_view c : f.categories()) {
      cats += (cats.empty() ? "" : ", ") + ("<code>" + e(c) + "</code>");
    }
    auto yn = [&](bool b) { return b ? Bi("是", "yes") : Bi("否", "no"); };
    std::string_view source = f.source();
    std::string by = source == "declared"    ? Bi("清单文件中标注", "declared in the manifest")
                     : source == "crosswalk" ? Bi("其他工具的标签对照", "crosswalk from another tool's labels")
                     : source == "pattern"   ? Bi("字段名匹配", "field name pattern")
                                             : Bi("未分类", "unclassified");
    for (std::string_view p : f.patterns()) by += " <code>" + e(p) + "</code>";
    for (std::string_view l : f.labels()) by += " <code>" + e(l) + "</code>";
    h += Row({e(f.name()) + "<br><code class=\"small\">" + e(f.pointer()) +
                  "</code>",
              cats, yn(f.personal()) + " / " + yn(f.sensitive()) + " / " + yn(f.hgr()), by});
  }
  if (!d.warnings.empty()) {
    h += "</table>\n<h2>" + Bi("提示", "Warnings") + "</h2>\n<ul id=\"warnings\">\n";
    for (const DecisionWarning& w : d.warnings) {
      const char* zh = WarningTextZh(w.code);
      h += "<li><code>" + e(w.code) + "</code> " + (zh ? e(zh) : "") + "<br><span class=\"en\">" + e(w.message) +
           "</span>" + (w.pointer.empty() ? "" : " <code class=\"small\">" + e(w.pointer) + "</code>") + "</li>\n";
    }
    h += "</ul>\n<table>";
  }
  h += "</table>\n<h2>" + Bi("签名与验证", "Signature and how to verify") + "</h2>\n<p>" +
       Bi("签名算法", "Signature algorithm") + ": <b id=\"algorithm\">" + e(algorithm) + "</b><br>" +
       Bi("签名公钥标识", "Signer key id") + ": <code id=\"keyid\">" + e(keyid) + "</code><br>" +
       Bi("清单文件摘要", "Manifest SHA-256") + ": <code>" + d.manifest_sha256 + "</code></p>\n<p>" +
       Bi("请从可信渠道取得签名者公钥后验证", "Obtain the signer's public key from a source you trust, then") +
       ":</p>\n<pre><code>dxbundle verify BUNDLE.tar.gz --key signer.pub</code></pre>\n<p class=\"small\">" +
       Bi("或按 VERIFY.md 使用 sha256sum 与 openssl 验证", "or follow VERIFY.md with sha256sum and openssl, or any DSSE/in-toto verifier") +
       ".</p>\n</body>\n</html>\n";
  return h;
}

}  // namespace dxcheck
