#include "checker/rules/verdict.h"

namespace dxcheck {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kFreeFlow: return "free_flow";
    case Verdict::kContractOrCertification: return "contract_or_certification";
    case Verdict::kSecurityAssessment: return "security_assessment";
    case Verdict::kProhibited: return "prohibited";
  }
  return "?";
}

const std::vector<std::string>& VerdictNames() {
  static const std::vector<std::string> kNames = {"free_flow", "contract_or_certification",
                                                  "security_assessment", "prohibited"};
  return kNames;
}

std::optional<Verdict> ParseVerdict(const std::string& s) {
  for (size_t i = 0; i < VerdictNames().size(); ++i) {
    if (VerdictNames()[i] == s) return static_cast<Verdict>(i);
  }
  return std::nullopt;
}

int VerdictExitCode(Verdict v) { return static_cast<int>(v) * 10; }

}  // namespace dxcheck
