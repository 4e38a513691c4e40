#include "checker/eval/check.h"

#include "checker/manifest/manifest_loader.h"
#include "checker/rules/consistency.h"
#include "checker/rules/data_profile.h"

namespace dxcheck {
namespace {

bool InForce(const RuleList& l, const Date& at) {
  return !(at < l.effective_from) && !(l.effective_until && *l.effective_until < at);
}

// The national rules always apply: a rule set without a baseline list in
// force at `at` (none loaded, or `at` outside every baseline's dates) cannot
// decide anything, and deciding anyway would let every transfer through.
Status RequireBaselineInForce(const RuleSet& rules, const Date& at, DiagnosticSink* sink) {
  std::string seen;
  for (const RuleList& l : rules.lists()) {
    if (l.kind != ListKind::kBaseline) continue;
    if (InForce(l, at)) return Status::Ok();
    seen += std::string(seen.empty() ? "" : "; ") + l.id + " " + l.version + " is in force from " +
            l.effective_from.ToString() +
            (l.effective_until ? " until " + l.effective_until->ToString() : "");
  }
  Diagnostic d;
  d.code = "E1313";
  d.file = rules.dir();
  d.message = seen.empty()
                  ? "no baseline list is loaded (kind \"baseline\": the national rules); they "
                    "always apply, so no decision can be made without them"
                  : "no baseline list is in force on " + at.ToString() + " (" + seen +
                        "); the national rules always apply, so no decision can be made";
  sink->Report(d);
  return Status::InvalidInput(d.message);
}

}  // namespace

Result<CheckedTransfer> PrepareTransfer(const std::string& bytes, const std::string& file,
                                        const RuleSet& rules, const CheckOptions& options,
                                        DiagnosticSink* sink) {
  Result<Manifest> manifest = LoadManifest(bytes, file, rules.categories(), sink);
  if (!manifest.ok()) return manifest.status();
  CheckedTransfer t{std::move(manifest).value(), {}, {}, {}};
  Result<DataProfile> profile = BuildDataProfile(t.manifest, rules.categories(), rules.classifier(),
                                                     &rules.crosswalk());
  if (!profile.ok()) return profile.status();
  t.profile = std::move(profile).value();
  DiagnosticList found;
  ConsistencyOptions consistency{options.strict, rules.DeclaredZones(), &rules.categories()};
  CheckConsistency(t.manifest, t.profile, consistency, &found);
  for (const Diagnostic& d : found.all()) sink->Report(d);
  if (found.has_errors()) return Status::InvalidInput(file + ": inconsistent manifest");
  Status baseline = RequireBaselineInForce(rules, options.evaluation.at, sink);
  if (!baseline.ok()) return baseline;
  t.warnings = found.all();
  return t;
}

void DecideTransfer(const RuleSet& rules, const CheckOptions& options, CheckedTransfer* t) {
  t->decision = Evaluate(t->manifest, t->profile, rules, options.evaluation, t->warnings);
}

Result<CheckedTransfer> CheckTransfer(const std::string& bytes, const std::string& file,
                                      const RuleSet& rules, const CheckOptions& options,
                                      DiagnosticSink* sink) {
  Result<CheckedTransfer> t = PrepareTransfer(bytes, file, rules, options, sink);
  if (!t.ok()) return t;
  DecideTransfer(rules, options, &*t);
  return t;
}

Result<Decision> RunCheck(const std::string& bytes, const std::string& file,
                          const RuleSet& rules, const CheckOptions& options,
                          DiagnosticSink* sink) {
  Result<CheckedTransfer> t = CheckTransfer(bytes, file, rules, options, sink);
  if (!t.ok()) return t.status();
  return std::move(t).value().decision;
}

}  // namespace dxcheck
