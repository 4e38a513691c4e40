// A decision as readable text for a terminal (`dxcheck check --format text`):
// the verdict and whether the transfer may proceed first, then what is still
// open, why (the rules in force with their evidence), and what was relieved.
#ifndef DXCHECK_EVAL_DECISION_TEXT_H_
#define DXCHECK_EVAL_DECISION_TEXT_H_

#include <string>

#include "checker/eval/decision.h"

namespace dxcheck {

// `color` adds ANSI colours (the CLI passes true only for a terminal).
std::string DecisionToText(const Decision& d, bool color);

}  // namespace dxcheck

#endif  // DXCHECK_EVAL_DECISION_TEXT_H_
