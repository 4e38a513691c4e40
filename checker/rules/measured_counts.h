// CheckMeasuredCounts: the persons `check --data` counted, against the counts
// the manifest declares (spec/data.md "Persons").
//
// Needs the classified fields (a person is sensitive when its key appears in a
// resource with a sensitive field, and content detectors can make a field
// sensitive), so it sits above the data layer's scan. Errors (exit 65): a
// resource holding a personal field without the counting-key column (E1608),
// a measured count above the declared one (E1609: the manifest under-declares
// and a filing built on it would be false). Warnings: a measured count below
// the declared one (W-FEWER-PERSONS: the thresholds keep the larger, declared
// count), personal data but no counting key to measure persons with
// (W-PERSONS-NOT-COUNTED).
#ifndef DXCHECK_RULES_MEASURED_COUNTS_H_
#define DXCHECK_RULES_MEASURED_COUNTS_H_

#include <cstdint>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/data/data_scan.h"
#include "checker/manifest/manifest.h"
#include "checker/rules/data_profile.h"

namespace dxcheck {

struct MeasuredCounts {
  bool persons_counted = false;  // a counting key or VCF samples were read
  uint64_t personal = 0, sensitive = 0, sequencing_subjects = 0;
  // The resources counted (element i: resource i): every person of `personal_mask`
  // is a person whose PI leaves, of `sensitive_mask` one whose sensitive PI
  // leaves (PersonTable::Tokens(mask) gives their tokens for the ledger).
  std::vector<bool> personal_mask, sensitive_mask;
};

// REQUIRES: `profile` was built from `m` with `scan`'s content findings.
MeasuredCounts CheckMeasuredCounts(const Manifest& m, const DataProfile& profile,
                                   const DataScan& scan, DiagnosticSink* sink);

}  // namespace dxcheck

#endif  // DXCHECK_RULES_MEASURED_COUNTS_H_
