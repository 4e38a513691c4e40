// Clearance: which obligations the manifest's `status` shows satisfied at the
// evaluation date (spec/decision.md "Clearance").
//
// Dated entries count only when they hold both at the evaluation date and on
// the transfer date: filedOn / completedOn / approvedOn on or before each,
// validUntil on or after each. Any one lawful
// ground satisfies standard_contract_filing: a filed standard contract, a
// valid certification or a valid security assessment. Obligations that no
// status entry can show (list-specific ones) stay open.
#ifndef DXCHECK_EVAL_CLEARANCE_H_
#define DXCHECK_EVAL_CLEARANCE_H_

#include <vector>

#include "checker/base/date.h"
#include "checker/eval/decision.h"
#include "checker/manifest/manifest.h"

namespace dxcheck {

// Sets `satisfied` and `satisfied_by` of each obligation. Warns (into
// `warnings`, their texts into `texts`) about status entries that do not
// count at `at` (W-STATUS-NOT-VALID), and about entries valid at `at` that do not hold on
// `transfer_date` (W-EXPIRES-BEFORE-TRANSFER, W-STATUS-AFTER-TRANSFER); such
// entries satisfy nothing.
void ApplyClearance(const ManifestStatus& status, const Date& at, const Date& transfer_date,
                    std::vector<Obligation>* obligations, TextStore* texts,
                    std::vector<DecisionWarning>* warnings);

// The exit code of spec/decision.md for a decided verdict and obligations.
int ExitCodeFor(Verdict verdict, const std::vector<Obligation>& obligations, bool clearance);

}  // namespace dxcheck

#endif  // DXCHECK_EVAL_CLEARANCE_H_
