#include "checker/filing/form_html.h"

#include "checker/base/printable.h"

namespace dxcheck {
namespace {

// Fonts: Noto CJK (Debian fonts-noto-cjk), Source Han, WenQuanYi (Debian
// fonts-wqy-zenhei), then the macOS and Windows system CJK fonts.
constexpr char kCss[] =
    "@page{size:A4;margin:16mm 14mm}"
    "body{font-family:'Noto Sans CJK SC','Noto Serif CJK SC','Source Han Sans SC','WenQuanYi Zen Hei',"
    "'PingFang SC','Microsoft YaHei','SimSun',sans-serif;font-size:10pt;color:#111;line-height:1.4;"
    "margin:0 auto;max-width:190mm}"
    "h1{font-size:15pt;margin:0 0 .3em}h2{font-size:11.5pt;margin:1.1em 0 .3em;border-bottom:1.5px solid #444;"
    "padding-bottom:.15em;page-break-after:avoid}"
    ".en{color:#444;font-weight:normal}.meta{font-size:8.5pt;color:#333;margin:.2em 0}"
    ".draft{border:1px solid #b00;color:#b00;padding:.3em .5em;font-size:9pt;margin:.5em 0}"
    "table{border-collapse:collapse;width:100%;page-break-inside:auto}tr{page-break-inside:avoid}"
    "th,td{border:1px solid #999;padding:.25em .4em;text-align:left;vertical-align:top}"
    "th{background:#eee;font-size:9pt}td.label{width:32%}td.src{width:24%;font-size:7.5pt;color:#444}"
    "code{font-family:'DejaVu Sans Mono',monospace;font-size:7.5pt;word-break:break-all}"
    ".todo{color:#b00;font-weight:bold}.hint{font-size:8pt;color:#555}ul{margin:0;padding-left:1.1em}"
    "footer{margin-top:1.5em;font-size:7.5pt;color:#555}";

std::string E(const std::string& s) { return HtmlEscape(s); }

std::string Bi(const FormText& t) { return E(t.zh) + " <span class=\"en\">/ " + E(t.en) + "</span>"; }

std::string ValueHtml(const FormValue& v) {
  std::string out;
  if (!v.of.empty()) out += E(v.of) + ": ";
  if (v.number) {
    out += std::to_string(*v.number);
  } else if (v.boolean) {
    out += *v.boolean ? "是 <span class=\"en\">/ yes</span>" : "否 <span class=\"en\">/ no</span>";
  } else {
    out += E(v.text);
  }
  if (!v.en.empty()) out += " <span class=\"en\">/ " + E(v.en) + "</span>";
  if (!v.code.empty()) out += " <code>" + E(v.code) + "</code>";
  return out;
}

std::string SourceHtml(const FormValue& v) { return "<code>" + E(v.source) + "</code>"; }

std::string FieldRow(const FormField& f) {
  std::string value, source;
  if (f.state == FieldState::kFilled) {
    if (!f.list) {
      value = ValueHtml(f.values[0]);
      source = SourceHtml(f.values[0]);
    } else if (f.values.empty()) {
      value = "无 <span class=\"en\">/ none</span>";
      source = "<code>" + E(f.list_source) + "</code>";
    } else {
      value = "<ul>";
      for (const FormValue& v : f.values) {
        value += "<li>" + ValueHtml(v) + "</li>";
        source += SourceHtml(v) + "<br>";
      }
      value += "</ul>";
    }
  } else {
    value = std::string("<span class=\"todo\">") + kToComplete + "</span> <span class=\"en\">/ " +
            kToCompleteEn + "</span>";
    if (f.state == FieldState::kJudgment) {
      value += "<br><span class=\"hint\">由相关人员评估填写 / a person's assessment</span>";
    } else if (!f.hint.empty()) {
      value += "<br><span class=\"hint\">manifest 未载明，可填写 / not stated; the manifest key: <code>" + E(f.hint) +
               "</code></span>";
    } else {
      value += "<br><span class=\"hint\">manifest 未载明 / not stated in the manifest</span>";
    }
  }
  return "<tr><td class=\"label\">" + Bi(f.label) + "</td><td>" + value + "</td><td class=\"src\">" + source +
         "</td></tr>\n";
}

std::string ItemRow(const ChecklistItem& c) {
  std::string state = c.state == ItemState::kProvided ? "已提供 <span class=\"en\">/ provided</span>"
                                                      : "<span class=\"todo\">待提供</span> <span class=\"en\">/ to provide</span>";
  std::string note = E(c.note);
  if (!c.source.empty()) note += " <code>" + E(c.source) + "</code>";
  return "<tr><td class=\"label\">" + Bi(c.label) + "</td><td>" + state + "</td><td class=\"src\">" + note +
         "</td></tr>\n";
}

}  // namespace

std::string RenderFormHtml(const Form& f) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>" + E(f.title.zh) + " / " + E(f.title.en) + " — " + E(f.transfer_id) + "</title>\n"
      "<style>" + kCss + "</style>\n</head>\n<body>\n"
      "<h1>" + Bi(f.title) + "</h1>\n"
      "<p class=\"meta\">传输编号 <span class=\"en\">/ Transfer</span>: <b>" + E(f.transfer_id) + "</b> · "
      "评估日期 <span class=\"en\">/ Evaluated at</span>: <b>" + E(f.evaluated_at) + "</b> · "
      "义务 <span class=\"en\">/ Obligation</span>: <code>" + E(f.id) + "</code> (" + E(f.obligation_citation) +
      "; " + E(f.obligation_rule) + ")" + (f.obligation_satisfied ? " · 已满足 <span class=\"en\">/ satisfied</span>" : "") +
      "</p>\n<p class=\"meta\">依据 <span class=\"en\">/ Basis</span>: " + E(f.basis) + "</p>\n"
      "<p class=\"draft\">草稿：由 dxcheck 根据传输描述文件（manifest）和合规决定预填，须经人工核对；标注“" + std::string(kToComplete) +
      "”的 " + std::to_string(CountToComplete(f)) + " 项须由相关人员填写或提供。<span class=\"en\">/ Draft pre-filled "
      "by dxcheck from the manifest and the decision, for review; the " + std::to_string(CountToComplete(f)) +
      " items marked " + kToCompleteEn + " are for people to complete or provide.</span></p>\n";
  for (const FormSection& s : f.sections) {
    h += "<section id=\"" + E(s.id) + "\">\n<h2>" + Bi(s.title) + "</h2>\n";
    if (!s.fields.empty()) {
      h += "<table>\n<tr><th>项目 <span class=\"en\">/ Item</span></th><th>内容 <span class=\"en\">/ Content</span></th>"
           "<th>来源 <span class=\"en\">/ Source</span></th></tr>\n";
      for (const FormField& x : s.fields) h += FieldRow(x);
      h += "</table>\n";
    }
    if (!s.checklist.empty()) {
      h += "<table>\n<tr><th>材料 <span class=\"en\">/ Material</span></th><th>状态 <span class=\"en\">/ State</span></th>"
           "<th>备注 <span class=\"en\">/ Note</span></th></tr>\n";
      for (const ChecklistItem& c : s.checklist) h += ItemRow(c);
      h += "</table>\n";
    }
    h += "</section>\n";
  }
  h += "<footer>dxcheck " + E(f.tool_version) + " · manifest sha256 <code>" + E(f.manifest_sha256) +
       "</code> · 来源：JSON 指针指向传输描述文件（manifest）；decision: 指向合规决定；measured by --data 为数据文件实测 "
       "<span class=\"en\">/ Sources: JSON pointers into the manifest; decision: into the decision; "
       "“measured by --data” counted in the data files</span></footer>\n</body>\n</html>\n";
  return h;
}

}  // namespace dxcheck
