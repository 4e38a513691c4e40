// Verdicts, ordered from least to most restrictive (spec/decision.md).
#ifndef DXCHECK_RULES_VERDICT_H_
#define DXCHECK_RULES_VERDICT_H_

#include <optional>
#include <string>
#include <vector>

namespace dxcheck {

enum class Verdict {
  kFreeFlow = 0,
  kContractOrCertification = 1,
  kSecurityAssessment = 2,
  kProhibited = 3,
};

// "free_flow", "contract_or_certification", "security_assessment", "prohibited".
const char* VerdictName(Verdict v);
std::optional<Verdict> ParseVerdict(const std::string& s);
const std::vector<std::string>& VerdictNames();
// The exit code of a verdict alone: 0, 10, 20, 30.
int VerdictExitCode(Verdict v);

}  // namespace dxcheck

#endif  // DXCHECK_RULES_VERDICT_H_
