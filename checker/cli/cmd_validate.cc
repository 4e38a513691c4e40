// `dxcheck validate FILE...`: checks manifests, lists and category code lists
// without evaluating anything. What a file is, is read from its content: a
// `rules` array makes a list, a `categories` array a code list, anything else
// is read as a manifest.
#include <iostream>
#include <memory>

#include "checker/base/file_io.h"
#include "checker/base/json_parser.h"
#include "checker/base/sarif.h"
#include "checker/eval/decision.h"
#include "checker/cli/cli_common.h"
#include "checker/cli/commands.h"
#include "checker/cli/exit_status.h"
#include "checker/manifest/manifest_loader.h"
#include "checker/rules/consistency.h"
#include "checker/rules/data_profile.h"

namespace dxcheck {
namespace {

struct ValidateArgs {
  std::vector<std::string> files;
  RuleOptions rules;
  bool strict = false;
  std::string format = "text";
};

enum class FileKind { kManifest, kList, kCategoryList };

FileKind Sniff(const std::string& bytes) {
  DiagnosticList ignored;
  std::optional<JsonValue> doc = ParseJson(bytes, "", {true, 256}, &ignored);
  if (doc && doc->is_object()) {
    if (doc->Find("rules") != nullptr) return FileKind::kList;
    if (doc->Find("categories") != nullptr && doc->Find("resources") == nullptr) {
      return FileKind::kCategoryList;
    }
  }
  return FileKind::kManifest;
}

// Validates one file; returns its exit code. Text: prints its diagnostics and
// a summary line. SARIF (`all` given): appends its diagnostics to `all` and
// prints nothing on stdout.
int ValidateOne(const std::string& path, const RuleSet& rules, bool strict,
                std::vector<Diagnostic>* all) {
  Result<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) {
    std::cerr << "dxcheck: " << bytes.status().message() << "\n";
    return ExitFromStatus(bytes.status());
  }
  DiagnosticList diags;
  std::string what;
  switch (Sniff(*bytes)) {
    case FileKind::kList: {
      what = "list";
      Result<RuleList> list = LoadRuleList(*bytes, path, rules.categories(), &diags);
      if (list.ok()) what += " " + list->id + " " + list->version + ", " +
                             std::to_string(list->rules.size()) + " rules";
      break;
    }
    case FileKind::kCategoryList: {
      what = "category code list";
      Result<CategoryList> cats = CategoryList::Load(*bytes, path, &diags);
      if (cats.ok()) {
        Result<Classifier> c = Classifier::Build(*cats, path, &diags);
        if (c.ok()) what += ", " + std::to_string(cats->categories().size()) + " codes, " +
                            std::to_string(c->pattern_count()) + " patterns";
      }
      break;
    }
    case FileKind::kManifest: {
      what = "manifest";
      Result<Manifest> m = LoadManifest(*bytes, path, rules.categories(), &diags);
      if (!m.ok()) break;
      Result<DataProfile> profile = BuildDataProfile(*m, rules.categories(), rules.classifier(),
                                                        &rules.crosswalk());
      if (!profile.ok()) {
        std::cerr << "dxcheck: " << profile.status().message() << "\n";
        return ExitFromStatus(profile.status());
      }
      CheckConsistency(*m, *profile, {strict, rules.DeclaredZones(), &rules.likely_codes()}, &diags);
      what += " " + m->transfer_id + ", " + std::to_string(m->resources.size()) +
              " resource(s), " + std::to_string(profile->fields.size()) + " field(s)";
      break;
    }
  }
  if (all != nullptr) {
    all->insert(all->end(), diags.all().begin(), diags.all().end());
    return diags.has_errors() ? kExitDataErr : kExitOk;
  }
  PrintDiagnostics(diags);
  if (diags.has_errors()) {
    std::cout << path << ": invalid " << what << " (" << diags.error_count() << " error(s), "
              << diags.warning_count() << " warning(s))\n";
    return kExitDataErr;
  }
  std::cout << path << ": valid " << what
            << (diags.warning_count() ? " (" + std::to_string(diags.warning_count()) +
                                            " warning(s))"
                                      : "")
            << "\n";
  return kExitOk;
}

int RunValidate(const ValidateArgs& a) {
  int code = 0;
  std::unique_ptr<RuleSet> rules = LoadRulesOrReport(a.rules, &code);
  if (!rules) return code;
  int worst = kExitOk;
  std::vector<Diagnostic> all;
  bool sarif = a.format == "sarif";
  for (const std::string& f : a.files) {
    int c = ValidateOne(f, *rules, a.strict, sarif ? &all : nullptr);
    // An unreadable file (66) outranks an invalid one (65): both are reported.
    if (c > worst) worst = c;
  }
  if (sarif) {
    // No informationUri: the codes are documented in docs/errors.md of the
    // checkout, which has no absolute URI of its own.
    int w = WriteOutput("", DiagnosticsToSarif(all, {"dxcheck", kToolVersion, ""}));
    if (w != 0) return w;
  }
  return worst;
}

}  // namespace

CommandRunner RegisterValidate(CLI::App* app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app->add_subcommand(
      "validate", "Check manifests, lists or category code lists for errors, without evaluating");
  cmd->add_option("files", args->files, "manifests, list files or category code lists")
      ->required()
      ->type_name("FILE...");
  args->rules.AddTo(cmd);
  cmd->add_flag("--strict", args->strict,
                "unclassified fields and resources without a schema are errors");
  cmd->add_option("--format", args->format,
                  "text (one line per problem on stderr, a summary per file on stdout) or sarif "
                  "(a SARIF 2.1.0 log of every problem on stdout, for code-scanning UIs)")
      ->check(OneOf({"text", "sarif"}))
      ->type_name("text|sarif");
  cmd->footer(
      "Every problem is reported, one per line, as\n"
      "  file:line:col: error[CODE]: /json/pointer: message\n"
      "Example:\n"
      "  dxcheck validate samples/*.json rules/*.json\n"
      "  dxcheck validate --format sarif rules/*.json > dxcheck.sarif\n\n"
      "Exit codes: 0 every file valid; 65 some file invalid; 66 some file unreadable.");
  return [args] { return RunValidate(*args); };
}

}  // namespace dxcheck
