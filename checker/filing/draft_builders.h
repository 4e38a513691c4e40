// The builders behind BuildDrafts (drafts.h), one per draft, and the parts
// every draft shares. Internal to checker/filing.
#ifndef DXCHECK_FILING_DRAFT_BUILDERS_H_
#define DXCHECK_FILING_DRAFT_BUILDERS_H_

#include "checker/eval/decision.h"
#include "checker/filing/form.h"
#include "checker/filing/transfer_facts.h"

namespace dxcheck {

// drafts.cc: a draft's header (title, basis, obligation, transfer) and
// its first section, the exporter and the recipients (names, USCC, the
// filing's names, each recipient's address and contact).
Form StartDraft(const TransferFacts& f, const Obligation& o, FormText title, std::string basis);
FormSection PartiesSection(const TransferFacts& f);
// The persons counts: declared (subjects.personal / .sensitive) and, when
// check --data counted them, measured.
void AddPersonCounts(const TransferFacts& f, bool sensitive_too, FormSection* s);
// The obligation of `id` in the decision, or nullptr.
const Obligation* FindObligation(const Decision& d, const std::string& id);

// draft_contract.cc
Form StandardContractDraft(const TransferFacts& f, const Obligation& o);
Form PiImpactAssessmentDraft(const TransferFacts& f, const Obligation& o);
// draft_assessment.cc
Form SecurityAssessmentDraft(const TransferFacts& f, const Obligation& o);
// draft_hgr_ftz.cc
Form HgrPriorReportDraft(const TransferFacts& f, const Obligation& o);
Form FtzFilingDraft(const TransferFacts& f, const Obligation& o);

}  // namespace dxcheck

#endif  // DXCHECK_FILING_DRAFT_BUILDERS_H_
