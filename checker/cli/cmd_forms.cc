// `dxcheck forms MANIFEST [--decision D] [--out DIR] [--all] [--format html|json|both]`:
// the filing drafts the decision's open obligations call for (issue 17;
// docs/forms.md), written as DIR/<obligation>.html and DIR/<obligation>.json.
// Exit 0 written (also when no open obligation calls for a draft), 64 usage,
// 65 invalid manifest or list, or a --decision that is not this manifest's,
// 66 unreadable input, 74 cannot write.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>

#include "checker/attest/dsse.h"
#include "checker/attest/statement.h"
#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/data_args.h"
#include "checker/cli/exit_status.h"
#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"
#include "checker/eval/recorded.h"
#include "checker/filing/drafts.h"
#include "checker/filing/form_html.h"
#include "rapidjson/document.h"

namespace dxcheck {
namespace {

struct FormsArgs {
  std::string manifest;
  std::string decision;
  std::string out = "forms";
  std::string format = "both";
  std::string at;
  bool all = false;
  bool no_clearance = false;
  RuleOptions rules;
  DataArgs data;
};

// The decision document of `bytes`: a decision JSON as `check` writes it, or
// the predicate of a signed envelope (check --sign). The signature is not
// checked here (dxcheck verify does that): the drafts follow the decision
// only when re-evaluating the manifest reproduces it.
std::optional<std::string> DecisionDocument(const std::string& bytes, const std::string& file) {
  if (bytes.find("\"payloadType\"") != std::string::npos) {
    DiagnosticList ignored;
    Result<DsseEnvelope> env = ParseEnvelope(bytes, file, &ignored);
    if (!env.ok()) return std::nullopt;
    Result<ParsedStatement> st = ParseStatement(env->payload, &ignored);
    if (!st.ok()) return std::nullopt;
    return st->predicate_json;
  }
  return bytes;
}

// Creates `dir` (one level) when missing; false after printing why.
bool EnsureDirectory(const std::string& dir) {
  struct stat st;
  if (lstat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return true;
    std::cerr << "dxcheck: --out " << dir << " exists and is not a directory\n";
    return false;
  }
  if (mkdir(dir.c_str(), 0755) != 0) {
    std::cerr << "dxcheck: cannot create " << dir << ": " << std::strerror(errno) << "\n";
    return false;
  }
  return true;
}

int RunForms(const FormsArgs& a) {
  if (!a.decision.empty() && (!a.at.empty() || a.no_clearance)) {
    std::cerr << "dxcheck: --decision takes the evaluation date and clearance from the decision: "
                 "no --at or --no-clearance with it\n";
    return kExitUsage;
  }
  int code = 0;
  std::unique_ptr<RuleSet> rules = LoadRulesOrReport(a.rules, &code);
  if (!rules) return code;
  std::optional<std::string> bytes = ReadFileOrReport(a.manifest, &code);
  if (!bytes) return code;
  CheckOptions options;
  std::string recorded;
  if (!a.decision.empty()) {
    std::optional<std::string> dbytes = ReadFileOrReport(a.decision, &code);
    if (!dbytes) return code;
    std::optional<std::string> doc = DecisionDocument(*dbytes, a.decision);
    Result<RecordedEvaluation> rec =
        doc ? ReadRecordedEvaluation(*doc) : Result<RecordedEvaluation>(Status::InvalidInput(""));
    if (!rec.ok()) {
      std::cerr << "dxcheck: " << a.decision << ": not a dxcheck decision (JSON from 'dxcheck check', "
                   "or its signed envelope)"
                << (rec.status().message().empty() ? "" : ": " + rec.status().message()) << "\n";
      return kExitDataErr;
    }
    options.evaluation = rec->evaluation();
    recorded = *doc;
  } else {
    std::optional<Date> at = AtOrToday(a.at);
    if (!at) return kExitUsage;
    options.evaluation.at = *at;
    options.evaluation.clearance = !a.no_clearance;
  }
  std::unique_ptr<PersonKey> person_key;
  DataOptions data;
  if (!a.data.Prepare(a.manifest, &data, &person_key, &code)) return code;
  if (a.data.given()) options.data = &data;
  DiagnosticList diags;
  Result<CheckedTransfer> t = CheckTransfer(*bytes, a.manifest, *rules, options, &diags);
  PrintDiagnostics(diags);
  if (!t.ok()) {
    if (t.status().code() != StatusCode::kInvalidInput || diags.error_count() == 0) {
      std::cerr << "dxcheck: " << t.status().message() << "\n";
    } else {
      std::cerr << "dxcheck: " << a.manifest << ": " << diags.error_count() << " error(s); no drafts made\n";
    }
    return ExitFromStatus(t.status());
  }
  if (!recorded.empty()) {
    std::string diff = FirstJsonDifference(recorded, DecisionToJson(t->decision));
    if (!diff.empty()) {
      std::cerr << "dxcheck: " << a.decision << " is not what " << a.manifest
                << " gives with these lists at the decision's date (first difference at " << diff
                << (a.data.given() ? "" : "; a decision made with --data needs --data here too")
                << "): no drafts made\n";
      return kExitDataErr;
    }
  }
  DraftSet drafts = BuildDrafts(*t, rules->categories(), a.all);
  for (const std::string& id : drafts.without_draft) {
    std::cerr << "dxcheck: note: no draft for " << id
              << " (the regulation digest's filing materials describe none)\n";
  }
  if (drafts.forms.empty()) {
    std::cerr << "dxcheck: no " << (a.all ? "" : "open ") << "obligation of this decision calls for a "
              << "filing draft; nothing written\n";
    return kExitOk;
  }
  if (!EnsureDirectory(a.out)) return kExitIoErr;
  std::vector<std::string> inputs =
      InputFiles({a.manifest, a.decision, a.data.person_key}, rules.get());
  std::string dir = a.out;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  for (const Form& f : drafts.forms) {
    const std::string stem = dir + "/" + DraftFileStem(f);
    std::vector<std::pair<std::string, std::string>> files;
    if (a.format != "html") files.emplace_back(stem + ".json", FormToJson(f));
    if (a.format != "json") files.emplace_back(stem + ".html", RenderFormHtml(f));
    for (const auto& [path, text] : files) {
      int w = WriteOutput(path, text, inputs);
      if (w != 0) return w;
      std::cout << path << "\n";
    }
    std::cerr << "dxcheck: " << f.id << ": " << CountToComplete(f) << " item(s) to be completed ("
              << kToComplete << ")\n";
  }
  return kExitOk;
}

}  // namespace

CommandRunner RegisterForms(CLI::App* app) {
  auto args = std::make_shared<FormsArgs>();
  CLI::App* cmd = app->add_subcommand(
      "forms", "Write the filing drafts the open obligations call for (standard contract Annex I and "
               "checklist, PIPIA, security assessment, HGR prior report, FTZ filing), pre-filled from "
               "the manifest");
  cmd->add_option("manifest", args->manifest, "transfer manifest (docs/manifest.md; the optional "
                                              "dxcheck.filing object fills more of the drafts)")
      ->type_name("MANIFEST");
  cmd->add_option("--decision", args->decision,
                  "draft for this decision (JSON from 'dxcheck check', or its signed envelope): it "
                  "must be what the manifest gives at its date; default: evaluate now")
      ->type_name("D");
  cmd->add_option("--out", args->out, "directory of the drafts, created if missing (default: forms)")
      ->type_name("DIR");
  cmd->add_flag("--all", args->all, "a draft for every obligation the decision raises, satisfied or not");
  cmd->add_option("--format", args->format, "html (print-ready, A4), json (for a platform's API) or both")
      ->check(OneOf({"html", "json", "both"}))
      ->type_name("html|json|both");
  cmd->add_option("--at", args->at, "evaluation date without --decision (default: today in Asia/Shanghai)")
      ->type_name("YYYY-MM-DD");
  cmd->add_flag("--no-clearance", args->no_clearance, "ignore the manifest's status, as check does");
  args->rules.AddTo(cmd);
  args->data.AddTo(cmd, /*dir_required=*/false, /*with_person_key=*/false);
  cmd->footer(
      "Every filled value names its source: a JSON pointer into the manifest, \"decision:\" and a "
      "pointer into the decision, or \"measured by --data\". What the manifest does not state is "
      "marked 待填写 (to be completed) with the key that would state it; judgments are left to "
      "people. Nothing is invented. Drafts are DIR/<obligation>.json and .html; an existing "
      "draft is replaced, an input never.\n\n"
      "Example:\n"
      "  dxcheck check transfer.json --at 2026-12-01 --out decision.json\n"
      "  dxcheck forms transfer.json --decision decision.json --out filing/\n"
      "  chromium --headless --print-to-pdf=annex.pdf filing/standard_contract_filing.html\n"
      "  dxcheck forms samples/clinical-csv/datapackage.json --data --all --at 2026-12-01 --format json\n\n"
      "Exit codes: 0 drafts written (or none called for); 64 usage; 65 invalid manifest or list, or "
      "a --decision this manifest does not reproduce; 66 unreadable file; 70 internal error; 74 "
      "cannot write the drafts.");
  return [args] {
    if (!args->data.ClaimPositional(&args->manifest, "MANIFEST")) return int{kExitUsage};
    return RunForms(*args);
  };
}

}  // namespace dxcheck
