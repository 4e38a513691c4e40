// Clearance: which obligations the manifest's `status` shows satisfied at the
// evaluation date (spec/decision.md "Clearance").
//
// Dated entries count only when filedOn / completedOn / approvedOn is on or
// before the evaluation date, or validUntil is on or after it. Any one lawful
// ground satisfies standard_contract_filing: a filed standard contract, a
// valid certification or a valid security assessment. Obligations that no
// status entry can show (list-specific ones) stay open.
#ifndef DXCHECK_CORE_CLEARANCE_H_
#define DXCHECK_CORE_CLEARANCE_H_

#include <vector>

#include "checker/core/date.h"
#include "checker/core/decision.h"
#include "checker/core/manifest.h"

namespace dxcheck {

// Sets `satisfied` and `satisfied_by` of each obligation. Warns (into
// `warnings`) about status entries that do not count at `at`, and about entries
// valid at `at` that expire before `transfer_date`.
void ApplyClearance(const ManifestStatus& status, const Date& at, const Date& transfer_date,
                    std::vector<Obligation>* obligations, std::vector<DecisionWarning>* warnings);

// The exit code of spec/decision.md for a decided verdict and obligations.
int ExitCodeFor(Verdict verdict, const std::vector<Obligation>& obligations, bool clearance);

}  // namespace dxcheck

#endif  // DXCHECK_CORE_CLEARANCE_H_
