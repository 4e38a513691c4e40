// `dxcheck diff OLD_LIST NEW_LIST [--manifests DIR]`: what a new version of a
// list changes — rules added, removed and changed (predicate node by node,
// outcome, citation) — and, given a folder of manifests, which decisions change
// and how. Exit 0 when nothing differs, 1 when something does (like diff(1)).
#include <algorithm>
#include <iostream>
#include <memory>

#include "checker/authoring/list_diff.h"
#include "checker/base/file_io.h"
#include "checker/base/json_value.h"
#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/exit_status.h"
#include "checker/eval/check.h"

namespace dxcheck {
namespace {

struct DiffArgs {
  std::string before, after;
  RuleOptions rules;
  std::string manifests;
  std::string at;
  std::string format = "text";
};

const RuleList* FindList(const RuleSet& rs, const std::string& file) {
  for (const RuleList& l : rs.lists()) {
    if (l.file == file) return &l;
  }
  return nullptr;
}

std::string Join(const std::vector<std::string>& v, const char* sign) {
  std::string out;
  for (const std::string& x : v) out += std::string(" ") + sign + x;
  return out;
}

std::string JsonStrings(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + JsonQuote(v[i]);
  return out + "]";
}

struct FileDelta {
  std::string file;
  bool skipped = false;
  DecisionDelta delta;
};

std::string AsText(const RuleList& o, const RuleList& n, const DiffArgs& a, const ListDiff& d,
                   const std::vector<FileDelta>& files, const std::string& at) {
  std::string out = "list " + o.id + " " + o.version + " (" + a.before + ") -> " + n.id + " " + n.version +
                    " (" + a.after + ")\n";
  if (o.id != n.id) out += "  note: the ids differ; each replaced its own list in the decisions below\n";
  for (const Change& c : d.metadata) out += "  ~ " + c.what + ": " + c.before + "  ->  " + c.after + "\n";
  for (const std::string& r : d.removed) out += "  - rule " + r + "\n";
  for (const std::string& r : d.added) {
    const Rule* rule = n.FindRule(r);
    out += "  + rule " + r + ": " + rule->title.en + " (" + rule->citation + ")\n";
  }
  for (const RuleChange& rc : d.changed) {
    out += "  ~ rule " + rc.rule + "\n";
    for (const Change& c : rc.changes) out += "      " + c.what + ": " + c.before + "  ->  " + c.after + "\n";
  }
  if (d.empty()) out += "  no rule or metadata changes\n";
  if (a.manifests.empty()) return out;
  out += "\ndecisions at " + at + " (" + std::to_string(files.size()) + " file(s) in " + a.manifests + "):\n";
  size_t unchanged = 0;
  for (const FileDelta& f : files) {
    if (f.skipped) {
      out += "  skipped " + f.file + ": not a valid manifest\n";
      continue;
    }
    if (!f.delta.changed()) {
      ++unchanged;
      continue;
    }
    const DecisionDelta& x = f.delta;
    out += "  " + f.file + ": " + x.verdict_before + " (exit " + std::to_string(x.exit_before) + ")  ->  " +
           x.verdict_after + " (exit " + std::to_string(x.exit_after) + ")\n";
    if (!x.rules_added.empty() || !x.rules_removed.empty()) {
      out += "      rules in force:" + Join(x.rules_added, "+") + Join(x.rules_removed, "-") + "\n";
    }
    if (!x.open_added.empty() || !x.open_removed.empty()) {
      out += "      open obligations:" + Join(x.open_added, "+") + Join(x.open_removed, "-") + "\n";
    }
  }
  return out + "  unchanged: " + std::to_string(unchanged) + "\n";
}

std::string AsJson(const RuleList& o, const RuleList& n, const ListDiff& d, const std::vector<FileDelta>& files) {
  auto changes = [](const std::vector<Change>& cs) {
    std::string out = "[";
    for (size_t i = 0; i < cs.size(); ++i) {
      out += std::string(i ? ", " : "") + "{\"what\": " + JsonQuote(cs[i].what) + ", \"before\": " +
             JsonQuote(cs[i].before) + ", \"after\": " + JsonQuote(cs[i].after) + "}";
    }
    return out + "]";
  };
  std::string out = "{\n  \"before\": {\"id\": " + JsonQuote(o.id) + ", \"version\": " + JsonQuote(o.version) +
                    ", \"sha256\": " + JsonQuote(o.sha256) + "},\n  \"after\": {\"id\": " + JsonQuote(n.id) +
                    ", \"version\": " + JsonQuote(n.version) + ", \"sha256\": " + JsonQuote(n.sha256) +
                    "},\n  \"metadata\": " + changes(d.metadata) + ",\n  \"rulesAdded\": " + JsonStrings(d.added) +
                    ",\n  \"rulesRemoved\": " + JsonStrings(d.removed) + ",\n  \"rulesChanged\": [";
  for (size_t i = 0; i < d.changed.size(); ++i) {
    out += std::string(i ? "," : "") + "\n    {\"rule\": " + JsonQuote(d.changed[i].rule) + ", \"changes\": " +
           changes(d.changed[i].changes) + "}";
  }
  out += "],\n  \"decisions\": [";
  bool first = true;
  for (const FileDelta& f : files) {
    if (f.skipped || !f.delta.changed()) continue;
    const DecisionDelta& x = f.delta;
    out += std::string(first ? "" : ",") + "\n    {\"file\": " + JsonQuote(f.file) + ", \"verdict\": [" +
           JsonQuote(x.verdict_before) + ", " + JsonQuote(x.verdict_after) + "], \"exitCode\": [" +
           std::to_string(x.exit_before) + ", " + std::to_string(x.exit_after) + "], \"rulesAdded\": " +
           JsonStrings(x.rules_added) + ", \"rulesRemoved\": " + JsonStrings(x.rules_removed) +
           ", \"openAdded\": " + JsonStrings(x.open_added) + ", \"openRemoved\": " + JsonStrings(x.open_removed) + "}";
    first = false;
  }
  return out + "]\n}\n";
}

int RunDiff(const DiffArgs& a) {
  std::optional<Date> at = AtOrToday(a.at);
  if (!at) return kExitUsage;
  int code = 0;
  RuleOptions before_opts = a.rules, after_opts = a.rules;
  before_opts.lists.push_back(a.before);
  after_opts.lists.push_back(a.after);
  std::unique_ptr<RuleSet> before = LoadRulesOrReport(before_opts, &code);
  if (!before) return code;
  std::unique_ptr<RuleSet> after = LoadRulesOrReport(after_opts, &code);
  if (!after) return code;
  const RuleList* old_list = FindList(*before, a.before);
  const RuleList* new_list = FindList(*after, a.after);
  if (old_list == nullptr || new_list == nullptr) {
    std::cerr << "dxcheck: internal error: the compared lists were not loaded\n";
    return kExitSoftware;
  }
  ListDiff d = DiffLists(*old_list, *new_list);
  std::vector<FileDelta> deltas;
  bool decisions_differ = false;
  if (!a.manifests.empty()) {
    Result<std::vector<std::string>> files = ListJsonFiles(a.manifests);
    if (!files.ok()) {
      std::cerr << "dxcheck: " << files.status().message() << "\n";
      return ExitFromStatus(files.status());
    }
    CheckOptions o;
    o.evaluation.at = *at;
    for (const std::string& f : *files) {
      std::optional<std::string> bytes = ReadFileOrReport(f, &code);
      if (!bytes) return code;
      DiagnosticList ignored;
      Result<Decision> x = RunCheck(*bytes, f, *before, o, &ignored);
      Result<Decision> y = RunCheck(*bytes, f, *after, o, &ignored);
      FileDelta fd{f, !x.ok() || !y.ok(), {}};
      if (!fd.skipped) fd.delta = DiffDecisions(*x, *y);
      decisions_differ = decisions_differ || fd.delta.changed();
      deltas.push_back(std::move(fd));
    }
  }
  std::string out = a.format == "json" ? AsJson(*old_list, *new_list, d, deltas)
                                       : AsText(*old_list, *new_list, a, d, deltas, at->ToString());
  int w = WriteOutput("", out);
  if (w != 0) return w;
  return d.empty() && !decisions_differ ? kExitOk : kExitInvalid;
}

}  // namespace

CommandRunner RegisterDiff(CLI::App* app) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd = app->add_subcommand(
      "diff", "What a new version of a list changes: rules added, removed, changed, and which "
              "decisions change");
  cmd->add_option("old", args->before, "the list as it was")->required()->type_name("OLD_LIST");
  cmd->add_option("new", args->after, "the list as it will be")->required()->type_name("NEW_LIST");
  args->rules.AddTo(cmd);
  cmd->add_option("--manifests", args->manifests, "re-check every *.json manifest of DIR with both "
                                                  "versions and report the decisions that change")
      ->type_name("DIR");
  cmd->add_option("--at", args->at, "evaluation date for --manifests (default: today, Asia/Shanghai)")
      ->type_name("YYYY-MM-DD");
  cmd->add_option("--format", args->format, "text or json")
      ->check(OneOf({"json", "text"}))
      ->type_name("text|json");
  cmd->footer(
      "Each version replaces the loaded list with its id (as --list does).\n"
      "Example:\n"
      "  dxcheck diff rules/bj-ftz-2024-pharma.json bj-ftz-2025.json --manifests samples/ --at 2026-12-01\n\n"
      "Exit codes: 0 no difference; 1 differences; 64 usage; 65 invalid list; 66 unreadable file.");
  return [args] { return RunDiff(*args); };
}

}  // namespace dxcheck
