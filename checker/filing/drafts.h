// BuildDrafts: the filing drafts a checked transfer's obligations call for
// (`dxcheck forms`, docs/forms.md; regulation digest §6, filing materials).
//
//   standard_contract_filing  Annex I 个人信息出境说明 and the filing checklist
//   pi_impact_assessment      the PIPIA report's six headings (Standard
//                             Contract Measures Art. 5)
//   security_assessment       the 申报书's data-export section and the
//                             数据出境风险自评估报告 skeleton, with its checklist
//   hgr_prior_report          the HGR information provision prior report
//   ftz_filing                the zone filing summary
//
// One draft per obligation: the decision's open obligations, or every one it
// raises with `all`. The other obligations (separate consent, the HGR
// security review and material export approval, certification, a list's own)
// have no draft — the digest describes no filing material for them — and
// are named in `without_draft`. Deterministic: the same transfer gives the
// same drafts, byte for byte (the bundle reproduces them at verify).
#ifndef DXCHECK_FILING_DRAFTS_H_
#define DXCHECK_FILING_DRAFTS_H_

#include <string>
#include <vector>

#include "checker/categories/category_list.h"
#include "checker/eval/check.h"
#include "checker/filing/form.h"

namespace dxcheck {

struct DraftSet {
  std::vector<Form> forms;                 // in the decision's obligation order
  std::vector<std::string> without_draft;  // obligation ids with no draft
};

// The obligation ids that have a draft, in the order above.
const std::vector<std::string>& DraftedObligations();

// REQUIRES: `t.decision` is the decision about `t.manifest`.
DraftSet BuildDrafts(const CheckedTransfer& t, const CategoryList& categories, bool all);

// The draft's file name without extension: the obligation id
// ("standard_contract_filing"), so "<id>.json" and "<id>.html".
inline std::string DraftFileStem(const Form& f) { return f.id; }

}  // namespace dxcheck

#endif  // DXCHECK_FILING_DRAFTS_H_
