#include "checker/categories/code_table.h"

#include <cstring>

#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

namespace dxcheck {
namespace {

// A pattern that is a plain word or phrase reads as an example as it is;
// "^u?subjid$" does not.
bool IsPlainWords(const std::string& regex) {
  if (regex.empty()) return false;
  for (char c : regex) {
    if (std::strchr("\\^$.|?*+()[]{}", c) != nullptr) return false;
  }
  return true;
}

std::string Flags(const Category& c) {
  return std::string(c.personal ? "personal" : "not personal") + (c.sensitive ? ", sensitive" : "") +
         (c.hgr ? ", HGR information" : "");
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

std::vector<std::string> CodeExamples(const Category& c, size_t max) {
  std::vector<std::string> out;
  for (const CategoryPattern& p : c.patterns) {
    if (out.size() < max && p.target == PatternTarget::kName && IsPlainWords(p.regex)) {
      out.push_back(p.regex);
    }
  }
  for (const CrosswalkLabel& l : c.crosswalk) {
    if (out.size() < max) out.push_back(std::string(LabelKindName(l.kind)) + ":" + l.label);
  }
  return out;
}

std::string CodeTableText(const CategoryList& list) {
  std::string out = "category codes of " + list.file() + " (version " + list.version() + ", " +
                    std::to_string(list.categories().size()) + " codes)\n";
  for (const Category& c : list.categories()) {
    out += c.code + "  [" + Flags(c) + "]  " + c.title_en + " (" + c.title_zh + ")\n";
    std::vector<std::string> ex = CodeExamples(c);
    if (!ex.empty()) out += "    e.g. " + Join(ex, ", ") + "\n";
  }
  out += "A code may be extended (pi.health.diagnosis keeps pi.health's defaults); a field takes "
         "every code that applies.\n";
  return out;
}

std::string CodeTableMarkdown(const CategoryList& list) {
  std::string out =
      "| code | meaning | personal | sensitive | HGR | examples |\n|---|---|---|---|---|---|\n";
  auto cell = [](std::string s) {
    std::string e;
    for (char c : s) e += c == '|' ? std::string("\\|") : std::string(1, c);
    return e;
  };
  for (const Category& c : list.categories()) {
    std::vector<std::string> ex;
    for (const std::string& e : CodeExamples(c)) ex.push_back("`" + cell(e) + "`");
    out += "| `" + c.code + "` | " + cell(c.title_en) + " (" + cell(c.title_zh) + ") | " +
           (c.personal ? "yes" : "no") + " | " + (c.sensitive ? "yes" : "no") + " | " +
           (c.hgr ? "yes" : "no") + " | " + Join(ex, ", ") + " |\n";
  }
  return out;
}

std::string CodeTableJson(const CategoryList& list) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  auto str = [&](const std::string& s) { w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); };
  w.StartObject();
  w.Key("codeListVersion");
  str(list.version());
  w.Key("sha256");
  str(list.sha256());
  w.Key("codes");
  w.StartArray();
  for (const Category& c : list.categories()) {
    w.StartObject();
    w.Key("code");
    str(c.code);
    w.Key("title");
    w.StartObject();
    w.Key("zh");
    str(c.title_zh);
    w.Key("en");
    str(c.title_en);
    w.EndObject();
    w.Key("personal");
    w.Bool(c.personal);
    w.Key("sensitive");
    w.Bool(c.sensitive);
    w.Key("hgr");
    w.Bool(c.hgr);
    w.Key("examples");
    w.StartArray();
    for (const std::string& e : CodeExamples(c)) str(e);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

}  // namespace dxcheck
