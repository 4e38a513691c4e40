// `dxcheck diff OLD_LIST NEW_LIST [--manifests DIR]`: what a new version of a
// list changes — rules added, removed and changed (predicate node by node,
// outcome, citation) — and, given a folder of manifests, which decisions change
// and how. Exit 0 when nothing differs, 1 when something does (like diff(1)).
#include <algorithm>
#include <iostream>
#include <memory>
#include <set>

#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/exit_status.h"
#include "checker/core/check.h"
#include "checker/core/file_io.h"
#include "checker/core/list_diff.h"

namespace dxcheck {
namespace {

struct DiffArgs {
  std::string before, after;
  RuleOptions rules;
  std::string manifests;
  std::string at;
};

const RuleList* FindList(const RuleSet& rs, const std::string& file) {
  for (const RuleList& l : rs.lists()) {
    if (l.file == file) return &l;
  }
  return nullptr;
}

struct Summary {
  std::string verdict;
  int exit_code = 0;
  std::set<std::string> open, fired;
};

Summary Summarise(const Decision& d) {
  Summary s{VerdictName(d.verdict), d.exit_code, {}, {}};
  for (const Obligation& o : d.obligations) {
    if (!o.satisfied) s.open.insert(o.id);
  }
  for (const Match& m : d.matches) s.fired.insert(m.list + "/" + m.rule);
  return s;
}

std::string SetDelta(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::string out;
  for (const std::string& x : b) {
    if (!a.count(x)) out += " +" + x;
  }
  for (const std::string& x : a) {
    if (!b.count(x)) out += " -" + x;
  }
  return out;
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
  std::string out = "list " + old_list->id + " " + old_list->version + " (" + a.before + ") -> " +
                    new_list->id + " " + new_list->version + " (" + a.after + ")\n";
  if (old_list->id != new_list->id) {
    out += "  note: the ids differ; each replaced its own list in the decisions below\n";
  }
  for (const Change& c : d.metadata) out += "  ~ " + c.what + ": " + c.before + "  ->  " + c.after + "\n";
  for (const std::string& r : d.removed) out += "  - rule " + r + "\n";
  for (const std::string& r : d.added) {
    const Rule* rule = new_list->FindRule(r);
    out += "  + rule " + r + ": " + rule->title.en + " (" + rule->citation + ")\n";
  }
  for (const RuleChange& rc : d.changed) {
    out += "  ~ rule " + rc.rule + "\n";
    for (const Change& c : rc.changes) {
      out += "      " + c.what + ": " + c.before + "  ->  " + c.after + "\n";
    }
  }
  if (d.empty()) out += "  no rule or metadata changes\n";
  bool decisions_differ = false;
  if (!a.manifests.empty()) {
    Result<std::vector<std::string>> files = ListJsonFiles(a.manifests);
    if (!files.ok()) {
      std::cerr << "dxcheck: " << files.status().message() << "\n";
      return ExitFromStatus(files.status());
    }
    out += "\ndecisions at " + at->ToString() + " (" + std::to_string(files->size()) + " file(s) in " +
           a.manifests + "):\n";
    CheckOptions o;
    o.evaluation.at = *at;
    size_t unchanged = 0;
    for (const std::string& f : *files) {
      std::optional<std::string> bytes = ReadFileOrReport(f, &code);
      if (!bytes) return code;
      DiagnosticList ignored;
      Result<Decision> x = RunCheck(*bytes, f, *before, o, &ignored);
      Result<Decision> y = RunCheck(*bytes, f, *after, o, &ignored);
      if (!x.ok() || !y.ok()) {
        out += "  skipped " + f + ": not a valid manifest\n";
        continue;
      }
      Summary sx = Summarise(*x), sy = Summarise(*y);
      if (sx.verdict == sy.verdict && sx.exit_code == sy.exit_code && sx.open == sy.open &&
          sx.fired == sy.fired) {
        ++unchanged;
        continue;
      }
      decisions_differ = true;
      out += "  " + f + ": " + sx.verdict + " (exit " + std::to_string(sx.exit_code) + ")  ->  " +
             sy.verdict + " (exit " + std::to_string(sy.exit_code) + ")\n";
      std::string rules = SetDelta(sx.fired, sy.fired), open = SetDelta(sx.open, sy.open);
      if (!rules.empty()) out += "      rules in force:" + rules + "\n";
      if (!open.empty()) out += "      open obligations:" + open + "\n";
    }
    out += "  unchanged: " + std::to_string(unchanged) + "\n";
  }
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
  cmd->footer(
      "Each version replaces the loaded list with its id (as --list does).\n"
      "Example:\n"
      "  dxcheck diff rules/bj-ftz-2024-pharma.json bj-ftz-2025.json --manifests samples/ --at 2026-12-01\n\n"
      "Exit codes: 0 no difference; 1 differences; 64 usage; 65 invalid list; 66 unreadable file.");
  return [args] { return RunDiff(*args); };
}

}  // namespace dxcheck
