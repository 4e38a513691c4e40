#include "checker/eval/check.h"

#include "checker/manifest/manifest_loader.h"
#include "checker/rules/consistency.h"
#include "checker/rules/data_profile.h"

namespace dxcheck {

Result<CheckedTransfer> CheckTransfer(const std::string& bytes, const std::string& file,
                                      const RuleSet& rules, const CheckOptions& options,
                                      DiagnosticSink* sink) {
  Result<Manifest> manifest = LoadManifest(bytes, file, rules.categories(), sink);
  if (!manifest.ok()) return manifest.status();
  CheckedTransfer t{std::move(manifest).value(), {}, {}};
  Result<DataProfile> profile = BuildDataProfile(t.manifest, rules.categories(), rules.classifier(),
                                                     &rules.crosswalk());
  if (!profile.ok()) return profile.status();
  t.profile = std::move(profile).value();
  DiagnosticList found;
  ConsistencyOptions consistency{options.strict, rules.DeclaredZones()};
  CheckConsistency(t.manifest, t.profile, consistency, &found);
  for (const Diagnostic& d : found.all()) sink->Report(d);
  if (found.omitted() > 0) sink->ReportOmitted(found.omitted_errors(), found.omitted_warnings());
  if (found.has_errors()) return Status::InvalidInput(file + ": inconsistent manifest");
  t.decision = Evaluate(t.manifest, t.profile, rules, options.evaluation, found.all());
  t.decision.warnings_omitted = found.omitted_warnings();
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
