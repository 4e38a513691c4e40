#include "checker/core/check.h"

#include "checker/core/consistency.h"
#include "checker/core/data_profile.h"
#include "checker/core/manifest_loader.h"

namespace dxcheck {

Result<Decision> RunCheck(const std::string& bytes, const std::string& file,
                          const RuleSet& rules, const CheckOptions& options,
                          DiagnosticSink* sink) {
  Result<Manifest> manifest = LoadManifest(bytes, file, rules.categories(), sink);
  if (!manifest.ok()) return manifest.status();
  Result<DataProfile> profile = BuildDataProfile(*manifest, rules.categories(), rules.classifier());
  if (!profile.ok()) return profile.status();
  DiagnosticList found;
  ConsistencyOptions consistency{options.strict, rules.DeclaredZones()};
  CheckConsistency(*manifest, *profile, consistency, &found);
  for (const Diagnostic& d : found.all()) sink->Report(d);
  if (found.has_errors()) return Status::InvalidInput(file + ": inconsistent manifest");
  return Evaluate(*manifest, *profile, rules, options.evaluation, found.all());
}

}  // namespace dxcheck
