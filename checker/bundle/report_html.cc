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

std::string Bi(const std::string& zh, const std::string& en) {
  return HtmlEscape(zh) + " <span class=\"en\">/ " + HtmlEscape(en) + "</span>";
}

}  // namespace

std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderReportHtml(const CheckedTransfer& t, const std::string& keyid) {
  const Decision& d = t.decision;
  const Manifest& m = t.manifest;
  auto e = HtmlEscape;
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
       " <span class=\"small\">(" + Bi("退出码", "exit code") + " " + std::to_string(d.exit_code) + ")</span></div>\n";
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
    auto it = ObligationText().find(o.id);
    std::string name = it != ObligationText().end() ? Bi(it->second.first, it->second.second) : e(o.id);
    h += Row({name + "<br><code>" + e(o.id) + "</code>",
              o.satisfied ? "<span class=\"done\">" + Bi("已完成", "done") + "</span>"
                          : "<span class=\"open\">" + Bi("未完成", "OPEN") + "</span>",
              e(o.satisfied_by), "<code>" + e(o.rule) + "</code><br>" + e(o.citation)});
  }
  h += "</table>\n<h2>" + Bi("适用的规则", "Rules in force") + "</h2>\n<table id=\"matches\">\n" +
       Row({Bi("规则", "Rule"), Bi("结果", "Outcome"), Bi("出处", "Citation"), Bi("证据", "Evidence")}, true);
  for (const Match& mt : d.matches) {
    std::string ev;
    for (const Evidence& x : mt.evidence) ev += "<code>" + e(x.pointer) + "</code> = " + e(x.value_json) + " (" + e(x.test) + ")<br>";
    h += Row({Bi(mt.title.zh, mt.title.en) + "<br><code>" + e(mt.list + "/" + mt.rule) + "</code>",
              e(mt.outcome ? VerdictName(*mt.outcome) : "obligations") + (mt.important_data ? " · " + Bi("重要数据", "important data") : ""),
              e(mt.citation) + " <span class=\"small\">[" + e(mt.verification) + "]</span>", ev});
  }
  if (!d.relieved.empty()) {
    h += "</table>\n<h2>" + Bi("被豁免或清单免除的规则", "Rules relieved") + "</h2>\n<table>\n" +
         Row({Bi("规则", "Rule"), Bi("免除依据", "Relieved by"), Bi("出处", "Citation")}, true);
    for (const Match& mt : d.relieved) {
      h += Row({Bi(mt.title.zh, mt.title.en) + "<br><code>" + e(mt.list + "/" + mt.rule) + "</code>", e(mt.relieved_by), e(mt.citation)});
    }
  }
  h += "</table>\n<h2>" + Bi("所用清单及摘要", "Lists used and their digests") + "</h2>\n<table>\n" +
       Row({Bi("清单", "List"), Bi("版本", "Version"), Bi("类型/状态", "Kind / status"), Bi("是否适用", "Applied"), "SHA-256"}, true);
  for (const ListRecord& l : d.lists) {
    h += Row({e(l.id), e(l.version), e(l.kind) + " / " + e(l.status), (l.applied ? Bi("是", "yes") : Bi("否", "no")) + "<br><span class=\"small\">" + e(l.reason) + "</span>", "<code>" + l.sha256 + "</code>"});
  }
  h += Row({"categories", e(d.categories_version), "code list", "", "<code>" + d.categories_sha256 + "</code>"});
  if (!d.warnings.empty()) {
    h += "</table>\n<h2>" + Bi("提示", "Warnings") + "</h2>\n<ul>\n";
    for (const DecisionWarning& w : d.warnings) h += "<li><code>" + e(w.code) + "</code> " + e(w.message) + "</li>\n";
    h += "</ul>\n<table>";
  }
  h += "</table>\n<h2>" + Bi("签名与验证", "Signature and how to verify") + "</h2>\n<p>" +
       Bi("签名公钥标识", "Signer key id") + ": <code id=\"keyid\">" + e(keyid) + "</code><br>" +
       Bi("清单文件摘要", "Manifest SHA-256") + ": <code>" + d.manifest_sha256 + "</code></p>\n<p>" +
       Bi("请从可信渠道取得签名者公钥后验证", "Obtain the signer's public key from a source you trust, then") +
       ":</p>\n<pre><code>dxbundle verify BUNDLE.tar.gz --key signer.pub</code></pre>\n<p class=\"small\">" +
       Bi("或按 VERIFY.md 使用 sha256sum 与 openssl 验证", "or follow VERIFY.md with sha256sum and openssl, or any DSSE/in-toto verifier") +
       ".</p>\n</body>\n</html>\n";
  return h;
}

}  // namespace dxcheck
