// `dxcheck lists`: what a check would load — each list's id, version, kind,
// status, rule count and digest, and the category code list.
#include <cstdio>
#include <iostream>
#include <memory>

#include "checker/categories/code_table.h"
#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/exit_status.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

namespace dxcheck {
namespace {

struct ListsArgs {
  RuleOptions rules;
  std::string format = "text";
  bool codes = false;
};

std::string AsJson(const RuleSet& rules) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("rulesDir");
  w.String(rules.dir().c_str());
  w.Key("categories");
  w.StartObject();
  w.Key("file"); w.String(rules.categories().file().c_str());
  w.Key("version"); w.String(rules.categories().version().c_str());
  w.Key("sha256"); w.String(rules.categories().sha256().c_str());
  w.Key("codes"); w.Uint64(rules.categories().categories().size());
  w.Key("patterns"); w.Uint64(rules.classifier().pattern_count());
  w.Key("crosswalkLabels"); w.Uint64(rules.crosswalk().size());
  w.EndObject();
  w.Key("lists");
  w.StartArray();
  for (const RuleList& l : rules.lists()) {
    w.StartObject();
    w.Key("id"); w.String(l.id.c_str());
    w.Key("version"); w.String(l.version.c_str());
    w.Key("kind"); w.String(ListKindName(l.kind));
    w.Key("status"); w.String(l.status.c_str());
    w.Key("title");
    w.StartObject();
    w.Key("zh"); w.String(l.title.zh.c_str());
    w.Key("en"); w.String(l.title.en.c_str());
    w.EndObject();
    w.Key("rules"); w.Uint64(l.rules.size());
    w.Key("sha256"); w.String(l.sha256.c_str());
    w.Key("file"); w.String(l.file.c_str());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

std::string AsText(const RuleSet& rules) {
  std::string out = "rules directory: " + rules.dir() + "\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-24s %-16s %-9s %-8s %5s  %-12s  %s\n", "ID", "VERSION", "KIND",
                "STATUS", "RULES", "SHA256", "TITLE");
  out += line;
  for (const RuleList& l : rules.lists()) {
    std::snprintf(line, sizeof line, "%-24s %-16s %-9s %-8s %5zu  %-12s  %s\n", l.id.c_str(),
                  l.version.c_str(), ListKindName(l.kind), l.status.c_str(), l.rules.size(),
                  l.sha256.substr(0, 12).c_str(), l.title.en.c_str());
    out += line;
  }
  out += "category codes: " + rules.categories().file() + " version " +
         rules.categories().version() + ", " +
         std::to_string(rules.categories().categories().size()) + " codes, " +
         std::to_string(rules.classifier().pattern_count()) + " patterns, " +
         std::to_string(rules.crosswalk().size()) + " crosswalk labels, sha256 " +
         rules.categories().sha256().substr(0, 12) + "\n";
  return out;
}

}  // namespace

CommandRunner RegisterLists(CLI::App* app) {
  auto args = std::make_shared<ListsArgs>();
  CLI::App* cmd = app->add_subcommand("lists", "Show the lists and category codes a check loads");
  args->rules.AddTo(cmd);
  cmd->add_option("--format", args->format,
                  "text or json (with --codes also markdown, the table of docs/manifest.md)")
      ->check(OneOf({"json", "text", "markdown"}))
      ->type_name("text|json|markdown");
  cmd->add_flag("--codes", args->codes,
                "print every category code instead: meaning, personal / sensitive / HGR defaults, "
                "examples of the fields it classifies");
  cmd->footer("Example:\n  dxcheck lists --list my-zone-list.json --format json\n"
              "  dxcheck lists --codes\n\n"
              "Exit codes: 0 listed; 64 usage; 65 invalid list or code list; 66 unreadable rules.");
  return [args]() -> int {
    int code = 0;
    std::unique_ptr<RuleSet> rules = LoadRulesOrReport(args->rules, &code);
    if (!rules) return code;
    if (args->codes) {
      const CategoryList& c = rules->categories();
      return WriteOutput("", args->format == "json"       ? CodeTableJson(c)
                             : args->format == "markdown" ? CodeTableMarkdown(c)
                                                          : CodeTableText(c));
    }
    if (args->format == "markdown") {
      std::cerr << "dxcheck: --format markdown goes with --codes\n";
      return kExitUsage;
    }
    return WriteOutput("", args->format == "json" ? AsJson(*rules) : AsText(*rules));
  };
}

}  // namespace dxcheck
