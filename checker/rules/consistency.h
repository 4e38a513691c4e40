// CheckConsistency: the cross-field checks of spec/manifest.md that need the
// fields classified first, and the manifest-level warnings.
//
// Errors (exit 65): personal data without subjects.personal, sensitive data
// without subjects.sensitive (unless anonymized), counts that contradict each
// other, HGR data without hgr.information, a countingKey naming no field, and
// under --strict an unclassified field or a resource without a schema.
// Warnings: an unclassified field, a resource without a schema, a zone no
// loaded list declares, exportsFromZone without a zone, self-identified
// important data.
#ifndef DXCHECK_RULES_CONSISTENCY_H_
#define DXCHECK_RULES_CONSISTENCY_H_

#include <set>
#include <string>

#include "checker/categories/code_suggest.h"
#include "checker/base/diagnostic.h"
#include "checker/manifest/manifest.h"
#include "checker/rules/data_profile.h"

namespace dxcheck {

struct ConsistencyOptions {
  bool strict = false;              // unclassified fields and schema-less resources are errors
  // Zones the loaded lists declare (RuleSet::DeclaredZones(), which owns
  // them and outlives the check; empty: none).
  const std::set<std::string>& known_zones;
  // The code list's index, for the codes an unclassified field likely needs
  // (none suggested when null); RuleSet::likely_codes().
  const LikelyCodeIndex* hints = nullptr;
};

// Reports to `sink` with `m.file` as the file. Returns the number of errors.
size_t CheckConsistency(const Manifest& m, const DataProfile& profile,
                        const ConsistencyOptions& options, DiagnosticSink* sink);

}  // namespace dxcheck

#endif  // DXCHECK_RULES_CONSISTENCY_H_
